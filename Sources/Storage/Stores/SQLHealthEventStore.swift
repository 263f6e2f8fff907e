// SQLHealthEventStore: health-dashboard events in the `health_events` table.
import Foundation

/// ``HealthEventStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0007_expiry_visibility.sql`). Times are stored to
/// the whole second.
public final class SQLHealthEventStore: HealthEventStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func events(organizationID: String) async throws -> [HealthEventRecord] {
        try await database.read { database in
            try database.query(
                """
                SELECT arn, organization_id, link_generation, event_type_code, event_type_category, status_code, start_time,
                       end_time, last_updated_time, affected_entity
                FROM health_events WHERE organization_id = ? ORDER BY start_time, arn
                """, [.text(organizationID)]).map(Self.record(from:))
        }
    }

    public func upsert(_ events: [HealthEventRecord]) async throws {
        guard !events.isEmpty else { return }
        let rows: [[SQLValue]] = try events.map { event in
            [.text(event.arn), .text(event.organizationID), .integer(Int64(event.linkGeneration)), .text(event.eventTypeCode),
             .text(event.eventTypeCategory), .text(event.statusCode), try .timestamp(event.startTime, field: "startTime"),
             try .timestamp(event.endTime, field: "endTime"), try .timestamp(event.lastUpdatedTime, field: "lastUpdatedTime"),
             .text(event.affectedEntity)]
        }
        try await database.perform { database in
            try database.transaction { db in
                for values in rows {
                    try db.execute(
                        """
                        INSERT INTO health_events (arn, organization_id, link_generation, event_type_code, event_type_category,
                                                   status_code, start_time, end_time, last_updated_time, affected_entity)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (arn) DO UPDATE SET status_code = excluded.status_code, start_time = excluded.start_time,
                            end_time = excluded.end_time, last_updated_time = excluded.last_updated_time
                        """, values)
                }
            }
        }
    }

    private static func record(from row: SQLRow) throws -> HealthEventRecord {
        HealthEventRecord(
            arn: try row.get("arn"), organizationID: try row.get("organization_id"),
            linkGeneration: try row.get("link_generation", as: Int.self), eventTypeCode: try row.get("event_type_code"),
            eventTypeCategory: try row.get("event_type_category"), statusCode: try row.get("status_code"),
            startTime: try row.timestamp("start_time"), endTime: try row.optionalTimestamp("end_time"),
            lastUpdatedTime: try row.timestamp("last_updated_time"), affectedEntity: try row.get("affected_entity"))
    }
}
