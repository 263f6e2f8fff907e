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
            /_fake/ (health, mailboxes/{smtp}/events, mailboxes/{smtp}/inbox, sent, faults, reset, stats). With \
            --smtp-port it also accepts SMTP (plain, AUTH PLAIN/LOGIN with fixture credentials optional) for the fixture's \
            addresses and keeps one copy of each Message-ID per mailbox; the smtpUnavailable fault makes it answer 421. Plain HTTP only: put a TLS proxy in \
            front to test certificates. Logs are JSON lines on stderr; the first names the port. See Examples/README.md \
            for the fixture format.
            """,
        version: "0.1.0"
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "TCP port; 0 picks a free one, named in the first log line.")
    var port = 8081

    @Option(help: "Also accept SMTP on this port (0: a free one, named in the log), delivering to the recipient's inbox at GET /_fake/mailboxes/{smtp}/inbox. Off when not given.")
    var smtpPort: Int?

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

        var smtp: SMTPListener?
        if let smtpPort {
            guard (0...65535).contains(smtpPort) else { throw ValidationError("smtp-port must be 0...65535, not \(smtpPort)") }
            do {
                smtp = try SMTPListener(fake: fake, host: host, port: smtpPort, logger: logger)
            } catch {
                throw ValidationError("cannot listen for SMTP on \(host):\(smtpPort): \(error)")
            }
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
        var listening: Logger.Metadata = [
            "host": "\(host)", "port": "\(server.port)", "ews": "http://\(host):\(server.port)/EWS/Exchange.asmx",
            "build": "\(fake.settings.build.major).\(fake.settings.build.minor).\(fake.settings.build.majorBuild).\(fake.settings.build.minorBuild)",
        ]
        // One line names every port, so tools that start us with port 0 read them all from it.
        if let smtp { listening["smtp_port"] = "\(smtp.port)" }
        logger.notice("listening on http://\(host):\(server.port)", metadata: listening)
        LogSink.standardError.flush()
        let received = await signals.wait()
        logger.notice("shutting down", metadata: ["signal": "\(ShutdownSignals.name(received))"])
        smtp?.shutdown()
        await server.shutdown()
        LogSink.standardError.flush()
    }
}
