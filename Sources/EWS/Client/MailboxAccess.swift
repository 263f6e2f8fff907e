// How a call reaches the user's mailbox: as the user (impersonation) or as a delegate.

/// The mailbox a call targets and the access method that reaches it.
public enum MailboxAccess: Sendable, Equatable {
    /// The service account acts as the user: `ExchangeImpersonation` header with the user's primary
    /// SMTP address (and `X-AnchorMailbox`). Needs the ApplicationImpersonation role.
    case impersonation(String)
    /// The service account acts on the user's folders with delegated rights: the user's mailbox is named
    /// inside each `DistinguishedFolderId` (Editor on Calendar; Send As to send as the user).
    case delegate(String)
    /// The service account's own mailbox.
    case serviceAccount

    /// The target mailbox's primary SMTP address, nil for the service account's own.
    public var mailbox: String? {
        switch self {
        case .impersonation(let address), .delegate(let address): return address
        case .serviceAccount: return nil
        }
    }
}
