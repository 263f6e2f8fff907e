// SQLTestClockStore: the test clock in the one-row `test_clock` table.
import Foundation

/// ``TestClockStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0007_expiry_visibility.sql`), to the whole second.
public final class SQLTestClockStore: TestClockStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func load() async throws -> Date? {
        try await database.read { database in
            try database.query("SELECT now FROM test_clock WHERE id = 1", []).first?.timestamp("now")
        }
    }

    public func save(_ now: Date) async throws {
        let value = try SQLValue.timestamp(now, field: "now")
        try await database.perform { database in
            _ = try database.execute(
                "INSERT INTO test_clock (id, now) VALUES (1, ?) ON CONFLICT (id) DO UPDATE SET now = excluded.now", [value])
        }
    }
}
