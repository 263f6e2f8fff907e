// StoredExchangeLink: an organization's link as the use cases that call Exchange need it.

/// The stored link, password decrypted (never to leave the process), with what decides whether to call Exchange.
public struct StoredExchangeLink: Sendable {
    public let target: ExchangeLinkTarget
    /// Which link this is: a status change names it, so a newer link is never marked by an answer to an older one.
    public let generation: Int
    /// Exchange refused this password; no call is made until an admin re-links.
    public let credentialsRejected: Bool
}
