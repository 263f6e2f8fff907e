// Tenants and their API keys, as stored.
import Foundation

/// An organization (tenant).
public struct Organization: Sendable, Equatable, Codable {
    public let id: String
    public var name: String
    public let createdAt: Date
    /// An IANA time zone name: the default of its users that have none of their own.
    public var timeZone: String
    /// The Alexa skill (`amzn1.ask.skill.…`) whose requests the organization answers; nil: any skill's.
    public var skillID: String?

    public init(id: String, name: String, createdAt: Date, timeZone: String = "UTC", skillID: String? = nil) {
        self.id = id
        self.name = name
        self.createdAt = createdAt
        self.timeZone = timeZone
        self.skillID = skillID
    }
}
