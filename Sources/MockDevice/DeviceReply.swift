// DeviceReply: what the device heard back from one turn.
import Foundation

/// One answer as the device renders it, plus the raw body (the ASK response envelope, or the REST JSON).
public struct DeviceReply: Sendable {
    /// What Alexa says (plain text; SSML tags removed and entities decoded for an ASK answer).
    public let speech: String
    /// The SSML as sent (nil when nothing is said).
    public let ssml: String?
    public let reprompt: String?
    public let cardTitle: String?
    public let cardText: String?
    public let shouldEndSession: Bool
    /// `Dialog.ElicitSlot`, `Dialog.ConfirmIntent` (ASK) or `ElicitSlot`, `ConfirmIntent` (REST), when it asks back.
    public let directive: String?
    /// The slot asked for, for an ElicitSlot.
    public let slotToElicit: String?
    /// The intent the service understood or is completing, when it says.
    public let intentName: String?
    public let slots: [String: String]
    /// The HTTP body as received.
    public let body: String
}
