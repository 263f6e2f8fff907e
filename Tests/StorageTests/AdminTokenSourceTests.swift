// AdminTokenSourceTests: the admin token from A4B_ADMIN_TOKEN or the 0600 token file.
import Foundation
import Storage
import Testing

@Suite struct AdminTokenSourceTests {
    @Test func onASharedDatabaseAMissingTokenIsAnErrorNotANewToken() throws {
        try withTemporaryDirectory { (directory: URL) throws -> Void in
            let error = #expect(throws: SecretError.self) {
                try AdminTokenSource.load(environmentValue: nil, dataDirectory: directory.path, createIfMissing: false)
            }
            #expect(error?.code == "secret.shared_secret_missing")
            #expect(error?.message.contains("A4B_ADMIN_TOKEN") == true)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
            let token = String(repeating: "t", count: 32)
            #expect(try AdminTokenSource.load(environmentValue: token, dataDirectory: directory.path, createIfMissing: false).token == token)
        }
    }

    @Test func aMissingTokenFileIsCreatedWithMode0600AndReused() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "admin-token").path
            let first = try AdminTokenSource.load(environmentValue: nil, dataDirectory: directory.path)
            #expect(first.created)
            #expect(first.origin == "token file \(path)")
            #expect(first.token.count == 64)
            #expect(first.token.allSatisfy { "0123456789abcdef".contains($0) })
            #expect(try permissions(path) == 0o600)

            let second = try AdminTokenSource.load(environmentValue: nil, dataDirectory: directory.path)
            #expect(!second.created)
            #expect(second.token == first.token)
        }
    }

    @Test func aTokenFileOthersMayReadIsRefused() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "admin-token").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data("0123456789abcdef0123".utf8)))
            try setPermissions(0o644, path)
            let error = #expect(throws: SecretError.self) {
                try AdminTokenSource.load(environmentValue: nil, dataDirectory: directory.path)
            }
            #expect(error?.message.contains("chmod 600") == true)
        }
    }

    @Test func anOperatorWrittenTokenFileIsTrimmedAndChecked() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "admin-token").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data("  operator-chosen-token\n".utf8)))
            try setPermissions(0o600, path)
            #expect(try AdminTokenSource.load(environmentValue: nil, dataDirectory: directory.path).token == "operator-chosen-token")

            try Data("too-short\n".utf8).write(to: URL(fileURLWithPath: path))
            let error = #expect(throws: SecretError.self) {
                try AdminTokenSource.load(environmentValue: nil, dataDirectory: directory.path)
            }
            #expect(error?.code == "secret.malformed_file")
        }
    }

    @Test func theEnvironmentTokenWinsAndNoFileIsCreated() throws {
        try withTemporaryDirectory { directory in
            let loaded = try AdminTokenSource.load(environmentValue: "sixteen-chars-ok", dataDirectory: directory.path)
            #expect(loaded.token == "sixteen-chars-ok")
            #expect(loaded.origin == "environment A4B_ADMIN_TOKEN")
            #expect(!loaded.created)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }

    @Test(arguments: ["", "fifteen-chars-x"])
    func aShortEnvironmentTokenIsRefused(value: String) throws {
        try withTemporaryDirectory { (directory: URL) throws in
            let error = #expect(throws: SecretError.self) {
                try AdminTokenSource.load(environmentValue: value, dataDirectory: directory.path)
            }
            #expect(error?.code == "secret.malformed_environment_value")
            #expect(error?.message.contains("A4B_ADMIN_TOKEN") == true)
            #expect(error?.message.contains("16") == true)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }
}
