// MailSender: how the service hands an e-mail to whatever delivers it (an SMTP relay, or the embedded outbox).
import Foundation

/// One plain-text e-mail from the service.
public struct OutgoingMail: Sendable, Equatable {
    /// The organization it is sent for (the outbox files it there).
    public var organizationID: String
    public var to: String
    public var subject: String
    public var text: String
    /// `<id@host>`; the same message sent twice carries the same one, so a mail store can drop the repeat.
    public var messageID: String
    public var date: Date

    public init(organizationID: String, to: String, subject: String, text: String, messageID: String, date: Date) {
        self.organizationID = organizationID
        self.to = to
        self.subject = subject
        self.text = text
        self.messageID = messageID
        self.date = date
    }
}

/// Delivers mail. Returning means the message was taken (the relay said 250, or the outbox row is written); a
/// throw means it was not, as far as the sender can tell, and may be retried with the same Message-ID.
public protocol MailSender: Sendable {
    /// What `serve` logs and the README names: `smtp://relay:25`, `outbox`.
    var description: String { get }
    func send(_ mail: OutgoingMail) async throws
}
