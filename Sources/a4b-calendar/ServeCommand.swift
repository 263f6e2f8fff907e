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
import Synchronization

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the HTTP service.",
        discussion: """
            Listens on --host:--port and applies pending migrations to <data-dir>/a4b-calendar.sqlite, or to the \
            PostgreSQL of --database-url (A4B_DATABASE_URL), which several replicas may share; the API answers 503 until \
            they are applied, and while that database cannot be reached (it reconnects by itself). The first log line names the address it listens on. SIGTERM or SIGINT stops \
            accepting, lets in-flight requests finish (up to --drain-timeout) and exits 0. The admin token comes from \
            A4B_ADMIN_TOKEN or <data-dir>/admin-token (created on first start, mode 0600; its path is logged, never the \
            token). Service-account passwords are encrypted with AES-256-GCM under A4B_SECRET_KEY (base64, 32 bytes) or \
            <data-dir>/secret.key (created, mode 0600). Invitation links start with --public-url; set it when users reach \
            the service through another name (a proxy, or a server bound to 0.0.0.0). Invitations are kept in the \
            organization's outbox (GET /v1/organizations/{orgId}/outbox). Password-expiry \
            notices (14, 7, 3 and 1 days before a linked service account's passwordExpiresAt, then daily) go through \
            --smtp-url, or the outbox when it is unset, each exactly once; a pass runs at start and every \
            --notify-interval. Voice \
            queries arrive as plain JSON (POST /v1/organizations/{orgId}/voice) or as Alexa Skills Kit envelopes \
            (POST /v1/organizations/{orgId}/alexa, the skill endpoint); each waits at most --voice-deadline for Exchange. \
            Meeting rooms (/v1/organizations/{orgId}/rooms) answer and book their Exchange room calendars. The same \
            port serves the Alexa for Business API for AWS SDKs (POST / with X-Amz-Target: AlexaForBusiness.<Operation>, \
            AWS Signature Version 4 with keys from POST /v1/organizations/{orgId}/aws-credentials), e.g. boto3 \
            1.34.120 with endpoint_url. \
            --demo shows all of it on an empty data dir: a fake Exchange in the process, an organization linked to it \
            with two users and a meeting room, and a banner with the keys and commands to try.
            """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var storage: DatabaseOptions
    @OptionGroup var server: ServerOptions
    @OptionGroup var ews: EWSOptions
    @OptionGroup var voice: VoiceOptions
    @OptionGroup var mail: MailOptions
    @OptionGroup var clockOptions: ClockOptions
    @OptionGroup var demo: DemoOptions

    @Option(help: "Base URL of this service as invited users reach it, for invitation links, e.g. https://a4b.contoso.com. [env: A4B_PUBLIC_URL] (default: http://<host>:<port> as bound)")
    var publicUrl: String?

    @Option(help: "Seconds between password-expiry notice passes (one also runs right after start). [env: A4B_NOTIFY_INTERVAL] (default: 900)")
    var notifyInterval: Double?

    func run() async throws {
        HTTPServer.returnLargeBuffersToTheKernel()
        let configuration = try server.configuration()
        try demo.validate(host: configuration.host)
        var policy = try ews.policy()
        if demo.demo {
            // The demo's Exchange is a plain-HTTP fake on loopback.
            policy.allowPrivateAddresses = true
            policy.allowInsecureHTTP = true
        }
        let voiceSettings = try voice.settings()
        let smtp = try mail.settings()
        let clockChoice = try clockOptions.choice()
        let interval = try NotifyInterval.resolve(notifyInterval)
        let sharedDatabase = try storage.url() != nil
        _ = try storage.poolSize()
        let logger = try common.makeLogger()
        let signals = ShutdownSignals()
        let environment = ProcessInfo.processInfo.environment

        let dataDirectory = try DataDirectory(path: try common.resolvedDataDir())
        let database: any SQLDatabase
        let migrations: MigrationRunner
        let secrets: SecretBox
        let admin: (token: String, origin: String, created: Bool)
        do {
            database = try storage.open(dataDirectory)
            migrations = try MigrationRunner(database: database, logger: logger)
            // On a shared database every replica must seal and authenticate with the same secrets: never make one up.
            let key = try SecretKeySource.load(environmentValue: environment["A4B_SECRET_KEY"], dataDirectory: dataDirectory.path,
                                               createIfMissing: !sharedDatabase)
            secrets = try SecretBox(key: key.key)
            admin = try AdminTokenSource.load(environmentValue: environment["A4B_ADMIN_TOKEN"], dataDirectory: dataDirectory.path,
                                              createIfMissing: !sharedDatabase)
        } catch {
            logger.critical("cannot start", metadata: ["data_dir": "\(dataDirectory.path)", "error": "\(error)"])
            LogSink.standardError.flush()
            throw ExitCode(1)
        }

        let gate = StartupGate()
        let (clock, testClock) = ClockOptions.make(clockChoice, database: database)
        let publicURL = PublicURL(configured: try Self.publicURL(publicUrl))
        let stepTimeout = try ews.stepTimeout()
        let organizationStore = SQLOrganizationStore(database: database)
        let organizations = OrganizationService(store: organizationStore, adminToken: admin.token, clock: clock)
        let transport = CurlTransport(configuration: policy.transportConfiguration)
        let check = EWSConnectivityCheck(policy: policy, transport: transport, clock: clock, logger: logger, stepTimeout: stepTimeout)
        let linkStore = SQLExchangeLinkStore(database: database)
        let expiry = ExpiryAssembly(database: database, links: linkStore, organizations: organizationStore, smtp: smtp, clock: clock, logger: logger)
        let exchange = ExchangeLinkService(links: linkStore, secrets: secrets, check: check, clock: clock, logger: logger) { [healthEvents = expiry.healthEvents] id in
            do {
                try await healthEvents.reconcile(organizationID: id)
            } catch {
                logger.warning("updating health events failed; the next notice pass retries", metadata: ["organization": "\(id)", "error": "\(error)"])
            }
        }
        let users = SQLUserStore(database: database)
        let enrollment = EnrollmentService(users: users, organizations: organizationStore, secrets: secrets, clock: clock,
                                           invitationConfigurations: SQLInvitationConfigurationStore(database: database)) { token in
            publicURL.value + "/v1/invitations/" + token
        }
        let calendars = CalendarLinkService(
            users: users, exchange: exchange,
            check: EWSCalendarAccessCheck(policy: policy, transport: transport, clock: clock, logger: logger, callTimeout: stepTimeout),
            clock: clock, logger: logger)
        let sessions = SQLVoiceSessionStore(database: database)
        let voiceService = VoiceService(users: users, organizations: organizationStore, sessions: sessions, exchange: exchange,
                                        calendar: EWSVoiceCalendar(policy: policy, transport: transport, logger: logger), clock: clock,
                                        settings: voiceSettings, logger: logger)
        let metrics = HTTPMetrics()
        let awsCredentials = AWSCredentialService(store: SQLAWSCredentialStore(database: database), secrets: secrets, clock: clock)
        let profiles = RoomProfileService(store: SQLRoomProfileStore(database: database), clock: clock)
        let roomStore = SQLRoomStore(database: database)
        let roomVoice = RoomVoiceService(rooms: roomStore, profiles: profiles, organizations: organizationStore, exchange: exchange,
                                         calendar: EWSVoiceCalendar(policy: policy, transport: transport, logger: logger), clock: clock,
                                         settings: voiceSettings, logger: logger)
        let rooms = RoomService(rooms: roomStore, profiles: profiles, exchange: exchange,
                                check: EWSRoomCalendarCheck(policy: policy, transport: transport, clock: clock, logger: logger, callTimeout: stepTimeout),
                                clock: clock, logger: logger)
        let routes = RouterBuilder(errors: AWSAPI.errorRenderer(otherwise: RESTErrors.renderer), logger: logger)
        var dependencies = RESTAPI.Dependencies(
            version: ServiceVersion.current, metrics: metrics, readiness: {
                // Ready only once the API answers: the migrations can be applied a moment before the gate opens.
                let report = await migrations.currentReadiness()
                return report.isReady && !gate.isOpen ? Readiness(database: report.database, migrations: "applying") : report
            }, gate: gate,
            organizations: organizations, exchange: exchange, enrollment: enrollment, calendars: calendars,
            outbox: OutboxService(outbox: SQLOutboxStore(database: database)), voice: voiceService, awsCredentials: awsCredentials,
            rooms: rooms, roomVoice: roomVoice, expiry: expiry.expiry,
            healthEvents: expiry.healthEvents, clock: clock)
        dependencies.testClock = testClock.map { ($0, expiry.notifier) }
        dependencies.extraMetrics = { [metrics = expiry.metrics] in metrics.render() }
        RESTAPI.register(on: routes, dependencies)
        AWSAPI.register(on: routes, AWSAPI.Dependencies(
            credentials: awsCredentials, gate: gate, enrollment: enrollment, tags: TagService(store: SQLTagStore(database: database)),
            idempotency: IdempotentCreation(store: SQLIdempotencyStore(database: database), clock: clock), rooms: rooms, profiles: profiles,
            conferenceProviders: ConferenceProviderService(store: SQLConferenceProviderStore(database: database), clock: clock)))

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
        publicURL.bound(host: configuration.host, port: httpServer.port)
        logger.notice("admin token", metadata: ["source": "\(admin.origin)", "created": "\(admin.created)"])
        switch clockChoice {
        case .system: break
        case .file(let path):
            logger.warning("the service's clock is read from a file (testing aid); do not use in production", metadata: ["clock_file": "\(path)"])
        case .test:
            logger.warning("the service's clock is set with POST /v1/admin/clock (--test-clock, a testing aid); do not use in production")
        }
        if policy.allowPrivateAddresses || policy.allowInsecureHTTP {
            logger.warning("EWS safety checks relaxed", metadata: [
                "allow_private_ews": "\(policy.allowPrivateAddresses)", "allow_insecure_ews": "\(policy.allowInsecureHTTP)",
            ])
        }

        do {
            guard let applied = try await Self.migrateWhenReachable(migrations, signals: signals, logger: logger) else {
                logger.notice("stopped before the database could be reached")
                await httpServer.shutdown()
                LogSink.standardError.flush()
                return
            }
            try await testClock?.reload()
            gate.markReady()
            logger.info("database ready", metadata: ["database": "\(database.location)", "engine": "\(database.engine.rawValue)",
                                                     "applied": "\(applied.count)"])
        } catch {
            logger.critical("database migration failed; stopping", metadata: ["error": "\(error)"])
            await httpServer.shutdown()
            LogSink.standardError.flush()
            throw ExitCode(1)
        }

        // The test clock is in the database: a move made through another replica shows here within a second.
        let clockRefresh = testClock.map { testClock in
            Task {
                while !Task.isCancelled {
                    try? await Task.sleep(for: .seconds(1))
                    await testClock.refresh()
                }
            }
        }

        // Dialogs abandoned mid-way expire; their rows go once a minute.
        let pruning = Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(60))
                do {
                    _ = try await sessions.prune(now: clock.now())
                } catch {
                    logger.warning("pruning expired voice sessions failed", metadata: ["error": "\(error)"])
                }
            }
        }

        if demo.demo {
            do {
                try await startDemo(dataDirectory: dataDirectory.path, baseURL: publicURL.value, organizations: organizations, exchange: exchange,
                                    enrollment: enrollment, calendars: calendars, rooms: rooms, awsCredentials: awsCredentials, clock: clock,
                                    logger: logger)
            } catch {
                logger.critical("the demo could not start; stopping", metadata: ["error": "\(error)"])
                await httpServer.shutdown()
                LogSink.standardError.flush()
                throw ExitCode(1)
            }
        }

        // Password-expiry notices: a pass now, then every --notify-interval.
        logger.info("password-expiry notices", metadata: ["via": "\(expiry.mailer.description)", "interval_s": "\(interval)"])
        let notifying = NotifyInterval.loop(expiry.notifier, every: interval, logger: logger)

        let received = await signals.wait()
        pruning.cancel()
        notifying.cancel()
        clockRefresh?.cancel()
        logger.notice("shutting down", metadata: ["signal": "\(ShutdownSignals.name(received))", "drain_timeout_s": "\(configuration.drainTimeout)"])
        await httpServer.shutdown()
        transport.shutdown()
        expiry.smtpTransport?.shutdown()
        logger.notice("stopped")
        LogSink.standardError.flush()
    }

    /// Starts the demo's fake Exchange (on the port it had last time, if free), seeds or resumes the demo
    /// organization, and prints the banner. The fake lives as long as the process.
    private func startDemo(dataDirectory: String, baseURL: String, organizations: OrganizationService, exchange: ExchangeLinkService,
                           enrollment: EnrollmentService, calendars: CalendarLinkService, rooms: RoomService, awsCredentials: AWSCredentialService,
                           clock: any WallClock, logger: Logger) async throws {
        let kept = try DemoCredentials.load(from: dataDirectory)
        let fake: DemoExchange
        do {
            fake = try DemoExchange.start(fixture: demo.demoFixture, port: kept?.exchangePort ?? 0, now: clock.now(), logger: logger)
        } catch let error as DemoError {
            throw error
        } catch {
            guard kept != nil else { throw error }
            fake = try DemoExchange.start(fixture: demo.demoFixture, port: 0, now: clock.now(), logger: logger)
        }
        Self.demoExchange.withLock { $0 = fake }
        let credentials = try await DemoSeed(organizations: organizations, exchange: exchange, enrollment: enrollment, calendars: calendars,
                                             rooms: rooms, awsCredentials: awsCredentials, clock: clock, logger: logger)
            .run(exchange: fake, dataDirectory: dataDirectory)
        let expiresAt = try? await exchange.view(organizationID: credentials.organizationId).passwordExpiresAt
        let daysLeft = expiresAt.map { PasswordExpirySchedule(expiresAt: $0).daysLeft(at: clock.now()) }
        logger.notice("demo ready", metadata: ["organization": "\(credentials.organizationId)", "exchange": "\(fake.ewsURL)"])
        LogSink.standardError.flush()
        let banner = DemoBanner.text(credentials, baseURL: baseURL, executable: CommandLine.arguments.first ?? "a4b-calendar", exchange: fake,
                                     daysLeft: daysLeft, dataDirectory: dataDirectory)
        FileHandle.standardOutput.write(Data(banner.utf8))
    }

    /// Applies the pending migrations, waiting for a database that cannot be reached yet (PostgreSQL still starting,
    /// or restarting): retried every second, logged every 10 s, until it answers or a shutdown signal arrives (then
    /// nil). Any other failure (a refused schema, a broken migration) is thrown.
    static func migrateWhenReachable(_ migrations: MigrationRunner, signals: ShutdownSignals, logger: Logger) async throws -> [Migration]? {
        var lastLogged: ContinuousClock.Instant?
        while signals.received == nil {
            do {
                return try await Task.detached { try migrations.migrate() }.value
            } catch StorageError.unavailable(let reason) {
                if lastLogged.map({ ContinuousClock.now - $0 >= .seconds(10) }) ?? true {
                    logger.warning("the database cannot be reached; retrying every second", metadata: [
                        "database": "\(migrations.database.location)", "error": "\(reason)",
                    ])
                    LogSink.standardError.flush()
                    lastLogged = .now
                }
                try? await Task.sleep(for: .seconds(1))
            }
        }
        return nil
    }

    /// The demo's fake Exchange, kept alive for the life of the process.
    private static let demoExchange = Mutex<DemoExchange?>(nil)

    /// `--public-url` without a trailing slash, or nil when unset.
    static func publicURL(_ flag: String?) throws -> String? {
        let text = try Setting.resolve(flag, env: "A4B_PUBLIC_URL", default: "")
        guard !text.isEmpty else { return nil }
        guard let url = URL(string: text), let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https", url.host != nil,
              url.query == nil, url.fragment == nil else {
            throw ValidationError("public-url must be an http:// or https:// URL without query, such as https://a4b.contoso.com, not \(text)")
        }
        return text.hasSuffix("/") ? String(text.dropLast()) : text
    }
}

/// The base of invitation links: the configured public URL, or the address the server bound (known after start).
final class PublicURL: Sendable {
    private let configured: String?
    private let fromBinding = Mutex<String>("http://127.0.0.1")

    init(configured: String?) {
        self.configured = configured
    }

    var value: String { configured ?? fromBinding.withLock { $0 } }

    func bound(host: String, port: Int) {
        // An IPv6 literal needs brackets in a URL; 0.0.0.0 and :: are not addresses a user can open.
        let reachable = host == "0.0.0.0" || host == "::" ? "127.0.0.1" : host
        fromBinding.withLock { $0 = reachable.contains(":") ? "http://[\(reachable)]:\(port)" : "http://\(reachable):\(port)" }
    }
}
