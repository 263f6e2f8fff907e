// The a4b-calendar command: `serve` runs the service, `migrate` prepares the database, `notify` sends password-expiry notices, `exchange test` checks a
// service account, `ask` talks to the service as an Alexa device.
import ArgumentParser
import CalendarBackend

@main
struct A4BCalendar: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "a4b-calendar",
        abstract: "The Alexa for Business calendar backend for Microsoft Exchange, as an HTTP/JSON service.",
        discussion: """
            Every option can also be set with the A4B_* environment variable named in its help; a flag wins over the variable, which wins over the default. Logs are JSON lines on stderr.
            """,
        version: ServiceVersion.current,
        subcommands: [ServeCommand.self, MigrateCommand.self, NotifyCommand.self, ExchangeCommand.self, AskCommand.self],
        defaultSubcommand: nil
    )
}
