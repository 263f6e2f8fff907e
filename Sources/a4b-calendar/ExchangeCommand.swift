// `a4b-calendar exchange test`: the connectivity test from the command line, one line per step.
import ArgumentParser
import CalendarBackend
import Curl
import EWS
import Foundation
import Glibc
import Logging
import Observability

struct ExchangeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "exchange",
        abstract: "Exchange service-account tools.",
        subcommands: [ExchangeTestCommand.self]
    )
}

struct ExchangeTestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "test",
        abstract: "Test a service account against an EWS endpoint, step by step (stores nothing).",
        discussion: """
            Runs the same steps as POST /v1/organizations/{orgId}/exchange/test: url, dns, tcp, tls, httpAuth, \
            authenticate, version, access, calendarOps. The password comes from A4B_EWS_PASSWORD, or is asked for \
            on the terminal. The arguments are validated as the REST route validates its body, before the password is \
            asked for and before any network call. Exits 0 when every step passes, 1 when one fails, 64 when an \
            argument is invalid (then nothing was tried).
            """
    )

    @Option(help: "The service account's user principal name, e.g. alexaforbusiness@contoso.com.")
    var upn: String

    @Option(help: "The EWS endpoint, e.g. https://mail.contoso.com/EWS/Exchange.asmx.")
    var ewsUrl: String

    @Option(help: "impersonation or fullAccess.")
    var accessMethod: String = "impersonation"

    @Option(help: "A user's mailbox to prove the access method on (access and calendarOps steps).")
    var testMailbox: String?

    @Flag(help: "Also create and delete a test event in --test-mailbox.")
    var writeTest = false

    @Option(help: "Least severe log level written to stderr.")
    var logLevel = "warning"

    @OptionGroup var ews: EWSOptions

    func run() async throws {
        let level = Logger.Level(rawValue: logLevel) ?? .warning
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        // Everything but the password is checked before asking for it.
        try Self.refusingInvalid { _ = try account(password: "-").validated() }
        let password: String
        if let fromEnvironment = ProcessInfo.processInfo.environment["A4B_EWS_PASSWORD"], !fromEnvironment.isEmpty {
            password = fromEnvironment
        } else if let typed = getpass("Password for \(upn): "), typed.pointee != 0 {
            password = String(cString: typed)
        } else {
            throw ValidationError("no password: set A4B_EWS_PASSWORD or type it at the prompt")
        }
        let policy = try ews.policy()
        let transport = CurlTransport(configuration: policy.transportConfiguration)
        defer { transport.shutdown() }
        // The same validation and check as POST /v1/organizations/{orgId}/exchange/test.
        let tester = ConnectivityTester(check: EWSConnectivityCheck(policy: policy, transport: transport, logger: Logger(label: "exchange-test"),
                                                                    stepTimeout: try ews.stepTimeout()))
        let request = try Self.refusingInvalid { try account(password: password).validated() }
        let report = await tester.test(request.target)
        for step in report.steps {
            let reason = step.reason.map { " [\($0.rawValue)]" } ?? ""
            print("\(step.status.rawValue.padding(toLength: 8, withPad: " ", startingAt: 0)) \(step.id.padding(toLength: 12, withPad: " ", startingAt: 0)) \(step.durationMs) ms  \(step.detail)\(reason)")
        }
        LogSink.standardError.flush()
        if let failure = report.failure {
            print("FAILED: \(failure.reason.rawValue)")
            throw ExitCode(1)
        }
        print("PASSED" + (report.serverVersion.map { ": \($0)" } ?? ""))
    }

    private func account(password: String) -> ExchangeAccountInput {
        ExchangeAccountInput(upn: upn, password: password, ewsUrl: ewsUrl, accessMethod: accessMethod, testMailbox: testMailbox,
                             writeTest: writeTest)
    }

    /// Runs `body`, turning a refused input into a usage error (exit 64) that names the flag, not the JSON field.
    private static func refusingInvalid<T>(_ body: () throws -> T) throws -> T {
        do {
            return try body()
        } catch let error as ServiceError {
            let source: String?
            switch error.field {
            case "password": source = "A4B_EWS_PASSWORD (or the prompt)"
            case let field?: source = "--" + field.replacingOccurrences(of: "([a-z])([A-Z])", with: "$1-$2", options: .regularExpression).lowercased()
            case nil: source = nil
            }
            throw ValidationError(source.map { "\($0): \(error.message)" } ?? error.message)
        }
    }
}
