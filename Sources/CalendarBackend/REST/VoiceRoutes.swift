// VoiceRoutes: REST v1 `POST /v1/organizations/{orgId}/voice`: a voice turn as plain JSON.
import Foundation
import HTTPServer
import TextSupport
import Voice

/// Decoding and rendering around ``VoiceService`` for clients that are not Alexa (test rigs, other services).
enum VoiceRoutes {
    struct TurnBody: Decodable {
        let userId: String?
        let utterance: String?
        let sessionId: String?
        let timeZone: String?
    }

    struct IntentBody: Encodable {
        let name: String
        let slots: [String: String]
    }

    struct CardBody: Encodable {
        let title: String
        let text: String
    }

    /// What the dialog asks back: `ElicitSlot` with the slot, or `ConfirmIntent`.
    struct DialogBody: Encodable {
        let type: String
        let slot: String?
    }

    struct AnswerBody: Encodable {
        let speech: String
        let ssml: String
        let reprompt: String?
        let card: CardBody?
        let shouldEndSession: Bool
        let sessionId: String
        let intent: IntentBody?
        let dialog: DialogBody?
        let events: [VoiceEventView]
    }

    /// The longest utterance taken, in characters (a spoken request is a sentence).
    static let maxUtterance = 1000

    static func register(on organization: RouteGroup<OrganizationAccess>, voice: VoiceService) {
        organization.post("/voice") { request, access in
            let body = try request.decode(TurnBody.self)
            guard let user = body.userId?.trimmingWhitespace(), !user.isEmpty else {
                throw ServiceError.invalidInput("userId", "missing required field 'userId' (a user id or the user's e-mail)")
            }
            guard let utterance = body.utterance, !utterance.trimmingWhitespaceAndNewlines().isEmpty else {
                throw ServiceError.invalidInput("utterance", "missing required field 'utterance' (what the user said)")
            }
            guard utterance.count <= maxUtterance else {
                throw ServiceError.invalidInput("utterance", "field 'utterance' is longer than \(maxUtterance) characters")
            }
            let sessionID = try body.sessionId.map(validatedSessionID)
            let timeZone = try body.timeZone.map { try TimeZoneName($0) }
            let answer = try await voice.answer(VoiceRequest(organizationID: access.organizationID, speaker: .user(user),
                                                             input: .utterance(utterance), sessionID: sessionID, timeZone: timeZone))
            return .json(encoded: json(of: render(answer)))
        }
    }

    /// The answer as `HTTPResponse.json` would encode it, written without JSONEncoder (see `JSONWriter`); the keys of
    /// every object in sorted order, and absent optionals left out as a synthesized `Encodable` leaves them out.
    static func json(of answer: AnswerBody) -> [UInt8] {
        var json = JSONWriter(capacity: 2048)
        json.object { json in
            if let card = answer.card {
                json.field("card") { json in
                    json.object {
                        $0.field("text") { $0.string(card.text) }
                        $0.field("title") { $0.string(card.title) }
                    }
                }
            }
            if let dialog = answer.dialog {
                json.field("dialog") { json in
                    json.object { json in
                        if let slot = dialog.slot { json.field("slot") { $0.string(slot) } }
                        json.field("type") { $0.string(dialog.type) }
                    }
                }
            }
            json.field("events") { json in
                json.array { json in
                    for event in answer.events {
                        json.element { write(event, to: &$0) }
                    }
                }
            }
            if let intent = answer.intent {
                json.field("intent") { json in
                    json.object { json in
                        json.field("name") { $0.string(intent.name) }
                        json.field("slots") { json in
                            json.object { json in
                                for (name, value) in intent.slots.sorted(by: { $0.key < $1.key }) {
                                    json.field(name) { $0.string(value) }
                                }
                            }
                        }
                    }
                }
            }
            if let reprompt = answer.reprompt { json.field("reprompt") { $0.string(reprompt) } }
            json.field("sessionId") { $0.string(answer.sessionId) }
            json.field("shouldEndSession") { $0.bool(answer.shouldEndSession) }
            json.field("speech") { $0.string(answer.speech) }
            json.field("ssml") { $0.string(answer.ssml) }
        }
        return json.bytes
    }

    /// One event as ``VoiceEventView/encode(to:)`` writes it: every key, `null` where there is no value.
    private static func write(_ event: VoiceEventView, to json: inout JSONWriter) {
        json.object { json in
            json.field("end") { $0.instant(secondsSince1970: Int(event.end.timeIntervalSince1970.rounded(.down))) }
            json.field("id") { $0.string(event.id) }
            json.field("isAllDay") { $0.bool(event.isAllDay) }
            json.field("location") { $0.string(event.location) }
            json.field("organizer") { $0.string(event.organizer) }
            json.field("start") { $0.instant(secondsSince1970: Int(event.start.timeIntervalSince1970.rounded(.down))) }
            json.field("subject") { $0.string(event.subject) }
        }
    }

    /// A session id a client may hand back: 1–200 visible ASCII characters (ours are `vs_…`).
    static func validatedSessionID(_ raw: String) throws -> String {
        guard !raw.isEmpty, raw.utf8.count <= 200, raw.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ServiceError.invalidInput("sessionId", "field 'sessionId' must be 1 to 200 visible ASCII characters, as a previous answer returned it")
        }
        return raw
    }

    static func render(_ answer: VoiceAnswer) -> AnswerBody {
        let speech = answer.speech ?? Speech(plain: "")
        let dialog: DialogBody? = switch answer.question {
        case .slot(let slot): DialogBody(type: "ElicitSlot", slot: slot)
        case .confirmation: DialogBody(type: "ConfirmIntent", slot: nil)
        case .open, nil: nil
        }
        return AnswerBody(
            speech: speech.plain, ssml: speech.ssml, reprompt: answer.reprompt,
            card: speech.cardTitle.map { CardBody(title: $0, text: speech.cardText ?? "") },
            shouldEndSession: answer.shouldEndSession, sessionId: answer.sessionID,
            intent: answer.intent.map { IntentBody(name: $0.name.rawValue, slots: SlotValues.slots(of: $0)) },
            dialog: dialog, events: answer.events)
    }
}
