// The fake-exchange command: an EWS server seeded from a JSON fixture, for tests and demos.
import ArgumentParser
import FakeExchange
import Foundation
import HTTPServer
import Logging
import Observability

@main
struct FakeExchangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fake-exchange",
        abstract: "A fake Microsoft Exchange server speaking EWS (SOAP), seeded from a JSON fixture.",
        discussion: """
            Serves POST /EWS/Exchange.asmx (path case-insensitive) with Basic auth, impersonation and delegate access \
            checked against the fixture; /owa/ redirects to an HTML sign-in page; the JSON control API lives under \
            /_fake/ (health, mailboxes/{smtp}/events, sent, faults, reset, stats). Plain HTTP only: put a TLS proxy in \
            front to test certificates. Logs are JSON lines on stderr; the first names the port. See Examples/README.md \
            for the fixture format.
            """,
        version: "0.1.0"
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "TCP port; 0 picks a free one, named in the first log line.")
    var port = 8081

    @Option(help: "The JSON fixture: server settings, mailboxes, rights and events (e.g. Examples/contoso.json).")
    var fixture: String

    @Option(help: "Least severe log level written: trace, debug, info, notice, warning, error, critical.")
    var logLevel = "info"

    func run() async throws {
        guard let level = Logger.Level(rawValue: logLevel.lowercased()) else {
            throw ValidationError("log level \(logLevel) is not one of trace, debug, info, notice, warning, error, critical")
        }
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        let logger = Logger(label: "fake-exchange")
        let signals = ShutdownSignals()

        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: fixture))
        } catch {
            throw ValidationError("cannot read fixture \(fixture): \(error.localizedDescription)")
        }
        let fake: FakeExchange
        do {
            fake = try FakeExchange.load(fixture: data, now: Date(), logger: logger)
        } catch {
            throw ValidationError("fixture \(fixture) is invalid: \(error)")
        }

        var configuration = HTTPServerConfiguration()
        configuration.host = host
        configuration.port = port
        configuration.drainTimeout = 2
        let server: HTTPServer
        do {
            server = try fake.serve(configuration: configuration, logger: logger)
        } catch {
            throw ValidationError("cannot listen on \(host):\(port): \(error)")
        }
        logger.notice("listening on http://\(host):\(server.port)", metadata: [
            "host": "\(host)", "port": "\(server.port)", "ews": "http://\(host):\(server.port)/EWS/Exchange.asmx",
            "build": "\(fake.settings.build.major).\(fake.settings.build.minor).\(fake.settings.build.majorBuild).\(fake.settings.build.minorBuild)",
        ])
        LogSink.standardError.flush()
        let received = await signals.wait()
        logger.notice("shutting down", metadata: ["signal": "\(ShutdownSignals.name(received))"])
        await server.shutdown()
        LogSink.standardError.flush()
    }
}
