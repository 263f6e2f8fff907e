// Mailbox: one directory entry (person, room or service account) with its credentials and grants.

/// A directory entry. Addresses are compared case-insensitively through `key` (the lower-cased
/// primary SMTP address). Grants name other mailboxes by their keys.
public struct Mailbox: Sendable, Equatable {
    public var smtp: String
    public var displayName: String
    public var kind: MailboxKind
    public var upn: String?
    public var password: String?
    public var sid: String?
    public var aliases: [String]
    /// False for an account without a mailbox (it must name a mailbox in every distinguished folder id).
    public var hasMailbox: Bool
    /// Calendar folder permissions granted to other identities, keyed by their `key`.
    public var calendarPermissions: [String: PermissionLevel]
    /// Identities (keys) with FullAccess on the whole mailbox.
    public var fullAccess: Set<String>
    /// Identities (keys) allowed to send as this mailbox.
    public var sendAs: Set<String>
    /// The ApplicationImpersonation role of this account, if it holds one.
    public var impersonation: ImpersonationScope?
    /// The Windows time zone id of the owner's Outlook on the web settings (OWA.UserOptions
    /// `timezone`); nil when the mailbox has none (GetUserConfiguration answers ErrorItemNotFound).
    public var owaTimeZoneID: String? = nil

    /// The lower-cased primary SMTP address; the identity used everywhere inside the fake.
    public var key: String { smtp.lowercased() }

    /// Every proxy address (primary first), lower-cased.
    var proxyAddresses: [String] { [key] + aliases.map { $0.lowercased() } }

    /// The Exchange legacy DN, served as `RoutingType EX` addresses.
    var legacyExchangeDN: String {
        let local = key.split(separator: "@").first.map(String.init) ?? key
        return "/O=CONTOSO/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=\(local.uppercased())"
    }
}
