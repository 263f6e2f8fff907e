// Tenants and their API keys, as stored.
import Foundation

/// An organization (tenant).
public struct Organization: Sendable, Equatable, Codable {
    public let id: String
    public var name: String
    public let createdAt: Date
    /// An IANA time zone name: the default of its users that have none of their own.
    public var timeZone: String

    public init(id: String, name: String, createdAt: Date, timeZone: String = "UTC") {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.timeZone = timeZone
    }
}
