// DialogState: what a session remembers between turns: the intent being completed, the question asked, the event.
import Foundation
import Voice

/// Stored as JSON in the session row (``VoiceSessionStore``). Intents are kept as ASK slot values
/// (``SlotValues/slots(of:)``), so a stored dialog reads the same in any process.
struct DialogState: Codable, Equatable {
    /// The intent's name and slots as ASK values.
    var intent: String
    var slots: [String: String]
    /// The ``ExpectedAnswer`` asked for; nil: an open question ("What would you like to do?").
    var expecting: String?
    /// The event a move or cancel is about to change (waiting for "yes").
    var target: VoiceEvent?
    /// Where the event goes (a move waiting for "yes").
    var newStart: Date?
    /// The zone the dialog's days are in.
    var timeZone: String

    init(intent: VoiceIntent, expecting: ExpectedAnswer?, target: VoiceEvent? = nil, newStart: Date? = nil, timeZone: TimeZone) {
        self.intent = intent.name.rawValue
        self.slots = SlotValues.slots(of: intent)
        self.expecting = expecting?.rawValue
        self.target = target
        self.newStart = newStart
        self.timeZone = timeZone.identifier
    }

    var voiceIntent: VoiceIntent? { SlotValues.intent(name: intent, slots: slots) }
    var expected: ExpectedAnswer? { expecting.flatMap(ExpectedAnswer.init(rawValue:)) }

    func encoded() -> String {
        // Only strings, dates and numbers: encoding cannot fail.
        String(decoding: (try? Self.encoder.encode(self)) ?? Data("{}".utf8), as: UTF8.self)
    }

    /// nil for a row another version wrote in a shape this one cannot read: the dialog starts over.
    static func decoded(_ text: String) -> DialogState? {
        try? decoder.decode(DialogState.self, from: Data(text.utf8))
    }

    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = .sortedKeys
        return encoder
    }()

    private static let decoder: JSONDecoder = {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return decoder
    }()
}
