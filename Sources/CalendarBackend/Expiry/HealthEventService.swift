// HealthEventService: keeps an organization's health-dashboard events in step with its link, and lists them.
import Foundation
import Storage

/// Reconciles the stored events with the link (see ``HealthEventRules``) whenever something may have changed them:
/// each scheduler pass, each link change, and before each listing, so a listing is right even between passes.
public struct HealthEventService: Sendable {
    let events: any HealthEventStore
    let links: any ExchangeLinkStore
    let clock: any WallClock

    public init(events: any HealthEventStore, links: any ExchangeLinkStore, clock: any WallClock) {
        self.events = events
        self.links = links
        self.clock = clock
    }

    /// Brings the organization's events up to date with its current link.
    public func reconcile(organizationID: String) async throws {
        try await reconcile(organizationID: organizationID, link: try await links.link(organizationID: organizationID))
    }

    /// The same with a link record already read (the scheduler has it).
    func reconcile(organizationID: String, link: ExchangeLinkRecord?) async throws {
        let existing = try await events.events(organizationID: organizationID)
        let facts = link.map {
            HealthEventRules.Link(generation: $0.generation, upn: $0.upn, passwordExpiresAt: $0.passwordExpiresAt,
                                  credentialsRejected: $0.status == ExchangeLinkRecord.credentialsRejected)
        }
        let changes = HealthEventRules.changes(organizationID: organizationID, link: facts, existing: existing,
                                               now: clock.now().roundedToSeconds)
        try await events.upsert(changes)
    }

    /// The organization's events with one of `statuses` (all when nil), the earliest start first.
    ///
    /// - Throws: ``ServiceError/Code/invalidInput`` naming `status` for a status that is not open, upcoming or closed.
    public func list(organizationID: String, statuses: [String]?) async throws -> [HealthEventView] {
        if let unknown = statuses?.first(where: { !HealthEventRules.statuses.contains($0) }) {
            throw ServiceError.invalidInput("status", "query parameter 'status' must list open, upcoming or closed (comma-separated), not '\(unknown.prefix(32))'")
        }
        try await reconcile(organizationID: organizationID)
        return try await events.events(organizationID: organizationID)
            .filter { statuses?.contains($0.statusCode) ?? true }
            .map(HealthEventView.init)
    }
}

/// An event as the API shows it: the fields of an AWS Health event.
public struct HealthEventView: Encodable, Sendable, Equatable {
    public struct AffectedEntity: Encodable, Sendable, Equatable {
        public let entityValue: String
    }

    public let arn: String
    public let service: String
    public let eventTypeCode: String
    public let eventTypeCategory: String
    public let region: String
    public let statusCode: String
    public let startTime: Date
    public let endTime: Date?
    public let lastUpdatedTime: Date
    public let affectedEntities: [AffectedEntity]

    init(_ record: HealthEventRecord) {
        arn = record.arn
        service = "A4B"
        eventTypeCode = record.eventTypeCode
        eventTypeCategory = record.eventTypeCategory
        region = "global"
        statusCode = record.statusCode
        startTime = record.startTime
        endTime = record.endTime
        lastUpdatedTime = record.lastUpdatedTime
        affectedEntities = [AffectedEntity(entityValue: record.affectedEntity)]
    }

    enum CodingKeys: String, CodingKey {
        case arn, service, eventTypeCode, eventTypeCategory, region, statusCode, startTime, endTime, lastUpdatedTime, affectedEntities
    }

    /// `endTime` is always present (null while the event lasts), as AWS Health clients expect every field.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(arn, forKey: .arn)
        try container.encode(service, forKey: .service)
        try container.encode(eventTypeCode, forKey: .eventTypeCode)
        try container.encode(eventTypeCategory, forKey: .eventTypeCategory)
        try container.encode(region, forKey: .region)
        try container.encode(statusCode, forKey: .statusCode)
        try container.encode(startTime, forKey: .startTime)
        try container.encode(endTime, forKey: .endTime)
        try container.encode(lastUpdatedTime, forKey: .lastUpdatedTime)
        try container.encode(affectedEntities, forKey: .affectedEntities)
    }
}
