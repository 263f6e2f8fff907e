// DatabaseOptions: which database the service uses: the SQLite file in the data dir, or a shared PostgreSQL.
import ArgumentParser
import CalendarBackend
import Foundation
import Storage

struct DatabaseOptions: ParsableArguments {
    @Option(help: ArgumentHelp(
        "PostgreSQL shared by replicas: postgres://user:password@host:port/db?sslmode=..., postgresql://..., or a Unix socket directory as libpq takes it (postgresql:///db?host=/var/run/postgresql). Prefer the environment variable: a flag shows in `ps`. Replicas must share A4B_SECRET_KEY and A4B_ADMIN_TOKEN. [env: A4B_DATABASE_URL] (default: the SQLite file <data-dir>/a4b-calendar.sqlite)",
        valueName: "url"))
    var databaseUrl: String?

    @Option(help: "PostgreSQL connections this process keeps open, each with a thread of its own (1-64). [env: A4B_DATABASE_POOL_SIZE] (default: 4)")
    var databasePoolSize: Int?

    /// The PostgreSQL URL, or nil for SQLite.
    func url() throws -> String? {
        let url = try Setting.resolve(databaseUrl, env: "A4B_DATABASE_URL", default: "")
        guard !url.isEmpty else { return nil }
        // libpq also takes `key=value` connection strings; anything else is a mistake (a path, a typo).
        guard PostgresURL.looksLikePostgres(url) || url.contains("=") else {
            throw ValidationError("--database-url must be a PostgreSQL URL (postgres://... or postgresql://...) or a libpq connection string; "
                                  + "leave it unset for the SQLite file in the data dir")
        }
        return url
    }

    func poolSize() throws -> Int {
        let size = try Setting.resolve(databasePoolSize, env: "A4B_DATABASE_POOL_SIZE", default: 4)
        guard (1...64).contains(size) else { throw ValidationError("--database-pool-size must be between 1 and 64, not \(size)") }
        return size
    }

    /// Opens the database: PostgreSQL when a URL is given (nothing is connected yet), else the data dir's SQLite
    /// file. Throws ``StorageError`` for a file that cannot be opened or a URL libpq cannot read.
    func open(_ dataDirectory: DataDirectory) throws -> any SQLDatabase {
        if let url = try url() {
            return try PostgresDatabase(url: url, poolSize: try poolSize())
        }
        return try SQLiteDatabase(path: dataDirectory.databasePath)
    }
}
