// VoiceRequest: one turn of a voice conversation, as the REST route and the Alexa Skills Kit adapter hand it over.
import Foundation
import Voice

/// Who is speaking, as the front-end knows them.
public enum VoiceSpeaker: Sendable, Equatable {
    /// A user id (`usr_…`) or the user's e-mail, within the organization (REST).
    case user(String)
    /// The Alexa account (`amzn1.ask.account.…`) the user joined with (Alexa Skills Kit).
    case alexaAccount(String)
}

/// What the user said this turn.
public enum VoiceInput: Sendable, Equatable {
    /// Free text, understood by ``UtteranceParser`` (in the light of the question the session asked, if any).
    case utterance(String)
    /// An intent with its slots, already understood (an ASK IntentRequest), and what the user said to a
    /// confirmation (ASK's `intent.confirmationStatus`).
    case intent(VoiceIntent, confirmation: Confirmation)
    /// The skill was opened without a request ("Alexa, open work calendar").
    case launch
    /// The session ended (the user walked away, said nothing, or an error ended it): nothing is said.
    case sessionEnded

    public enum Confirmation: String, Sendable, Equatable {
        case none = "NONE"
        case confirmed = "CONFIRMED"
        case denied = "DENIED"
    }
}

/// One turn. `sessionID` nil starts a new session (one is made up and returned).
public struct VoiceRequest: Sendable {
    public var organizationID: String
    public var speaker: VoiceSpeaker
    public var input: VoiceInput
    public var sessionID: String?
    /// Overrides the user's (and the organization's) time zone for this turn.
    public var timeZone: TimeZoneName?

    public init(organizationID: String, speaker: VoiceSpeaker, input: VoiceInput, sessionID: String? = nil, timeZone: TimeZoneName? = nil) {
        self.organizationID = organizationID
        self.speaker = speaker
        self.input = input
        self.sessionID = sessionID
        self.timeZone = timeZone
    }
}
