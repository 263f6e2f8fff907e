// One client connection's state, owned by exactly one event loop thread.

/// A client connection. Only its event loop's thread touches it.
final class Connection {
    enum Phase {
        /// Reading (or waiting for) the next request.
        case reading
        /// A handler is running for the current request; input is not parsed until it answers,
        /// so pipelined responses go out in request order.
        case handling
        /// The final response was sent and the write side shut down; unread input is drained and
        /// dropped (never parsed) until the client closes or the deadline passes, so the client
        /// gets the response instead of a reset.
        case lingering(until: Double)
    }

    let fd: Int32
    /// Unique for the server's life: fds are reused, ids never. Epoll events and async completions
    /// name their connection by it.
    let id: UInt64
    let remoteAddress: String
    var phase = Phase.reading
    var input = InputBuffer()
    var parser: HTTPRequestParser
    var output: [UInt8] = []
    var outputSent = 0
    /// Close once the pending output is written (error, `Connection: close`, HTTP/1.0, draining).
    var closeAfterWrite = false
    /// The client shut down its sending side; answer what was received, then close.
    var peerClosed = false
    /// The epoll events currently registered, to skip redundant epoll_ctl calls.
    var registeredEvents: UInt32 = 0

    var lastActivity: Double
    var requestStartedAt: Double?
    var bodyStartedAt: Double?
    var writeStartedAt: Double?

    init(fd: Int32, id: UInt64, remoteAddress: String, limits: HTTPParserLimits, now: Double) {
        self.fd = fd
        self.id = id
        self.remoteAddress = remoteAddress
        self.parser = HTTPRequestParser(limits: limits)
        self.lastActivity = now
    }

    var hasPendingOutput: Bool { outputSent < output.count }

    /// Response bytes queued and not yet taken by the socket.
    var pendingOutputCount: Int { output.count - outputSent }

    var isHandling: Bool {
        if case .handling = phase { return true }
        return false
    }

    var isLingering: Bool {
        if case .lingering = phase { return true }
        return false
    }

    /// Idle: no request in progress, nothing to send. Safe to close at once on shutdown.
    var isIdle: Bool {
        if case .reading = phase { return !hasPendingOutput && !parser.isInsideRequest(buffer: input) }
        return false
    }
}
