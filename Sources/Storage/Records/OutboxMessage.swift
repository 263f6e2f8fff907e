// OutboxMessage: one e-mail the service sends, as kept in the outbox.
import Foundation

/// An e-mail in the outbox. `id` is assigned by the store (ascending: the order messages were written).
public struct OutboxMessage: Sendable, Equatable {
    /// No SMTP relay is configured: the message is kept here and listed, not delivered.
    public static let held = "HELD"

    public let id: Int64
    public let organizationID: String
    public let recipient: String
    public let subject: String
    public let body: String
    public let createdAt: Date
    public var deliveryState: String
    /// The message's own Message-ID when it has one that must stay unique (expiry notices); nil for others.
    public let messageID: String?
    /// An invitation's link, sealed under the service's key (``SecretBox``); the body shows it with the token elided.
    /// What a relay opens to send the mail. Nil for other mail.
    public let sealedLink: [UInt8]?

    public init(id: Int64 = 0, organizationID: String, recipient: String, subject: String, body: String, createdAt: Date,
                deliveryState: String, messageID: String? = nil, sealedLink: [UInt8]? = nil) {
        self.id = id
        self.organizationID = organizationID
        self.recipient = recipient
        self.subject = subject
        self.body = body
        self.createdAt = createdAt
        self.deliveryState = deliveryState
        self.messageID = messageID
        self.sealedLink = sealedLink
    }
}
