// `a4b-calendar serve`: open the database, load secrets, start the HTTP server, migrate, and drain on
// SIGTERM/SIGINT.
import ArgumentParser
import CalendarBackend
import Curl
import EWS
import Foundation
import HTTPServer
import Logging
import Observability
import Storage

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service.",
        discussion: """
            Listens on --host:--port and applies pending migrations to <data-dir>/a4b-calendar.sqlite; the API answers \
            503 until they are applied. The first log line names the address it listens on. SIGTERM or SIGINT stops \
            accepting, lets in-flight requests finish (up to --drain-timeout) and exits 0. The admin token comes from \
            A4B_ADMIN_TOKEN or <data-dir>/admin-token (created on first start, mode 0600; its path is logged, never the \
            token). Service-account passwords are encrypted with AES-256-GCM under A4B_SECRET_KEY (base64, 32 bytes) or \
            <data-dir>/secret.key (created, mode 0600).
            """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var ews: EWSOptions

    func run() async throws {
        let configuration = try server.configuration()
        let policy = try ews.policy()
        let logger = try common.makeLogger()
        let signals = ShutdownSignals()
        let environment = ProcessInfo.processInfo.environment

        let dataDirectory = try DataDirectory(path: try common.resolvedDataDir())
        let database: SQLiteDatabase
        let migrations: MigrationRunner
        let secrets: SecretBox
        let admin: (token: String, origin: String, created: Bool)
        do {
            database = try SQLiteDatabase(path: dataDirectory.databasePath)
            migrations = try MigrationRunner(database: database, logger: logger)
            let key = try SecretKeySource.load(environmentValue: environment["A4B_SECRET_KEY"], dataDirectory: dataDirectory.path)
            secrets = try SecretBox(key: key.key)
            admin = try AdminTokenSource.load(environmentValue: environment["A4B_ADMIN_TOKEN"], dataDirectory: dataDirectory.path)
        } catch {
            logger.critical("cannot start", metadata: ["data_dir": "\(dataDirectory.path)", "error": "\(error)"])
            LogSink.standardError.flush()
            throw ExitCode(1)
        }

        let gate = StartupGate()
        let clock = SystemClock()
        let organizations = OrganizationService(store: SQLiteOrganizationStore(database: database), adminToken: admin.token, clock: clock)
        let transport = CurlTransport(configuration: policy.transportConfiguration)
        let check = EWSConnectivityCheck(policy: policy, transport: transport, clock: clock, logger: logger, stepTimeout: try ews.stepTimeout())
        let exchange = ExchangeLinkService(links: SQLiteExchangeLinkStore(database: database), secrets: secrets, check: check,
                                           clock: clock, logger: logger)
        let metrics = HTTPMetrics()
        let routes = RouterBuilder(errors: RESTErrors.renderer, logger: logger)
        RESTAPI.register(on: routes, RESTAPI.Dependencies(
            version: ServiceVersion.current, metrics: metrics, readiness: { await migrations.currentReadiness() }, gate: gate,
            organizations: organizations, exchange: exchange))

        let httpServer = HTTPServer(configuration: configuration, router: routes.build(), metrics: metrics, logger: logger)
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
        logger.notice("admin token", metadata: ["source": "\(admin.origin)", "created": "\(admin.created)"])
        if policy.allowPrivateAddresses || policy.allowInsecureHTTP {
            logger.warning("EWS safety checks relaxed", metadata: [
                "allow_private_ews": "\(policy.allowPrivateAddresses)", "allow_insecure_ews": "\(policy.allowInsecureHTTP)",
            ])
        }

        do {
            let applied = try migrations.migrate()
            gate.markReady()
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
        transport.shutdown()
        logger.notice("stopped")
        LogSink.standardError.flush()
    }
}
