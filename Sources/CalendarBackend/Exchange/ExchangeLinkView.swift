// ExchangeLinkView: an organization's stored Exchange link as every front-end shows it: never the password.
import Foundation
import Storage

/// The stored link as the API shows it: never the password.
public struct ExchangeLinkView: Codable, Sendable, Equatable {
    public let upn: String
    public let ewsUrl: String
    public let accessMethod: String
    public let exchangeVersion: String
    public let linkedAt: Date
    public let lastValidatedAt: Date
    public let passwordExpiresAt: Date?
    /// Where password-expiry notices go; nil: to `upn`.
    public let notificationEmail: String?
    public let status: String
    public let generation: Int

    init(_ record: ExchangeLinkRecord) {
        upn = record.upn
        ewsUrl = record.ewsURL
        accessMethod = record.accessMethod
        exchangeVersion = record.exchangeVersion
        linkedAt = record.linkedAt
        lastValidatedAt = record.lastValidatedAt
        passwordExpiresAt = record.passwordExpiresAt
        notificationEmail = record.notificationEmail
        status = record.status
        generation = record.generation
    }
}
