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
    /// The fixture's first room mailbox the service account may impersonate, if any: the demo's meeting room.
    let room: (address: String, name: String)?

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
        let accounts = try Self.accounts(in: fake.mailboxes, path: path)
        var configuration = HTTPServerConfiguration()
        configuration.host = "127.0.0.1"
        configuration.port = port
        configuration.drainTimeout = 1
        // Its own access lines would double the service's; only its warnings are worth seeing.
        var quiet = logger
        quiet.logLevel = .warning
        let server = try fake.serve(configuration: configuration, logger: quiet)
        let service = fake.mailboxes.first { $0.smtp == accounts.service.upn || $0.upn == accounts.service.upn }
        let room = fake.mailboxes.first { mailbox in
            mailbox.kind == .room && (service?.impersonation?.admits(mailbox) ?? false)
        }.map { (address: $0.smtp, name: $0.displayName) }
        return DemoExchange(fake: fake, server: server, serviceAccount: accounts.service, users: accounts.users, room: room)
    }

    /// The first account holding an impersonation role, and the first two other people with a password.
    private static func accounts(in mailboxes: [Mailbox], path: String) throws -> (service: (upn: String, password: String), users: [String]) {
        guard let service = mailboxes.first(where: { $0.impersonation != nil && $0.password != nil }), let password = service.password else {
            throw DemoError("the demo's Exchange fixture \(path) has no account with an impersonation role and a password")
        }
        let users = mailboxes.filter { $0.impersonation == nil && $0.password != nil && $0.kind == .user && !$0.smtp.hasPrefix("svc") }
            .map(\.smtp).prefix(2)
        guard users.count == 2 else { throw DemoError("the demo's Exchange fixture \(path) needs two user mailboxes with passwords") }
        return ((service.upn ?? service.smtp, password), Array(users))
    }
}

struct DemoError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}
