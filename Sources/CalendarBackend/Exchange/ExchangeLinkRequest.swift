// ExchangeLinkRequest: a validated link request: the account to check and its password expiry.
import Foundation

/// A validated link request: what to check, and when the account's password expires.
public struct ExchangeLinkRequest: Sendable {
    public let target: ExchangeLinkTarget
    public let passwordExpiresAt: Date?
    /// Where password-expiry notices go; nil: to the UPN.
    public var notificationEmail: String?
}
