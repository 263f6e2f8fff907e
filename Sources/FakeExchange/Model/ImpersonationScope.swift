// ImpersonationScope: which mailboxes an account holding ApplicationImpersonation may act as.

/// The management scope of an ApplicationImpersonation role assignment.
public enum ImpersonationScope: Sendable, Equatable {
    /// Every mailbox, rooms included.
    case all
    /// Every mailbox of kind `user` (no rooms).
    case userMailboxes
    /// Exactly these primary SMTP addresses (lower-cased).
    case addresses(Set<String>)

    /// True when the scope admits `mailbox`.
    public func admits(_ mailbox: Mailbox) -> Bool {
        switch self {
        case .all: return true
        case .userMailboxes: return mailbox.kind == .user
        case let .addresses(set): return set.contains(mailbox.key)
        }
    }
}
