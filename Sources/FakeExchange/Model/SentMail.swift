// SentMail: a message or meeting notice the fake "sent", kept for tests to assert on.
import Foundation

/// A record of something sent: e-mail, a meeting invitation, update or cancellation.
public struct SentMail: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable {
        case mail, invitation, update, cancellation
    }

    public var from: String
    public var to: [String]
    public var subject: String
    /// The text of a mail's body as sent (empty for meeting notices, which the fake writes no body for).
    public var body: String = ""
    public var kind: Kind
    public var when: Date
    /// The identity that made the request (differs from `from` when sending as someone else).
    public var sentBy: String
}
