// Migration: one schema migration file (NNNN_description.sql), its version, exact bytes and checksum.

/// A schema migration: the SQL of one `Migrations/NNNN_description.sql` file.
///
/// A migration is identified by its version; once applied to a database its bytes must never change, which
/// ``MigrationRunner`` enforces by comparing ``checksum`` with the one recorded at apply time.
public struct Migration: Sendable, Hashable {
    /// The number before the first underscore of the file name; unique, above 0, applied in ascending order.
    public let version: Int
    /// The file name, e.g. `0001_organizations.sql`, as shown in messages and recorded in `schema_migrations`.
    public let name: String
    /// The file's exact bytes.
    public let sql: [UInt8]
    /// ``sha256Hex(_:)`` of ``sql``.
    public let checksum: String
    /// ``sql`` as text, ready for `sqlite3_exec`.
    let script: String

    /// Creates a migration from a file name and the file's exact bytes.
    ///
    /// - Throws: ``StorageError/malformedMigrationName(_:)`` unless `fileName` is `NNNN_description.sql` (four or
    ///   more digits for a version above 0, an underscore, then lowercase ASCII letters, digits and underscores);
    ///   ``StorageError/invalidMigrationFile(name:reason:)`` when the bytes are not UTF-8 or hold a NUL byte
    ///   (SQLite would stop reading there and silently skip the rest).
    public init(fileName: String, sql: [UInt8]) throws {
        guard let version = Self.version(fromFileName: fileName) else {
            throw StorageError.malformedMigrationName(fileName)
        }
        guard let script = String(validating: sql, as: UTF8.self) else {
            throw StorageError.invalidMigrationFile(name: fileName, reason: "the file is not valid UTF-8")
        }
        guard !sql.contains(0) else {
            throw StorageError.invalidMigrationFile(name: fileName, reason: "the file holds a NUL byte")
        }
        self.version = version
        self.name = fileName
        self.sql = sql
        self.checksum = sha256Hex(sql)
        self.script = script
    }

    /// `migrations` sorted by version.
    ///
    /// - Throws: ``StorageError/duplicateMigrationVersion(version:names:)`` when two share a version, since which
    ///   of them a database has would then depend on file order.
    static func ordered(_ migrations: [Migration]) throws -> [Migration] {
        let sorted = migrations.sorted { $0.version < $1.version }
        for (earlier, later) in zip(sorted, sorted.dropFirst()) where earlier.version == later.version {
            let names = sorted.filter { $0.version == earlier.version }.map(\.name)
            throw StorageError.duplicateMigrationVersion(version: earlier.version, names: names)
        }
        return sorted
    }

    private static func version(fromFileName fileName: String) -> Int? {
        guard fileName.hasSuffix(".sql") else { return nil }
        let stem = fileName.dropLast(".sql".count)
        guard let underscore = stem.firstIndex(of: "_") else { return nil }
        let digits = stem[..<underscore]
        let description = stem[stem.index(after: underscore)...]
        guard digits.count >= 4, digits.allSatisfy({ $0.isASCII && $0.isNumber }),
            !description.isEmpty,
            description.allSatisfy({ $0.isASCII && ($0.isLowercase || $0.isNumber || $0 == "_") }),
            let version = Int(digits), version > 0
        else { return nil }
        return version
    }
}
