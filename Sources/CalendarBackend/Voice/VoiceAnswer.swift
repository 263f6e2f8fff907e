// VoiceAnswer: what one voice turn answers: the speech, whether the session goes on, what it asks, the events.
import Foundation
import Voice

/// The answer to a ``VoiceRequest``. Front-ends render it (REST as JSON, ASK as a response envelope).
public struct VoiceAnswer: Sendable {
    /// What the dialog asks back, when the session goes on.
    public enum Question: Sendable, Equatable {
        /// A slot of `intent` is missing ("What time?"): ASK's `Dialog.ElicitSlot`.
        case slot(String)
        /// "Should I add it?": ASK's `Dialog.ConfirmIntent`.
        case confirmation
        /// An open question ("What would you like to do?") with no dialog directive.
        case open
    }

    /// nil for a turn that says nothing (a session that ended).
    public var speech: Speech?
    /// Said when the user does not answer the question.
    public var reprompt: String?
    public var shouldEndSession: Bool
    public var sessionID: String
    /// The intent understood, with its slots as ASK values (as completed so far in a dialog).
    public var intent: VoiceIntent?
    public var question: Question?
    /// The events the answer is about (all of them, also those not read out).
    public var events: [VoiceEventView]
}

/// An event as the APIs show it. A private event shows neither subject nor location.
public struct VoiceEventView: Codable, Sendable, Equatable {
    public let id: String
    public let subject: String
    public let start: Date
    public let end: Date
    public let isAllDay: Bool
    public let location: String?
    public let organizer: String?

    enum CodingKeys: String, CodingKey { case id, subject, start, end, isAllDay, location, organizer }

    /// Every key always present (`null` when there is none), so clients see one shape.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(id, forKey: .id)
        try container.encode(subject, forKey: .subject)
        try container.encode(start, forKey: .start)
        try container.encode(end, forKey: .end)
        try container.encode(isAllDay, forKey: .isAllDay)
        try container.encode(location, forKey: .location)
        try container.encode(organizer, forKey: .organizer)
    }
}
