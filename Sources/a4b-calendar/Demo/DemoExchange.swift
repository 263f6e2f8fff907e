// DemoExchange: the fake Exchange `serve --demo` runs in its own process, on a loopback port.
import FakeExchange
import Foundation
import HTTPServer
import Logging

/// A ``FakeExchange`` served on 127.0.0.1, seeded from a fixture with its events placed around today.
struct DemoExchange {
    let fake: FakeExchange
    let server: HTTPServer
    /// The fixture's service account with impersonation, and its first two other accounts with a mailbox and a password.
    let serviceAccount: (upn: String, password: String)
    let users: [String]

    var ewsURL: String { "http://127.0.0.1:\(server.port)/EWS/Exchange.asmx" }

    /// Starts the fake on `port` (0: a free one). Throws a message naming the fixture when it is missing or unusable.
    static func start(fixture path: String, port: Int, now: Date, logger: Logger) throws -> DemoExchange {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw DemoError("the demo's Exchange fixture \(path) cannot be read; run from the repository's folder or give --demo-fixture")
        }
        let fake: FakeExchange
        do {
            fake = try FakeExchange.load(fixture: data, now: now, logger: logger)
        } catch {
            throw DemoError("the demo's Exchange fixture \(path) is invalid: \(error)")
        }
        let accounts = try Self.accounts(in: data, path: path)
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.drainTimeout = 1
        // Its own access lines would double the service's; only its warnings are worth seeing.
        var quiet = logger
        quiet.logLevel = .warning
        let server = try fake.serve(configuration: configuration, logger: quiet)
        return DemoExchange(fake: fake, server: server, serviceAccount: accounts.service, users: accounts.users)
    }

    /// The first account holding an impersonation role, and the first two others with a mailbox and a password.
    private static func accounts(in data: Data, path: String) throws -> (service: (upn: String, password: String), users: [String]) {
        let mailboxes = ((try? JSONSerialization.jsonObject(with: data)) as? [String: Any])?["mailboxes"] as? [[String: Any]] ?? []
        guard let service = mailboxes.first(where: { $0["impersonation"] != nil && $0["password"] is String }),
              let smtp = service["smtp"] as? String, let password = service["password"] as? String else {
            throw DemoError("the demo's Exchange fixture \(path) has no account with an impersonation role and a password")
        }
        let users = mailboxes.filter { $0["impersonation"] == nil && $0["password"] is String && ($0["kind"] as? String ?? "user") == "user" }
            .compactMap { $0["smtp"] as? String }.filter { !$0.hasPrefix("svc") }.prefix(2)
        guard users.count == 2 else { throw DemoError("the demo's Exchange fixture \(path) needs two user mailboxes with passwords") }
        return ((service["upn"] as? String ?? smtp, password), Array(users))
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
