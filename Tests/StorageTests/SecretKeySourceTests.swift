// SecretKeySourceTests: the secret key from A4B_SECRET_KEY or the 0600 key file, and the refusals in between.
import Foundation
import Storage
import Testing

/// The permission bits of the file at `path`.
func permissions(_ path: String) throws -> Int {
    try #require(FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int)
}

func setPermissions(_ mode: Int, _ path: String) throws {
    try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)
}

@Suite struct SecretKeySourceTests {
    /// Replicas on one PostgreSQL must share the key: one made up by a single replica would seal what the others
    /// cannot open, so a missing key is an error there; an existing key file and the environment still work.
    @Test func onASharedDatabaseAMissingKeyIsAnErrorNotANewKey() throws {
        try withTemporaryDirectory { (directory: URL) throws -> Void in
            let error = #expect(throws: SecretError.self) {
                try SecretKeySource.load(environmentValue: nil, dataDirectory: directory.path, createIfMissing: false)
            }
            #expect(error?.code == "secret.shared_secret_missing")
            #expect(error?.message.contains("A4B_SECRET_KEY") == true)
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
            let made = try SecretKeySource.load(environmentValue: nil, dataDirectory: directory.path)
            #expect(try SecretKeySource.load(environmentValue: nil, dataDirectory: directory.path, createIfMissing: false).key == made.key)
            let fromEnvironment = try SecretKeySource.load(environmentValue: Data(repeating: 7, count: 32).base64EncodedString(),
                                                           dataDirectory: directory.path, createIfMissing: false)
            #expect(fromEnvironment.key == [UInt8](repeating: 7, count: 32))
        }
    }

    @Test func aMissingKeyFileIsCreatedWithMode0600AndReusedOnTheNextLoad() throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "secret.key").path
            let first = try SecretKeySource.load(environmentValue: nil, dataDirectory: directory.path)
            #expect(first.key.count == 32)
            #expect(first.origin == "new key file \(path)")
            #expect(try permissions(path) == 0o600)
            #expect(try [UInt8](Data(contentsOf: URL(fileURLWithPath: path))) == first.key)
            // No temporary file is left beside it.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["secret.key"])

            let second = try SecretKeySource.load(environmentValue: nil, dataDirectory: directory.path)
            #expect(second.key == first.key)
            #expect(second.origin == "key file \(path)")
            #expect(try permissions(path) == 0o600)
        }
    }

    @Test func twoDataDirectoriesGetDifferentKeys() throws {
        try withTemporaryDirectory { first in
            try withTemporaryDirectory { second in
                let a = try SecretKeySource.load(environmentValue: nil, dataDirectory: first.path)
                let b = try SecretKeySource.load(environmentValue: nil, dataDirectory: second.path)
                #expect(a.key != b.key)
            }
        }
    }

    @Test func concurrentFirstLoadsAllGetTheSameKey() async throws {
        try await withTemporaryDirectory { directory in
            let keys = try await withThrowingTaskGroup(of: [UInt8].self) { group in
                for _ in 0..<8 {
                    group.addTask { try SecretKeySource.load(environmentValue: nil, dataDirectory: directory.path).key }
                }
                return try await group.reduce(into: Set<[UInt8]>()) { $0.insert($1) }
            }
            #expect(keys.count == 1)
        }
    }

    @Test(arguments: [0o640, 0o644, 0o604, 0o660, 0o602])
    func aKeyFileOthersMayAccessIsRefused(mode: Int) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "secret.key").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(repeating: 1, count: 32)))
            try setPermissions(mode, path)
            let error = #expect(throws: SecretError.self) {
                try SecretKeySource.load(environmentValue: nil, dataDirectory: directory.path)
            }
            #expect(error?.code == "secret.file_too_open")
            #expect(error?.message.contains("chmod 600 \(path)") == true)
            // Refused, not repaired behind the operator's back.
            #expect(try permissions(path) == mode)
        }
    }

    @Test func aKeyFileMayHoldBase64Text() throws {
        try withTemporaryDirectory { directory in
            let key = [UInt8](100..<132)
            let path = directory.appending(path: "secret.key").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data((Data(key).base64EncodedString() + "\n").utf8)))
            try setPermissions(0o600, path)
            let loaded = try SecretKeySource.load(environmentValue: nil, dataDirectory: directory.path)
            #expect(loaded.key == key)
            #expect(loaded.origin == "key file \(path)")
        }
    }

    @Test(arguments: ["", "short", String(repeating: "x", count: 33)])
    func aKeyFileOfAnotherShapeIsRefused(contents: String) throws {
        try withTemporaryDirectory { directory in
            let path = directory.appending(path: "secret.key").path
            #expect(FileManager.default.createFile(atPath: path, contents: Data(contents.utf8)))
            try setPermissions(0o600, path)
            let error = #expect(throws: SecretError.self) {
                try SecretKeySource.load(environmentValue: nil, dataDirectory: directory.path)
            }
            #expect(error?.code == "secret.malformed_file")
            #expect(error?.message.contains(path) == true)
        }
    }

    @Test func theEnvironmentKeyWinsAndNoFileIsCreated() throws {
        try withTemporaryDirectory { directory in
            let key = [UInt8](repeating: 0xC3, count: 32)
            let loaded = try SecretKeySource.load(environmentValue: Data(key).base64EncodedString(), dataDirectory: directory.path)
            #expect(loaded.key == key)
            #expect(loaded.origin == "environment A4B_SECRET_KEY")
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }

    @Test(arguments: [
        "",
        "not base64 at all!",
        Data(repeating: 1, count: 16).base64EncodedString(),  // AES-128 length
        Data(repeating: 1, count: 33).base64EncodedString(),
        String(repeating: "a", count: 32),                    // 32 characters, not 32 bytes of base64
    ])
    func aMalformedEnvironmentKeyIsRefusedNotIgnored(value: String) throws {
        try withTemporaryDirectory { (directory: URL) throws in
            let error = #expect(throws: SecretError.self) {
                try SecretKeySource.load(environmentValue: value, dataDirectory: directory.path)
            }
            #expect(error?.code == "secret.malformed_environment_value")
            #expect(error?.message.contains("A4B_SECRET_KEY") == true)
            #expect(error?.message.contains("base64 of exactly 32 bytes") == true)
            if !value.isEmpty {
                #expect(error?.message.contains(value) == false)
            }
            // No fallback to a key file.
            #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path).isEmpty)
        }
    }

    @Test func aMissingDataDirectoryIsAFileErrorNamingThePath() throws {
        try withTemporaryDirectory { directory in
            let missing = directory.appending(path: "no/such/dir").path
            let error = #expect(throws: SecretError.self) {
                try SecretKeySource.load(environmentValue: nil, dataDirectory: missing)
            }
            #expect(error?.code == "secret.file_error")
            #expect(error?.message.contains(missing) == true)
        }
    }
}
