// MeetingNotices: sending invitations, updates and cancellations, with the Send As rule for delegates.
import Foundation

/// Records meeting mail in `state.sent`. Sending from another user's mailbox needs Send As on it
/// (impersonation acts as the user, so it never needs it).
enum MeetingNotices {
    /// Nil when `identity` may send as `sender`, else ErrorSendAsDenied.
    static func checkSendAs(identity: Mailbox, sender: Mailbox) -> EWSItemError? {
        if identity.key == sender.key || sender.sendAs.contains(identity.key) { return nil }
        return .sendAsDenied
    }

    /// True when the disposition value sends anything.
    static func sends(_ disposition: String?) -> Bool {
        guard let disposition else { return false }
        return disposition != "SendToNone" && disposition != "SaveOnly"
    }

    static func record(
        _ kind: SentMail.Kind, event: CalendarEvent, from sender: Mailbox, by identity: Mailbox, at now: Date,
        state: inout ExchangeState
    ) {
        let recipients = event.allAttendees.map(\.address).filter { $0.lowercased() != sender.key }
        guard !recipients.isEmpty else { return }
        let prefix: String
        switch kind {
        case .cancellation: prefix = "Canceled: "
        case .update: prefix = "Updated: "
        default: prefix = ""
        }
        state.sent.append(
            SentMail(from: sender.smtp, to: recipients, subject: prefix + event.subject, kind: kind, when: now, sentBy: identity.smtp))
    }
}
