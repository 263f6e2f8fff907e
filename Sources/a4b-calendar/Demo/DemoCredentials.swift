// DemoCredentials: what `serve --demo` seeded, kept in <data-dir>/demo-credentials.json (mode 0600), so every start
// prints the same banner and never seeds twice.
import Foundation
import Glibc

struct DemoCredentials: Codable, Equatable {
    init(organizationId: String, apiKey: String, users: [String], exchangePort: Int, complete: Bool) {
        self.organizationId = organizationId
        self.apiKey = apiKey
        self.users = users
        self.exchangePort = exchangePort
        self.complete = complete
    }

    var organizationId: String
    /// The organization's API key in clear: only the demo keeps one (keys are otherwise stored hashed).
    var apiKey: String
    var users: [String]
    /// The fake Exchange's port, reused at the next start so the stored link's EWS URL stays right.
    var exchangePort: Int
    /// false while the seed is under way: a start after a crash finishes it.
    var complete: Bool
    /// The meeting room on the fixture's first room mailbox (nil in a demo seeded before rooms existed, until seeded).
    var roomId: String?
    /// The organization's AWS access key for the AWS-compatible API, and its secret in clear (only the demo keeps one).
    var awsAccessKeyId: String?
    var awsSecretAccessKey: String?

    static func path(in dataDirectory: String) -> String { dataDirectory + "/demo-credentials.json" }

    static func load(from dataDirectory: String) throws -> DemoCredentials? {
        let path = path(in: dataDirectory)
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        do {
            return try JSONDecoder().decode(DemoCredentials.self, from: data)
        } catch {
            throw DemoError("\(path) is not what --demo wrote (\(error)); move it away to seed a new demo")
        }
    }

    /// Written to a temporary file with mode 0600 and renamed, so a crash never leaves half a file.
    func save(in dataDirectory: String) throws {
        let path = Self.path(in: dataDirectory)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        let data = try encoder.encode(self)
        let temporary = path + ".tmp"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        guard descriptor >= 0 else { throw DemoError("cannot write \(temporary): \(String(cString: strerror(errno)))") }
        let written = data.withUnsafeBytes { write(descriptor, $0.baseAddress, $0.count) }
        let synced = fsync(descriptor) == 0
        close(descriptor)
        guard written == data.count, synced, rename(temporary, path) == 0 else {
            throw DemoError("cannot write \(path): \(String(cString: strerror(errno)))")
        }
    }
}
