// `a4b-calendar migrate`: apply pending migrations to the database and report them.
import ArgumentParser
import CalendarBackend
import Foundation
import Observability
import Storage

struct MigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Apply pending database migrations (Migrations/*.sql, built into the binary) and exit.",
        discussion: """
            `serve` also migrates at start-up; run this to prepare a database ahead of a deployment. Migrates the SQLite \
            file in the data dir, or the PostgreSQL of --database-url (A4B_DATABASE_URL); several replicas migrating one \
            PostgreSQL at once apply each migration once.
            """
    )

    @OptionGroup var common: CommonOptions
    @OptionGroup var storage: DatabaseOptions

    func run() async throws {
        let logger = try common.makeLogger()
        let dataDirectory = try DataDirectory(path: try common.resolvedDataDir())
        do {
            let database = try storage.open(dataDirectory)
            let runner = try MigrationRunner(database: database, logger: logger)
            let applied = try runner.migrate()
            let status = try runner.status()
            print(applied.isEmpty
                  ? "\(database.location): up to date (\(status.appliedCount) migrations applied)"
                  : "\(database.location): applied \(applied.map(\.name).joined(separator: ", "))")
        } catch {
            logger.critical("migration failed", metadata: ["error": "\(error)"])
            LogSink.standardError.flush()
            throw ExitCode(1)
        }
    }
}
