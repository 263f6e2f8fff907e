// AccessMethod: impersonation or delegated full access, and the mailbox addressing each implies.
import EWS

/// How the service account reaches users' mailboxes.
public enum AccessMethod: String, Sendable, Codable {
    case impersonation
    case fullAccess

    func access(for mailbox: String) -> MailboxAccess {
        self == .impersonation ? .impersonation(mailbox) : .delegate(mailbox)
    }
}
