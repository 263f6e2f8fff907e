// Tenants and their API keys, as stored.
import Foundation

/// An organization (tenant).
public struct Organization: Sendable, Equatable, Codable {
    public let id: String
    public let name: String
    public let createdAt: Date

    public init(id: String, name: String, createdAt: Date) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
    }
}
