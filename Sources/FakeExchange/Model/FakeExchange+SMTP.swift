// FakeExchange as the mail system behind its SMTP listener: who may receive, who may log in, where mail lands.
import Foundation

extension FakeExchange: SMTPMailDrop {
    func acceptsRecipient(_ address: String) -> Bool {
        withState { $0.directory.recipient(address) } != nil
    }

    func authenticates(user: String, password: String) -> Bool {
        guard let account = withState({ $0.directory.logon(user) }), let expected = account.password else { return false }
        return expected == password
    }

    func deliver(from sender: String, to recipients: [String], data: [UInt8]) -> String {
        let parsed = InternetMessage(data)
        let now = currentTime()
        return withState { state in
            let messageID = parsed.header("Message-ID") ?? "<fake-\(state.allocateNumber())@fake-exchange>"
            for recipient in recipients {
                guard let mailbox = state.directory.recipient(recipient) else { continue }
                state.inboxes[mailbox.key, default: Inbox()].deliver(InboxMessage(
                    messageID: messageID, from: InternetMessage.address(in: parsed.decodedHeader("From") ?? sender), to: mailbox.smtp,
                    subject: parsed.decodedHeader("Subject") ?? "", receivedAt: now, date: parsed.header("Date").flatMap(InternetMessage.date),
                    text: parsed.text))
            }
            return messageID
        }
    }

    /// Consumes an `smtpUnavailable` fault for a new connection; true: greet with 421 and close.
    func refusesSMTPConnection() -> Bool {
        withState { $0.faults.takeSMTPUnavailable() }
    }

    /// The messages delivered to the mailbox with address `address`, oldest first; nil when there is no such mailbox.
    public func inbox(_ address: String) -> (messages: [InboxMessage], duplicatesDropped: Int)? {
        withState { state in
            guard let mailbox = state.directory.recipient(address) else { return nil }
            let inbox = state.inboxes[mailbox.key] ?? Inbox()
            return (inbox.messages, inbox.duplicatesDropped)
        }
    }
}
