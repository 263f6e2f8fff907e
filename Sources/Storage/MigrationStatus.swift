// MigrationStatus: where a database's schema stands against the migrations this binary carries.

/// The result of ``MigrationRunner/status()``: what is applied, what is pending, and what blocks migrating.
public struct MigrationStatus: Sendable, Hashable {
    /// Rows in `schema_migrations`, including versions this binary does not know.
    public let appliedCount: Int
    /// File names of known migrations not yet applied, in the order they would be applied.
    public let pending: [String]
    /// Everything that makes ``MigrationRunner/migrate()`` refuse; it throws the first of these.
    /// Empty when the database is consistent with this binary.
    public let problems: [StorageError]

    /// True when every known migration is applied, unchanged, and the database has nothing newer.
    public var isCurrent: Bool { pending.isEmpty && problems.isEmpty }

    /// One short line for the readiness probe: `ok`, `2 pending`, or the problems, such as
    /// `checksum mismatch: 0001_organizations.sql`.
    public var summary: String {
        if !problems.isEmpty {
            return problems.map(Self.shortForm).joined(separator: "; ")
        }
        return pending.isEmpty ? "ok" : "\(pending.count) pending"
    }

    private static func shortForm(_ problem: StorageError) -> String {
        switch problem {
        case .migrationChanged(let name, _, _, _):
            "checksum mismatch: \(name)"
        case .databaseNewerThanBinary(_, let databaseVersion, let knownVersion):
            "database at schema version \(databaseVersion), newer than this binary's \(knownVersion)"
        case .unknownMigrationApplied(_, _, let name):
            "unknown migration applied: \(name)"
        default:
            problem.message
        }
    }
}
