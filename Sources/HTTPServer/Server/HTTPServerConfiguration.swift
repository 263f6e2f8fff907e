// Everything an operator can tune about the HTTP server: address, threads, limits, timeouts.

/// Server settings. Defaults suit a service behind a load balancer; the executables expose the
/// address, threads, body limit, connection limit and timeouts as command-line flags and `A4B_*`
/// environment variables, and keep the defaults of the rest.
public struct HTTPServerConfiguration: Sendable {
    /// Address to listen on. `127.0.0.1` by default; `0.0.0.0` listens on every IPv4 interface.
    public var host = "127.0.0.1"
    /// TCP port; 0 asks the kernel for a free one (read it back from `HTTPServer.port`).
    public var port = 8080
    /// Event-loop threads that own the sockets and run the async handlers of their connections (see `EventLoop`).
    public var ioThreads = 2
    public var limits = HTTPParserLimits()
    /// Most client connections open at once; more are answered 503 and closed.
    public var maxConnections = 4096
    /// Time allowed from the first byte of a request to the end of its head (slowloris guard).
    public var headerTimeout: Double = 10
    /// Time allowed from the end of the head to the end of the body.
    public var bodyTimeout: Double = 30
    /// Time a keep-alive connection may sit idle between requests.
    public var idleTimeout: Double = 60
    /// Time allowed for a client to take a response before the connection is dropped.
    public var writeTimeout: Double = 30
    /// Most response bytes one connection may have waiting for its client. At or above it the server
    /// neither reads nor parses that connection's requests (pipelined ones wait in the kernel, and TCP
    /// flow control slows the client) until the client has read enough to bring it below again. A
    /// single response may take it over by its own size; a client that never reads is dropped after
    /// `writeTimeout`.
    public var maxPendingOutputBytes = 256 * 1024
    /// On shutdown, time in-flight requests get to finish before connections are closed anyway.
    public var drainTimeout: Double = 10
    /// Called on an I/O thread for each accepted connection; must be cheap and never block.
    public var onConnectionAccepted: (@Sendable () -> Void)?
    /// The listen(2) backlog.
    public var backlog: Int32 = 1024

    public init() {}
}
