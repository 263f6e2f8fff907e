// `a4b-calendar serve`: open and migrate the database, start the HTTP server, drain on SIGTERM/SIGINT.
import ArgumentParser
import CalendarBackend
import Foundation
import HTTPServer
import Logging
import Storage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service.",
        discussion: """
            Listens on --host:--port and applies pending migrations to <data-dir>/a4b-calendar.sqlite. The first log line names the address it listens on. SIGTERM or SIGINT stops accepting, lets in-flight requests finish (up to --drain-timeout) and exits 0.
            """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var server: ServerOptions

    func run() async throws {
        let configuration = try server.configuration()
        let logger = try common.makeLogger()
        let signals = ShutdownSignals()

        let dataDirectory = try DataDirectory(path: try common.resolvedDataDir())
        let database: SQLiteDatabase
        let migrations: MigrationRunner
        do {
            database = try SQLiteDatabase(path: dataDirectory.databasePath)
            migrations = try MigrationRunner(database: database, logger: logger)
        } catch {
            logger.critical("cannot open the database", metadata: ["path": "\(dataDirectory.databasePath)", "error": "\(error)"])
            LogSink.standardError.flush()
            throw ExitCode(1)
        }

        let router = Router(logger: logger)
        let metrics = HTTPMetrics()
        OperatorRoutes.register(on: router, version: ServiceVersion.current, metrics: metrics) { migrations.readiness() }
        let httpServer = HTTPServer(configuration: configuration, router: router, metrics: metrics, logger: logger)
        do {
            try httpServer.start()
        } catch {
            logger.critical("cannot listen", metadata: ["host": "\(configuration.host)", "port": "\(configuration.port)", "error": "\(error)"])
            LogSink.standardError.flush()
            throw ExitCode(1)
        }
        // First line: tools that start us with --port 0 read the port from it.
        logger.notice("listening on http://\(configuration.host):\(httpServer.port)", metadata: [
            "host": "\(configuration.host)", "port": "\(httpServer.port)", "version": "\(ServiceVersion.current)",
        ])
        LogSink.standardError.flush()

        // Migrate after binding so the first line is the address; until this finishes,
        // GET /health/ready answers 503 naming the pending migrations.
        do {
            let applied = try migrations.migrate()
            logger.info("database ready", metadata: ["path": "\(dataDirectory.databasePath)", "applied": "\(applied.count)"])
        } catch {
            logger.critical("database migration failed; stopping", metadata: ["error": "\(error)"])
            await httpServer.shutdown()
            LogSink.standardError.flush()
            throw ExitCode(1)
        }

        let received = await signals.wait()
        logger.notice("shutting down", metadata: ["signal": "\(ShutdownSignals.name(received))", "drain_timeout_s": "\(configuration.drainTimeout)"])
        await httpServer.shutdown()
        logger.notice("stopped")
        LogSink.standardError.flush()
        _ = database
    }
}
