// InboxMessage: an e-mail the fake's SMTP listener delivered to a mailbox.
import Foundation

/// One delivered message, as `GET /_fake/mailboxes/{smtp}/inbox` lists it.
public struct InboxMessage: Sendable, Equatable {
    /// The `Message-ID` header with its angle brackets; one the fake made up when the message had none.
    public var messageID: String
    /// The `From` header's address.
    public var from: String
    /// The mailbox it was delivered to (its primary address).
    public var to: String
    public var subject: String
    public var receivedAt: Date
    /// The sender's `Date` header, when it has one this fake can read.
    public var date: Date?
    /// The plain-text body, transfer encoding undone.
    public var text: String
}

/// A mailbox's delivered messages, one per Message-ID, and how many repeats of one it dropped.
struct Inbox: Sendable {
    var messages: [InboxMessage] = []
    var duplicatesDropped = 0

    /// Keeps `message` unless a message with its Message-ID is here already (then counts the repeat).
    mutating func deliver(_ message: InboxMessage) {
        if messages.contains(where: { $0.messageID == message.messageID }) {
            duplicatesDropped += 1
        } else {
            messages.append(message)
        }
    }
}
