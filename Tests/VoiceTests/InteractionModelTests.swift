// InteractionModelTests: the skill's interaction model (skill-package/) is one a real skill could ship, and it
// names exactly the intents and slots the service understands.
import Foundation
import Testing
import Voice

@Suite struct InteractionModelTests {
    struct Model: Decodable {
        struct Root: Decodable {
            let languageModel: LanguageModel
            let dialog: Dialog?
            let prompts: [Prompt]?
        }
        struct LanguageModel: Decodable {
            let invocationName: String
            let intents: [Intent]
            let types: [SlotType]?
        }
        struct Intent: Decodable {
            let name: String
            let slots: [Slot]?
            let samples: [String]
        }
        struct Slot: Decodable {
            let name: String
            let type: String
        }
        struct SlotType: Decodable { let name: String }
        struct Dialog: Decodable {
            struct DialogIntent: Decodable {
                let name: String
                let prompts: [String: String]?
                let slots: [DialogSlot]
            }
            struct DialogSlot: Decodable {
                let name: String
                let prompts: [String: String]?
            }
            let intents: [DialogIntent]
        }
        struct Prompt: Decodable { let id: String }
        let interactionModel: Root
    }

    static func load() throws -> Model {
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "skill-package/interactionModels/custom/en-US.json")
        return try JSONDecoder().decode(Model.self, from: Data(contentsOf: url))
    }

    @Test func everyIntentOfTheServiceIsInTheModelWithItsSlots() throws {
        let model = try Self.load().interactionModel.languageModel
        let byName = Dictionary(uniqueKeysWithValues: model.intents.map { ($0.name, $0) })
        for name in IntentName.allCases {
            #expect(byName[name.rawValue] != nil, "\(name.rawValue) is missing from the model")
        }
        let expectedSlots: [IntentName: Set<String>] = [
            .getEvents: ["date", "time"], .nextEvent: [], .addEvent: ["title", "date", "time", "duration"],
            .moveEvent: ["title", "date", "time", "newDate", "newTime"], .cancelEvent: ["title", "date", "time"],
        ]
        for (intent, slots) in expectedSlots {
            #expect(Set(byName[intent.rawValue]?.slots?.map(\.name) ?? []) == slots, "\(intent.rawValue)")
        }
        // Every model intent is one the service handles (NavigateHome is required of skills; it ends the session).
        for intent in model.intents {
            #expect(IntentName(rawValue: intent.name) != nil || intent.name == "AMAZON.NavigateHomeIntent", "\(intent.name)")
        }
        #expect(model.invocationName == model.invocationName.lowercased() && model.invocationName.split(separator: " ").count >= 2)
    }

    @Test func samplesOnlyUseDeclaredSlotsNeverTwoInARowAndNoneIsShared() throws {
        let model = try Self.load().interactionModel.languageModel
        let customTypes = Set((model.types ?? []).map(\.name))
        var owner: [String: String] = [:]
        for intent in model.intents {
            let declared = Set((intent.slots ?? []).map(\.name))
            for slot in intent.slots ?? [] {
                #expect(slot.type.hasPrefix("AMAZON.") || customTypes.contains(slot.type), "\(intent.name).\(slot.name): \(slot.type)")
            }
            if !intent.name.hasPrefix("AMAZON.") { #expect(intent.samples.count >= 5, "\(intent.name) needs sample utterances") }
            for sample in intent.samples {
                for match in sample.matches(of: /\{([A-Za-z]+)\}/) {
                    #expect(declared.contains(String(match.1)), "\(intent.name): '\(sample)' uses an undeclared slot")
                }
                #expect(sample.firstMatch(of: /\}\s*\{/) == nil, "\(intent.name): '\(sample)' has two slots in a row")
                #expect(sample == sample.trimmingCharacters(in: .whitespaces) && !sample.contains("  "))
                let key = sample.lowercased()
                #expect(owner[key] == nil, "'\(sample)' is in both \(owner[key] ?? "") and \(intent.name)")
                owner[key] = intent.name
            }
        }
    }

    @Test func theDialogsPromptsExist() throws {
        let root = try Self.load().interactionModel
        let prompts = Set((root.prompts ?? []).map(\.id))
        for intent in root.dialog?.intents ?? [] {
            for id in (intent.prompts ?? [:]).values { #expect(prompts.contains(id), "\(intent.name): \(id)") }
            for slot in intent.slots {
                for id in (slot.prompts ?? [:]).values { #expect(prompts.contains(id), "\(intent.name).\(slot.name): \(id)") }
            }
        }
        #expect(root.dialog?.intents.contains { $0.name == IntentName.addEvent.rawValue } == true)
    }
}
