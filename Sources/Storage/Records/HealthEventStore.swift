// HealthEventStore: the health-dashboard events of each organization (SQL stays behind it).
import Foundation

/// One event in the shape of an AWS Health event, as stored. `arn` is its identity.
public struct HealthEventRecord: Sendable, Equatable {
    public let arn: String
    public let organizationID: String
    /// The link generation (expiry cycle) the event belongs to.
    public let linkGeneration: Int
    public let eventTypeCode: String
    /// `scheduledChange` or `issue`.
    public let eventTypeCategory: String
    /// `upcoming`, `open` or `closed`.
    public var statusCode: String
    public var startTime: Date
    public var endTime: Date?
    public var lastUpdatedTime: Date
    /// The service account's UPN.
    public let affectedEntity: String

    public init(arn: String, organizationID: String, linkGeneration: Int, eventTypeCode: String, eventTypeCategory: String,
                statusCode: String, startTime: Date, endTime: Date?, lastUpdatedTime: Date, affectedEntity: String) {
        self.arn = arn
        self.organizationID = organizationID
        self.linkGeneration = linkGeneration
        self.eventTypeCode = eventTypeCode
        self.eventTypeCategory = eventTypeCategory
        self.statusCode = statusCode
        self.startTime = startTime
        self.endTime = endTime
        self.lastUpdatedTime = lastUpdatedTime
        self.affectedEntity = affectedEntity
    }
}

/// The events, written by whoever reconciles them with the link (the scheduler, a link change, a read).
public protocol HealthEventStore: Sendable {
    /// The organization's events, the earliest start first.
    func events(organizationID: String) async throws -> [HealthEventRecord]
    /// Inserts or replaces each event by its ARN, in one transaction.
    func upsert(_ events: [HealthEventRecord]) async throws
}
