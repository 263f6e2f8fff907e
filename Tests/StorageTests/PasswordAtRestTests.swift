// PasswordAtRestTests: a linked service-account password never reaches the database files in plaintext.
import Foundation
import Storage
import Testing

@Suite struct PasswordAtRestTests {
    @Test func theDatabaseFilesHoldTheSealedPasswordButNeverThePlaintext() async throws {
        try await withTemporaryDirectory { directory in
            let path = directory.appending(path: "a4b.sqlite").path
            let password = Array("Plaintext-Secret-123!".utf8)
            let upn = "svc-at-rest@contoso.example"
            let box = try SecretBox(key: try SecretKeySource.load(environmentValue: nil, dataDirectory: directory.path).key)
            let sealed = try box.seal(password, associatedData: Array("org-1".utf8))

            do {
                let database = try migratedDatabase(path: path)
                try await createOrganization("org-1", in: SQLOrganizationStore(database: database))
                let links = SQLExchangeLinkStore(database: database)
                var link = sampleLink("org-1", upn: upn)
                link.passwordCiphertext = sealed
                try await links.save(link, expectedGeneration: nil, audit: sampleAudit("org-1", newUPN: upn))
                // Read back and opened through the store, the password is intact.
                let stored = try #require(try await links.link(organizationID: "org-1"))
                #expect(try box.open(stored.passwordCiphertext, associatedData: Array("org-1".utf8)) == password)

                // While the connection is open the commit may live only in the -wal file: check both.
                let files = try databaseFiles(path)
                #expect(files.contains(path + "-wal"))
                try expectSealedNotPlaintext(files, sealed: sealed, password: password, upn: upn)
            }
            // After the last connection closes SQLite checkpoints the WAL into the main file: check again.
            let files = try databaseFiles(path)
            try expectSealedNotPlaintext(files, sealed: sealed, password: password, upn: upn)
        }
    }

    /// The main database file and its -wal and -journal companions that exist.
    private func databaseFiles(_ path: String) throws -> [String] {
        [path, path + "-wal", path + "-journal"].filter { FileManager.default.fileExists(atPath: $0) }
    }

    private func expectSealedNotPlaintext(_ files: [String], sealed: [UInt8], password: [UInt8], upn: String) throws {
        var all: [UInt8] = []
        for file in files {
            let bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(!contains(bytes, password), "plaintext password found in \(file)")
            all += bytes
        }
        // Controls: the search does find what was stored, so not finding the password means something.
        #expect(contains(all, sealed))
        #expect(contains(all, Array(upn.utf8)))
    }
}
