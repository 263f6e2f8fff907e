// Readiness: the storage half of GET /health/ready, database reachability and schema state in two short strings.

/// Whether storage can serve requests, as two lines an operator can read: each is `ok` or says what is wrong.
public struct Readiness: Sendable, Hashable {
    /// `ok` when `SELECT 1` runs, else the error's message.
    public let database: String
    /// ``MigrationStatus/summary``: `ok`, `2 pending`, `checksum mismatch: 0001_organizations.sql`, …
    public let migrations: String

    public init(database: String, migrations: String) {
        self.database = database
        self.migrations = migrations
    }

    /// True only when both checks say `ok`.
    public var isReady: Bool { database == "ok" && migrations == "ok" }
}

extension MigrationRunner {
    /// Probes the database and its schema; never throws, since a probe must answer even when storage is broken.
    ///
    /// Cheap enough for every readiness request: three small reads on one connection.
    public func readiness() -> Readiness {
        do {
            return try self.database.performBlocking { readiness($0) }
        } catch {
            return Readiness(database: Self.oneLine(error), migrations: "unknown")
        }
    }

    private func readiness(_ session: any SQLSession) -> Readiness {
        let database: String
        do {
            _ = try session.query("SELECT 1")
            database = "ok"
        } catch {
            database = Self.oneLine(error)
        }
        let migrations: String
        do {
            migrations = try status(session).summary
        } catch {
            migrations = "cannot read schema_migrations: \(Self.oneLine(error))"
        }
        return Readiness(database: database, migrations: migrations)
    }

    /// An error as one line: libpq's messages span several, with tabs.
    static func oneLine(_ error: any Error) -> String {
        "\(error)".split(whereSeparator: { $0.isNewline || $0 == "\t" }).map { $0.trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}

extension MigrationRunner {
    /// ``readiness()`` run on the database's own thread, for async callers (the `/health/ready` handler): a
    /// database stuck on a lock then holds a parked task, not a thread of Swift's cooperative pool.
    public func currentReadiness() async -> Readiness {
        do {
            return try await database.perform { self.readiness($0) }
        } catch {
            return Readiness(database: Self.oneLine(error), migrations: "unknown")
        }
    }
}
