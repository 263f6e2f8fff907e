// `a4b-calendar notify`: run the password-expiry scheduler outside `serve`: one pass (`--once`, for cron and tests)
// or passes every --notify-interval until SIGTERM.
import ArgumentParser
import CalendarBackend
import Foundation
import HTTPServer
import Logging
import Observability
import Storage

struct NotifyCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "notify",
        abstract: "Send the password-expiry notices that are due, as serve's scheduler does.",
        discussion: """
            Applies pending migrations to <data-dir>/a4b-calendar.sqlite, then records and delivers every notice due \
            (T-14d, T-7d, T-3d, T-1d, expired-day-N) through --smtp-url or the outbox. Safe beside a running serve on \
            the same data dir: each notice is claimed by one sender and sent once. With --once it prints what the pass \
            did as JSON ({"recorded", "sent", "failed", "superseded"}) and exits 0, or 1 when the database cannot be \
            used; a notice the relay refused is retried by the next pass, with back-off.
            """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var storage: DatabaseOptions
    @OptionGroup var mail: MailOptions
    @OptionGroup var clock: ClockOptions

    @Flag(help: "Run one pass and exit.")
    var once = false

    @Option(help: "Without --once: seconds between passes. [env: A4B_NOTIFY_INTERVAL] (default: 900)")
    var notifyInterval: Double?

    func run() async throws {
        let logger = try common.makeLogger()
        let smtp = try mail.settings()
        let interval = try NotifyInterval.resolve(notifyInterval)
        let dataDirectory = try DataDirectory(path: try common.resolvedDataDir())
        let database: any SQLDatabase
        do {
            database = try storage.open(dataDirectory)
            _ = try MigrationRunner(database: database, logger: logger).migrate()
        } catch {
            logger.critical("cannot open the database", metadata: ["data_dir": "\(dataDirectory.path)", "error": "\(error)"])
            LogSink.standardError.flush()
            throw ExitCode(1)
        }
        let (wallClock, testClock) = ClockOptions.make(try clock.choice(), database: database)
        try await testClock?.reload()
        let assembly = ExpiryAssembly(database: database, links: SQLExchangeLinkStore(database: database),
                                      organizations: SQLOrganizationStore(database: database), smtp: smtp, clock: wallClock, logger: logger)
        defer { assembly.smtpTransport?.shutdown() }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        if once {
            do {
                let report = try await assembly.notifier.runPass()
                print(String(decoding: try encoder.encode(report), as: UTF8.self))
            } catch {
                logger.error("notice pass failed", metadata: ["error": "\(error)"])
                LogSink.standardError.flush()
                throw ExitCode(1)
            }
            return
        }
        let signals = ShutdownSignals()
        logger.notice("notifier running", metadata: ["interval_s": "\(interval)", "via": "\(assembly.mailer.description)"])
        let loop = NotifyInterval.loop(assembly.notifier, every: interval, logger: logger)
        _ = await signals.wait()
        loop.cancel()
        logger.notice("stopped")
        LogSink.standardError.flush()
    }
}

/// `--notify-interval` / `A4B_NOTIFY_INTERVAL`, and one logged pass, shared by `serve` and `notify`.
enum NotifyInterval {
    static func resolve(_ flag: Double?) throws -> Double {
        let seconds = try Setting.resolve(flag, env: "A4B_NOTIFY_INTERVAL", default: 900)
        guard seconds >= 1 && seconds <= 86_400 else { throw ValidationError("notify-interval must be between 1 and 86400 seconds") }
        return seconds
    }

    /// A pass now, then one every `interval` seconds, until the task is cancelled.
    static func loop(_ notifier: ExpiryNotifier, every interval: Double, logger: Logger) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                await runLogged(notifier, logger: logger)
                try? await Task.sleep(for: .milliseconds(Int(interval * 1000)))
            }
        }
    }

    private static func runLogged(_ notifier: ExpiryNotifier, logger: Logger) async {
        do {
            let report = try await notifier.runPass()
            if !report.recorded.isEmpty || report.sent > 0 || report.failed > 0 {
                logger.info("notice pass", metadata: ["recorded": "\(report.recorded.count)", "sent": "\(report.sent)", "failed": "\(report.failed)",
                                                      "superseded": "\(report.superseded)"])
            }
        } catch {
            logger.warning("notice pass failed; the next one retries", metadata: ["error": "\(error)"])
        }
    }
}
