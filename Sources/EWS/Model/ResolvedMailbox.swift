// ResolvedMailbox: the directory entry an address resolved to (ResolveNames).
import Foundation

/// A directory entry that an address resolved to.
public struct ResolvedMailbox: Sendable, Equatable {
    public let name: String?
    /// The primary SMTP address.
    public let address: String
    public let mailboxType: String?
}
