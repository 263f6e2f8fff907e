// SecretSearch: the secrets a test used, and where they must never be: log lines, response bodies, database files.
import Foundation

struct SecretSearch {
    struct Secret {
        let name: String
        let bytes: Data
        /// The one response allowed to show it (the one that creates it); nil: none.
        let createdBy: String?
    }

    private(set) var secrets: [Secret] = []

    mutating func add(_ name: String, _ value: String, createdBy: String? = nil) {
        secrets.append(Secret(name: name, bytes: Data(value.utf8), createdBy: createdBy))
    }

    mutating func add(_ name: String, bytes: Data) {
        secrets.append(Secret(name: name, bytes: bytes, createdBy: nil))
    }

    /// A password, in clear and as the HTTP Basic credentials it travels in to Exchange.
    mutating func addPassword(_ name: String, upn: String, password: String) {
        add(name, password)
        add("\(name) as Basic credentials", Data("\(upn):\(password)".utf8).base64EncodedString())
    }

    /// Every place a secret is found, e.g. "the AWS secret in the response to 'list AWS keys'"; empty when none is.
    func leaks(logs: [String], responses: [(what: String, body: String)] = [], files: [(name: String, bytes: Data)] = []) -> [String] {
        let log = Data(logs.joined(separator: "\n").utf8)
        var found: [String] = []
        for secret in secrets {
            if log.range(of: secret.bytes) != nil { found.append("\(secret.name) in the logs") }
            for response in responses where response.what != secret.createdBy && Data(response.body.utf8).range(of: secret.bytes) != nil {
                found.append("\(secret.name) in the response to '\(response.what)'")
            }
            for file in files where file.bytes.range(of: secret.bytes) != nil { found.append("\(secret.name) in \(file.name)") }
        }
        return found
    }

    /// The SQLite files (main, WAL, shared memory) of a data directory, as they are now, each named with `when`.
    static func databaseFiles(in directory: String, _ when: String) throws -> [(name: String, bytes: Data)] {
        try FileManager.default.contentsOfDirectory(atPath: directory).filter { $0.contains(".sqlite") }.sorted().compactMap { name in
            FileManager.default.contents(atPath: directory + "/" + name).map { ("\(name) \(when)", $0) }
        }
    }
}
