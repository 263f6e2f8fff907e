// The flags for password-expiry notices: where mail goes (an SMTP relay, or the outbox), how often the scheduler
// runs, and the clocks tests set.
import ArgumentParser
import CalendarBackend
import Curl
import Foundation
import Storage

struct MailOptions: ParsableArguments {
    @Option(help: "SMTP relay for password-expiry notices: smtp://host:port (STARTTLS when offered) or smtps://host:port. Unset: notices are kept in the organization's outbox. [env: A4B_SMTP_URL]")
    var smtpUrl: String?

    @Option(help: "Sender address of the notices. [env: A4B_SMTP_FROM] (default: a4b-calendar@localhost)")
    var smtpFrom: String?

    @Option(help: "SMTP AUTH user name; its password comes from A4B_SMTP_PASSWORD or --smtp-password-file, never a flag. With AUTH, an smtp:// relay off this machine must offer STARTTLS. [env: A4B_SMTP_USERNAME]")
    var smtpUsername: String?

    @Option(help: "File holding the SMTP AUTH password (its first line). [env: A4B_SMTP_PASSWORD_FILE]")
    var smtpPasswordFile: String?

    @Option(help: "Seconds one SMTP submission may take. [env: A4B_SMTP_TIMEOUT] (default: 30)")
    var smtpTimeout: Double?

    @Option(help: "Extra CA bundle (PEM) to trust for the relay's certificate besides the system store. [env: A4B_SMTP_CA_FILE]")
    var smtpCaFile: String?

    /// The relay's settings, or nil when none is configured (the outbox is used).
    func settings(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> SMTPSettings? {
        let url = try Setting.resolve(smtpUrl, env: "A4B_SMTP_URL", default: "")
        guard !url.isEmpty else { return nil }
        guard let parsed = URL(string: url), let scheme = parsed.scheme?.lowercased(), scheme == "smtp" || scheme == "smtps",
              let host = parsed.host, !host.isEmpty else {
            throw ValidationError("smtp-url must be smtp://host:port or smtps://host:port, not \(url)")
        }
        // The URL is logged and shown; credentials in it would be too.
        guard parsed.user == nil && parsed.password == nil else {
            throw ValidationError("smtp-url must not hold a user name or password; use --smtp-username and A4B_SMTP_PASSWORD")
        }
        let from = try Setting.resolve(smtpFrom, env: "A4B_SMTP_FROM", default: "a4b-calendar@localhost")
        guard from.contains("@"), !from.contains(where: { $0.isWhitespace || $0 == "<" || $0 == ">" }) else {
            throw ValidationError("smtp-from must be an e-mail address such as a4b-calendar@contoso.com, not \(from)")
        }
        let timeout = try Setting.resolve(smtpTimeout, env: "A4B_SMTP_TIMEOUT", default: 30)
        guard timeout > 0 && timeout <= 600 else { throw ValidationError("smtp-timeout must be between 0 and 600 seconds") }
        var settings = SMTPSettings(url: url, from: from, timeout: .milliseconds(Int(timeout * 1000)))
        let caFile = try Setting.resolve(smtpCaFile, env: "A4B_SMTP_CA_FILE", default: "")
        if !caFile.isEmpty {
            guard FileManager.default.isReadableFile(atPath: caFile) else { throw ValidationError("SMTP CA file \(caFile) cannot be read") }
            settings.caFile = caFile
        }
        let username = try Setting.resolve(smtpUsername, env: "A4B_SMTP_USERNAME", default: "")
        if !username.isEmpty {
            settings.credentials = (username, try password(environment: environment))
        }
        return settings
    }

    private func password(environment: [String: String]) throws -> String {
        let file = try Setting.resolve(smtpPasswordFile, env: "A4B_SMTP_PASSWORD_FILE", default: "")
        if !file.isEmpty {
            guard let text = try? String(contentsOfFile: file, encoding: .utf8) else { throw ValidationError("SMTP password file \(file) cannot be read") }
            return String(text.split(separator: "\n", omittingEmptySubsequences: false).first ?? "")
        }
        guard let password = environment["A4B_SMTP_PASSWORD"], !password.isEmpty else {
            throw ValidationError("smtp-username is set but no password: set A4B_SMTP_PASSWORD or --smtp-password-file")
        }
        return password
    }
}

struct ClockOptions: ParsableArguments {
    @Option(help: "Testing aid: read the service's clock from this file (an ISO 8601 instant such as 2027-01-05T10:00:00Z, re-read on every use; the system time while the file is missing). [env: A4B_CLOCK_FILE]")
    var clockFile: String?

    @Flag(help: "Testing aid: the clock is the instant set with POST /v1/admin/clock (admin token), kept in the database across restarts; each move runs a notice pass before answering. Without this flag that route does not exist. [env: A4B_TEST_CLOCK=true]")
    var testClock = false

    enum Choice {
        case system
        case file(String)
        case test
    }

    /// The clock `choice` names, on `database`; the test clock also comes back on its own, for its routes and for
    /// ``TestClock/reload()`` once the database is migrated (it answers the system time until then).
    static func make(_ choice: Choice, database: any SQLDatabase) -> (clock: any WallClock, testClock: TestClock?) {
        switch choice {
        case .system: return (SystemClock(), nil)
        case .file(let path): return (FileClock(path: path), nil)
        case .test:
            let clock = TestClock(store: SQLTestClockStore(database: database))
            return (clock, clock)
        }
    }

    func choice() throws -> Choice {
        let path = try Setting.resolve(clockFile, env: "A4B_CLOCK_FILE", default: "")
        let test = try testClock || Setting.flag(env: "A4B_TEST_CLOCK")
        if test && !path.isEmpty { throw ValidationError("--test-clock and --clock-file are two clocks; give one") }
        return test ? .test : path.isEmpty ? .system : .file(path)
    }
}
