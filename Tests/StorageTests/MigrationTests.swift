// MigrationTests: migration file names, checksums, ordering, and the migrations embedded in the binary.
import Foundation
import Storage
import Testing

@Suite struct MigrationTests {
    @Test(arguments: [
        ("0001_organizations.sql", 1),
        ("0012_add_users.sql", 12),
        ("0100_calendar_links_2.sql", 100),
        ("12345_five_digits.sql", 12345),
    ])
    func wellFormedNamesGiveTheirVersion(fileName: String, version: Int) throws {
        let migration = try Migration(fileName: fileName, sql: Array("SELECT 1;".utf8))
        #expect(migration.version == version)
        #expect(migration.name == fileName)
    }

    @Test(arguments: [
        "1_short.sql",            // fewer than four digits
        "0001.sql",               // no description
        "0001_.sql",              // empty description
        "abcd_letters.sql",       // not a number
        "0001_organizations.txt", // not .sql
        "0001_organizations",     // no extension
        "0001_Organizations.sql", // uppercase
        "0001_two words.sql",     // space
        "0001_add-users.sql",     // hyphen
        "0000_zero.sql",          // version 0 is "nothing applied"
        "-001_negative.sql",
        "0001_café.sql",          // non-ASCII
        "00١2_arabic_digit.sql",  // non-ASCII digit
    ])
    func malformedNamesAreRejected(fileName: String) {
        #expect(throws: StorageError.malformedMigrationName(fileName)) {
            try Migration(fileName: fileName, sql: Array("SELECT 1;".utf8))
        }
    }

    @Test func malformedNameMessageSaysWhatIsExpected() {
        let message = StorageError.malformedMigrationName("1_x.sql").message
        #expect(message.contains("1_x.sql"))
        #expect(message.contains("NNNN_description.sql"))
    }

    @Test func checksumIsSHA256OfTheExactBytes() throws {
        let bytes = Array("CREATE TABLE t (x INTEGER);\n".utf8)
        let migration = try Migration(fileName: "0001_t.sql", sql: bytes)
        #expect(migration.checksum == sha256Hex(bytes))
        // One changed byte (trailing newline dropped) changes the checksum.
        let edited = try Migration(fileName: "0001_t.sql", sql: Array(bytes.dropLast()))
        #expect(edited.checksum != migration.checksum)
    }

    @Test func filesThatCannotRunAsSQLAreRejected() {
        #expect(throws: StorageError.invalidMigrationFile(name: "0001_bad.sql", reason: "the file is not valid UTF-8")) {
            try Migration(fileName: "0001_bad.sql", sql: [0x53, 0xFF, 0xFE])
        }
        #expect(throws: StorageError.invalidMigrationFile(name: "0001_nul.sql", reason: "the file holds a NUL byte")) {
            try Migration(fileName: "0001_nul.sql", sql: Array("SELECT 1;\u{0}DROP TABLE x;".utf8))
        }
    }

    @Test func duplicateVersionsAreRejected() throws {
        let database = try SQLiteDatabase(path: ":memory:")
        let first = try Migration(fileName: "0002_users.sql", sql: Array("SELECT 1;".utf8))
        let second = try Migration(fileName: "0002_calendars.sql", sql: Array("SELECT 2;".utf8))
        let error = #expect(throws: StorageError.self) {
            try MigrationRunner(database: database, migrations: [first, second], logger: LogRecorder().logger())
        }
        #expect(error == .duplicateMigrationVersion(version: 2, names: ["0002_users.sql", "0002_calendars.sql"]))
        #expect(error?.message.contains("0002_users.sql, 0002_calendars.sql") == true)
    }

    @Test func embeddedMigrationsHoldTheOrganizationsFileByteForByte() throws {
        let file = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "Migrations/0001_organizations.sql")
        let bytes = [UInt8](try Data(contentsOf: file))
        let embedded = try #require(EmbeddedMigrations.all.first { $0.name == "0001_organizations.sql" })
        #expect(embedded.version == 1)
        #expect(embedded.sql == bytes)
        #expect(embedded.checksum == sha256Hex(bytes))
    }

    @Test func embeddedMigrationsAreValidAndInVersionOrder() throws {
        // load() throws where `all` would stop the process: a bad file in Migrations/ fails here first.
        let loaded = try EmbeddedMigrations.load()
        #expect(loaded == EmbeddedMigrations.all)
        #expect(!loaded.isEmpty)
        #expect(loaded.map(\.version) == loaded.map(\.version).sorted())
        #expect(Set(loaded.map(\.version)).count == loaded.count)
    }
}
