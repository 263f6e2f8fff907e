// OutboxMailSender: with no SMTP relay configured, mail is kept in the organization's outbox (HELD).
import Foundation
import Storage

/// Writes each message to the outbox, once per Message-ID: a repeat after a crash finds its row there.
public struct OutboxMailSender: MailSender {
    let outbox: any OutboxStore

    public init(outbox: any OutboxStore) {
        self.outbox = outbox
    }

    public var description: String { "outbox" }

    public func send(_ mail: OutgoingMail) async throws {
        _ = try await outbox.enqueue(OutboxMessage(organizationID: mail.organizationID, recipient: mail.to, subject: mail.subject,
                                                   body: mail.text, createdAt: mail.date, deliveryState: OutboxMessage.held,
                                                   messageID: mail.messageID))
    }
}
