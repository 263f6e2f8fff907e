// EmbeddedMigrations: the Migrations/*.sql files compiled into this binary by the EmbedMigrations plugin.
// (Named Migrations.swift because the plugin generates EmbeddedMigrations.swift into this module, and one module
// cannot hold two source files with the same name.)
import Foundation

/// The migrations this binary carries, so it needs no SQL files beside it.
///
/// The plugin adds `base64Files`, each file's name and exact bytes in file-name order.
public enum EmbeddedMigrations {
    /// Every embedded migration, sorted by version; parsed once, on first use.
    ///
    /// A malformed name or duplicate version in `Migrations/` is a build mistake that `StorageTests` catches
    /// through ``load()``; a binary built with one anyway stops here with the reason, before touching a database.
    public static let all: [Migration] = {
        do {
            return try load()
        } catch {
            fatalError("this build embeds invalid migrations from Migrations/: \(error)")
        }
    }()

    /// Parses the embedded files.
    ///
    /// - Throws: the ``StorageError`` for the first malformed file name, unreadable file or duplicate version.
    public static func load() throws -> [Migration] {
        var migrations: [Migration] = []
        for file in base64Files {
            guard let bytes = Data(base64Encoded: file.base64) else {
                throw StorageError.invalidMigrationFile(name: file.name, reason: "the embedded copy is not valid base64")
            }
            migrations.append(try Migration(fileName: file.name, sql: [UInt8](bytes)))
        }
        return try Migration.ordered(migrations)
    }
}
