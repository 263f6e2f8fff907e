// An organization's stored Exchange service-account link, and its audit trail.
import Foundation

/// The link as stored. The password is only ever held encrypted (`passwordCiphertext`, AES-256-GCM).
public struct ExchangeLinkRecord: Sendable, Equatable {
    public var organizationID: String
    public var upn: String
    public var passwordCiphertext: [UInt8]
    public var ewsURL: String
    /// `impersonation` or `fullAccess`.
    public var accessMethod: String
    /// The build validated, e.g. `15.1.2507.6`.
    public var exchangeVersion: String
    public var linkedAt: Date
    public var lastValidatedAt: Date
    public var passwordExpiresAt: Date?
    /// Where password-expiry notices go; nil: to the service account itself (its UPN).
    public var notificationEmail: String?
    /// ``active``, or ``credentialsRejected`` once Exchange answered 401 to the stored password (until a re-link).
    public var status: String
    /// 1 for the organization's first link; +1 on every successful link or re-link, never reused (assigned by the store).
    public var generation: Int

    /// The link works as far as we know.
    public static let active = "active"
    /// Exchange refused the stored password (expired or changed): calls stop until an admin re-links, so that
    /// retries do not lock the service account out.
    public static let credentialsRejected = "credentialsRejected"

    public init(organizationID: String, upn: String, passwordCiphertext: [UInt8], ewsURL: String, accessMethod: String,
                exchangeVersion: String, linkedAt: Date, lastValidatedAt: Date, passwordExpiresAt: Date?, notificationEmail: String? = nil,
                status: String, generation: Int) {
        self.organizationID = organizationID
        self.upn = upn
        self.passwordCiphertext = passwordCiphertext
        self.ewsURL = ewsURL
        self.accessMethod = accessMethod
        self.exchangeVersion = exchangeVersion
        self.linkedAt = linkedAt
        self.lastValidatedAt = lastValidatedAt
        self.passwordExpiresAt = passwordExpiresAt
        self.notificationEmail = notificationEmail
        self.status = status
        self.generation = generation
    }
}
