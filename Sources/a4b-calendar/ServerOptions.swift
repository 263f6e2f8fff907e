// The `serve` flags for the HTTP server, each with its A4B_* environment variable.
import ArgumentParser
import HTTPServer
import Logging
import Observability

struct ServerOptions: ParsableArguments {
    @Option(help: "Address to listen on; 0.0.0.0 for every interface. [env: A4B_HOST] (default: 127.0.0.1)")
    var host: String?

    @Option(help: "TCP port; 0 picks a free one, named in the first log line. [env: A4B_PORT] (default: 8080)")
    var port: Int?

    @Option(help: "I/O threads that own the sockets and run their requests' handlers. [env: A4B_IO_THREADS] (default: 2)")
    var ioThreads: Int?

    @Option(help: "Largest request body in bytes; larger gets 413. [env: A4B_MAX_BODY_BYTES] (default: 1048576)")
    var maxBodyBytes: Int?

    @Option(help: "Most open client connections; more get 503. [env: A4B_MAX_CONNECTIONS] (default: 4096)")
    var maxConnections: Int?

    @Option(help: "Seconds a client may take to send a request's headers. [env: A4B_HEADER_TIMEOUT] (default: 10)")
    var headerTimeout: Double?

    @Option(help: "Seconds a client may take to send a request's body. [env: A4B_BODY_TIMEOUT] (default: 30)")
    var bodyTimeout: Double?

    @Option(help: "Seconds an idle keep-alive connection stays open. [env: A4B_IDLE_TIMEOUT] (default: 60)")
    var idleTimeout: Double?

    @Option(help: "Seconds a client may take to read a response. [env: A4B_WRITE_TIMEOUT] (default: 30)")
    var writeTimeout: Double?

    @Option(help: "Seconds in-flight requests get to finish on SIGTERM/SIGINT. [env: A4B_DRAIN_TIMEOUT] (default: 10)")
    var drainTimeout: Double?

    func configuration() throws -> HTTPServerConfiguration {
        var configuration = HTTPServerConfiguration()
        configuration.host = try Setting.resolve(host, env: "A4B_HOST", default: "127.0.0.1")
        configuration.port = try Setting.resolve(port, env: "A4B_PORT", default: 8080)
        configuration.ioThreads = try Setting.resolve(ioThreads, env: "A4B_IO_THREADS", default: 2)
        configuration.limits.maxBodyBytes = try Setting.resolve(maxBodyBytes, env: "A4B_MAX_BODY_BYTES", default: 1_048_576)
        configuration.maxConnections = try Setting.resolve(maxConnections, env: "A4B_MAX_CONNECTIONS", default: 4096)
        configuration.headerTimeout = try Setting.resolve(headerTimeout, env: "A4B_HEADER_TIMEOUT", default: 10)
        configuration.bodyTimeout = try Setting.resolve(bodyTimeout, env: "A4B_BODY_TIMEOUT", default: 30)
        configuration.idleTimeout = try Setting.resolve(idleTimeout, env: "A4B_IDLE_TIMEOUT", default: 60)
        configuration.writeTimeout = try Setting.resolve(writeTimeout, env: "A4B_WRITE_TIMEOUT", default: 30)
        configuration.drainTimeout = try Setting.resolve(drainTimeout, env: "A4B_DRAIN_TIMEOUT", default: 10)
        guard (0...65535).contains(configuration.port) else { throw ValidationError("port must be 0...65535, not \(configuration.port)") }
        guard (1...64).contains(configuration.ioThreads) else { throw ValidationError("io-threads must be 1...64") }
        guard configuration.limits.maxBodyBytes > 0, configuration.maxConnections > 0 else {
            throw ValidationError("max-body-bytes and max-connections must be positive")
        }
        for (name, value) in [("header-timeout", configuration.headerTimeout), ("body-timeout", configuration.bodyTimeout),
                              ("idle-timeout", configuration.idleTimeout), ("write-timeout", configuration.writeTimeout),
                              ("drain-timeout", configuration.drainTimeout)] where !(value > 0) {
            throw ValidationError("\(name) must be a positive number of seconds")
        }
        return configuration
    }
}

struct CommonOptions: ParsableArguments {
    @Option(help: "Folder for the SQLite database and key files; created with mode 0700. [env: A4B_DATA_DIR] (default: ./data)")
    var dataDir: String?

    @Option(help: "Least severe log level written: trace, debug, info, notice, warning, error, critical. [env: A4B_LOG_LEVEL] (default: info)")
    var logLevel: String?

    func resolvedDataDir() throws -> String { try Setting.resolve(dataDir, env: "A4B_DATA_DIR", default: "./data") }

    func resolvedLogLevel() throws -> Logger.Level {
        let text = try Setting.resolve(logLevel, env: "A4B_LOG_LEVEL", default: "info")
        guard let level = Logger.Level(rawValue: text.lowercased()) else {
            throw ValidationError("log level \(text) is not one of trace, debug, info, notice, warning, error, critical")
        }
        return level
    }

    /// Sets up JSON-lines logging to stderr and returns the service's logger.
    func makeLogger() throws -> Logger {
        let level = try resolvedLogLevel()
        LoggingSystem.bootstrap { JSONLogHandler(label: $0, level: level) }
        return Logger(label: "a4b-calendar")
    }
}
