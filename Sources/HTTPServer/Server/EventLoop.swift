// One I/O thread: an epoll set of client sockets, reading, parsing, running handlers and writing.
import CEpoll
import Foundation
import Glibc
import IOReactor
import Logging
import Synchronization

/// An event loop thread. It owns its connections outright; other threads talk to it only through
/// `complete(...)`, `enqueue(_:)` and `wake()`, which go through locked queues and an eventfd.
///
/// It is also the task executor of the handlers it dispatches (see `LoopJobs`): a handler starts on this
/// thread, and when it resumes after waiting (Exchange answered, the database's thread finished) it comes back
/// here. A request then costs no thread hop but the ones its own waits need, where a handler on Swift's global
/// pool cost two more (loop to pool, pool to loop), each a futex wake-up: on a small machine most of a short
/// request's latency. Handlers must therefore never block; the stores and the EWS transport wait off-thread.
final class EventLoop: @unchecked Sendable {
    // @unchecked: everything but `completions`, `jobs`, `threadID` and the file descriptors is touched only by the
    // loop's own thread (inside `run()`); those are a Mutex, a Mutex, an Atomic, and `wake()` is a write(2) to an
    // eventfd.

    /// A handler's answer, handed back from the task pool to the loop that owns the connection.
    struct Completion {
        let connectionID: UInt64
        let request: HTTPRequest
        let route: String
        let keepAlive: Bool
        let startedAt: Double
        let response: HTTPResponse
    }

    private let context: ServerContext
    private let listenerFD: Int32
    private let epollFD: Int32
    private let wakeFD: Int32
    private let completions = Mutex<[Completion]>([])
    /// Jobs of handler tasks waiting to run on this thread.
    private let jobs = LoopJobs()
    /// The loop thread's pthread id once `run()` started (0 before): who may skip the eventfd wake-up.
    private let threadID = Atomic<UInt>(0)
    /// Work handed in by other threads (``IOReactor/execute(_:)``); nil once the loop has stopped.
    private let handedIn = Mutex<[@Sendable () -> Void]?>([])
    /// Descriptors watched for code running on this loop (libcurl's sockets), by fd; loop thread only.
    private var foreignWatches: [Int32: (events: UInt32, onReady: (IOReadiness) -> Void)] = [:]
    /// Timers by id; loop thread only.
    private var timers: [UInt64: (deadline: Double, fire: () -> Void)] = [:]
    private var nextTimerID: UInt64 = 1
    private var stopHooks: [() -> Void] = []
    /// Connections by id. Epoll events carry the id (`epoll_data.u64`), not the fd: an fd closed while
    /// handling one event of a batch can be reused by a connection accepted later in the same batch, and
    /// the batch's remaining event for the old fd must not reach the new connection.
    private var connections: [UInt64: Connection] = [:]
    /// Event keys of the two non-connection sources; connection ids count up from 1 and never reach them.
    static let wakeKey = UInt64.max
    static let listenerKey = UInt64.max - 1
    /// Event keys of foreign descriptors: this bit plus the fd (connection ids never reach it).
    static let foreignBit: UInt64 = 1 << 62
    private var listening = true
    /// Set while the listener is out of the epoll set after accept(2) failed (out of descriptors): a
    /// level-triggered listener with pending connections would otherwise wake every pass and spin.
    private var listenerPausedUntil: Double?
    /// How long the listener stays unwatched after accept(2) failed.
    static let acceptBackoff = 0.1
    private var readBuffer = [UInt8](repeating: 0, count: 64 * 1024)
    private var serializer = ResponseSerializer()
    private var accessLog: AccessLog
    private let sweepInterval: Double

    init(context: ServerContext, listenerFD: Int32) throws {
        self.context = context
        self.listenerFD = listenerFD
        accessLog = AccessLog(logger: context.logger)
        epollFD = epoll_create1(Int32(EPOLL_CLOEXEC))
        guard epollFD >= 0 else { throw SocketError(operation: "epoll_create1", errno: errno) }
        wakeFD = eventfd(0, Int32(EFD_NONBLOCK) | Int32(EFD_CLOEXEC))
        guard wakeFD >= 0 else { throw SocketError(operation: "eventfd", errno: errno) }
        let configuration = context.configuration
        let shortest = min(configuration.headerTimeout, configuration.bodyTimeout, configuration.idleTimeout, configuration.writeTimeout)
        sweepInterval = max(0.01, min(0.5, shortest / 4))
        try register(wakeFD, key: Self.wakeKey, events: EPOLLIN.rawValue)
        try registerListener()
    }

    deinit {
        close(epollFD)
        close(wakeFD)
    }

    // MARK: Cross-thread entry points

    /// Hands a handler's response to this loop; safe from any thread.
    func complete(_ completion: Completion) {
        completions.withLock { $0.append(completion) }
        // On the loop's own thread (the usual case) the loop drains completions before it waits again.
        if !isLoopThread { wake() }
    }

    /// Whether the caller runs on this loop's thread.
    var isLoopThread: Bool { threadID.load(ordering: .relaxed) == UInt(pthread_self()) }

    /// Makes `epoll_wait` return now (shutdown flags changed, or completions are queued).
    func wake() {
        var one: UInt64 = 1
        _ = write(wakeFD, &one, 8)
    }

    // MARK: The loop

    func run() {
        threadID.store(UInt(pthread_self()), ordering: .relaxed)
        IOReactorThread.setCurrent(self)
        defer { stopped() }
        var events = [epoll_event](repeating: epoll_event(), count: 256)
        var nextSweep = monotonicSeconds() + sweepInterval
        while true {
            let wakeAt = min(nextSweep, listenerPausedUntil ?? nextSweep, nearestTimer ?? nextSweep)
            // Work queued from this thread (a handler's next job, its answer) made no wake-up: do not sleep on it.
            let busy = jobs.hasPending || completions.withLock { !$0.isEmpty } || handedIn.withLock { !($0?.isEmpty ?? true) }
            let timeoutMS = busy ? 0 : Int32(max(0, (wakeAt - monotonicSeconds()) * 1000).rounded(.up))
            let count = epoll_wait(epollFD, &events, Int32(events.count), timeoutMS)
            if count < 0 && errno != EINTR {
                context.logger.critical("epoll_wait failed", metadata: ["errno": "\(errno)"])
                break
            }
            let now = monotonicSeconds()
            for index in 0..<max(0, Int(count)) {
                let event = events[index]
                switch event.data.u64 {
                case Self.wakeKey:
                    var value: UInt64 = 0
                    _ = read(wakeFD, &value, 8)
                case Self.listenerKey:
                    acceptConnections(now: now)
                case let key where key & Self.foreignBit != 0:
                    // Absent: unwatched earlier in this batch.
                    if let watch = foreignWatches[Int32(truncatingIfNeeded: key & 0xFFFF_FFFF)] {
                        let bits = event.events
                        watch.onReady(IOReadiness(readable: bits & EPOLLIN.rawValue != 0, writable: bits & EPOLLOUT.rawValue != 0,
                                                  failed: bits & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0))
                    }
                case let id:
                    // Absent: closed earlier in this batch; the event was for it, not for a reused fd.
                    if let connection = connections[id] { handleEvents(event.events, on: connection, now: now) }
                }
            }
            runDueTimers()
            runHandedIn()
            // Handlers dispatched or resumed above run now, and what they answered is written at once.
            jobs.runPending(on: self)
            drainCompletions(now: now)
            if context.stopping.load(ordering: .acquiring) {
                for connection in Array(connections.values) { closeConnection(connection) }
                break
            }
            if context.draining.load(ordering: .acquiring) { beginDrain() }
            if let until = listenerPausedUntil, now >= until { resumeListener() }
            if now >= nextSweep {
                sweepTimeouts(now: now)
                nextSweep = now + sweepInterval
            }
        }
    }

    // MARK: Accepting

    private func acceptConnections(now: Double) {
        guard listening else { return }
        // A bounded batch per wake-up keeps one loop from starving its existing connections.
        for _ in 0..<64 {
            let accepted: (fd: Int32, remote: String)?
            do {
                accepted = try context.descriptorExhaustion.accept { try Socket.accept(listenerFD) }
            } catch let error as SocketError where [EMFILE, ENFILE, ENOBUFS, ENOMEM].contains(error.errno) {
                outOfDescriptors(error, now: now)
                return
            } catch {
                context.logger.error("accept failed", metadata: ["error": "\(error)"])
                pauseListener(now: now)
                return
            }
            guard let (fd, remote) = accepted else { return }
            if let episode = context.descriptorExhaustion.accepted(at: now) {
                context.logger.notice("accepting connections again", metadata: [
                    "refused": "\(episode.refused)", "seconds": "\(String(format: "%.1f", episode.seconds))",
                ])
            }
            if context.metrics.openConnectionCount >= context.configuration.maxConnections {
                rejectOverLimit(fd)
                continue
            }
            let connection = Connection(fd: fd, id: context.makeConnectionID(), remoteAddress: remote,
                                        limits: context.configuration.limits, now: now)
            do {
                try register(fd, key: connection.id, events: EPOLLIN.rawValue)
            } catch {
                close(fd)
                continue
            }
            connection.registeredEvents = EPOLLIN.rawValue
            connections[connection.id] = connection
            context.metrics.connectionOpened()
            context.configuration.onConnectionAccepted?()
        }
    }

    /// accept(2) failed for lack of descriptors (ours or the system's). Logged once per episode; pending
    /// connections are refused with a 503 through the server's reserve descriptor (rather than left
    /// unanswered in the backlog), and the listener is left alone for `acceptBackoff` so that a full
    /// backlog cannot make the loop spin.
    private func outOfDescriptors(_ error: SocketError, now: Double) {
        if context.descriptorExhaustion.accepting(failedAt: now) {
            context.logger.warning("out of file descriptors; refusing new connections until some close", metadata: [
                "error": "\(error)", "open_connections": "\(context.metrics.openConnectionCount)",
            ])
        }
        let refused = context.descriptorExhaustion.withReserveReleased {
            var refused = 0
            // The freed descriptor is used and released again for each pending connection.
            while refused < 64, let pending = try? Socket.accept(listenerFD) {
                rejectOverLimit(pending.fd)
                refused += 1
            }
            return refused
        }
        context.descriptorExhaustion.refused(refused)
        pauseListener(now: now)
    }

    private func pauseListener(now: Double) {
        guard listening, listenerPausedUntil == nil else { return }
        epoll_ctl(epollFD, EPOLL_CTL_DEL, listenerFD, nil)
        listenerPausedUntil = now + Self.acceptBackoff
    }

    private func resumeListener() {
        listenerPausedUntil = nil
        guard listening else { return }
        do { try registerListener() } catch { context.logger.error("cannot watch the listener again", metadata: ["error": "\(error)"]) }
    }

    private func registerListener() throws {
        // EPOLLEXCLUSIVE: one loop is woken per incoming connection, not all of them.
        try register(listenerFD, key: Self.listenerKey, events: EPOLLIN.rawValue | EPOLLEXCLUSIVE.rawValue)
    }

    /// Over the connection limit (ours, or the process's descriptors): a best-effort 503 and an
    /// immediate close, without reading.
    private func rejectOverLimit(_ fd: Int32) {
        context.metrics.connectionRejected()
        let error = HTTPError(status: .serviceUnavailable, code: "TOO_MANY_CONNECTIONS",
                              message: "the server is at its connection limit; retry shortly", headers: ["Retry-After": "1"])
        let response = context.router.render(error, for: HTTPRequest(method: .get, path: "-"))
        let bytes = serializer.bytes(of: response, keepAlive: false)
        bytes.withUnsafeBytes { _ = send(fd, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
        close(fd)
    }

    // MARK: Reading and parsing

    private func handleEvents(_ events: UInt32, on connection: Connection, now: Double) {
        if events & (EPOLLERR.rawValue | EPOLLHUP.rawValue) != 0 {
            // Reset, or closed in both directions: nobody is left to read an answer.
            closeConnection(connection)
            return
        }
        if events & EPOLLOUT.rawValue != 0 {
            let wasBackedUp = isBackedUp(connection)
            flush(connection, now: now)
            if connections[connection.id] !== connection { return }
            if wasBackedUp && !isBackedUp(connection) {
                resumeAfterBackpressure(connection, now: now)
                return
            }
        }
        if events & EPOLLIN.rawValue != 0 {
            readAvailable(connection, now: now)
        }
    }

    private func readAvailable(_ connection: Connection, now: Double) {
        let received = readBuffer.withUnsafeMutableBytes { recv(connection.fd, $0.baseAddress, $0.count, 0) }
        if received < 0 {
            if errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR { return }
            closeConnection(connection)
            return
        }
        if case .lingering = connection.phase {
            // Draining the rest of a request we already refused: drop the bytes, never parse them.
            if received == 0 { closeConnection(connection) }
            return
        }
        if received == 0 {
            connection.peerClosed = true
            if connection.isIdle {
                closeConnection(connection)
                return
            }
        } else {
            if connection.requestStartedAt == nil && !connection.parser.isInsideRequest(buffer: connection.input) {
                connection.requestStartedAt = now
            }
            readBuffer.withUnsafeBytes { connection.input.append(UnsafeRawBufferPointer(rebasing: $0[0..<received])) }
            connection.lastActivity = now
        }
        processInput(connection, now: now)
    }

    /// Output backpressure: the client has not taken enough of what was already answered, so its next
    /// requests are neither parsed nor read (see `maxPendingOutputBytes`).
    private func isBackedUp(_ connection: Connection) -> Bool {
        connection.pendingOutputCount >= context.configuration.maxPendingOutputBytes
    }

    /// The client read enough: parse what is buffered and read again. Head and body deadlines restart,
    /// since the time spent waiting for the client to read was bounded by the write timeout instead.
    private func resumeAfterBackpressure(_ connection: Connection, now: Double) {
        if connection.requestStartedAt != nil { connection.requestStartedAt = now }
        if connection.bodyStartedAt != nil { connection.bodyStartedAt = now }
        processInput(connection, now: now)
    }

    /// Parses and answers buffered requests until one needs more bytes, goes to an async handler, or the
    /// client falls behind on reading the answers (then reading waits for EPOLLOUT to drain them).
    private func processInput(_ connection: Connection, now: Double) {
        while parseBuffered(connection, now: now) {
            // Stopped for backpressure: if the socket takes enough now, go on at once (the input may hold
            // every remaining request, and no EPOLLIN would come for bytes already read).
            flush(connection, now: now)
            guard connections[connection.id] === connection, !isBackedUp(connection) else { return }
        }
        // Bytes of a next (pipelined) request are already here: its header deadline starts now.
        if case .reading = connection.phase, connection.requestStartedAt == nil, !connection.input.isEmpty {
            connection.requestStartedAt = now
        }
        flush(connection, now: now)
    }

    /// The parsing half of `processInput`; true when it stopped because the output is backed up.
    private func parseBuffered(_ connection: Connection, now: Double) -> Bool {
        parsing: while case .reading = connection.phase, !connection.closeAfterWrite {
            if isBackedUp(connection) { return true }
            switch connection.parser.parse(&connection.input) {
            case .needMoreData:
                if connection.parser.isReadingBody && connection.bodyStartedAt == nil { connection.bodyStartedAt = now }
                if connection.peerClosed {
                    // The client stopped sending mid-request: nothing more can arrive.
                    connection.closeAfterWrite = true
                }
                break parsing

            case .sendContinue:
                connection.output.append(contentsOf: Self.continueLine)
                connection.bodyStartedAt = now

            case .failure(let status, let code, let message):
                let error = HTTPError(status: status, code: code, message: message)
                var request = HTTPRequest(method: .get, path: "-")
                request.requestID = context.requestID(for: request)
                request.remoteAddress = connection.remoteAddress
                finish(connection, request: request, route: "unparsed", keepAlive: false, startedAt: now,
                       response: context.router.render(error, for: request), now: now)
                break parsing

            case .request(var request, let keepAlive):
                // Latency is measured from here, not from the epoll wake-up, so it excludes time spent on
                // other connections' events in the same iteration.
                let startedAt = monotonicSeconds()
                connection.requestStartedAt = nil
                connection.bodyStartedAt = nil
                request.requestID = context.requestID(for: request)
                request.remoteAddress = connection.remoteAddress
                switch context.router.match(request) {
                case .response(let response, let template, let pathIsSecret):
                    if pathIsSecret { request.hidePath(behind: template) }
                    finish(connection, request: request, route: template, keepAlive: keepAlive, startedAt: startedAt, response: response, now: now)
                case .handler(let handler, let template, let parameters, let pathIsSecret):
                    request.route(parameters: parameters, template: template, pathIsSecret: pathIsSecret)
                    switch handler {
                    case .immediate(let run):
                        let response: HTTPResponse
                        do { response = try run(request) } catch { response = context.router.render(error, for: request) }
                        finish(connection, request: request, route: template, keepAlive: keepAlive, startedAt: startedAt, response: response, now: now)
                    case .async(let run):
                        dispatch(run, request: request, route: template, keepAlive: keepAlive, on: connection, now: startedAt)
                        break parsing
                    }
                }
            }
        }
        return false
    }

    /// Runs an async handler as a task on this loop (its executor); its response comes back through `complete`.
    private func dispatch(_ handler: @escaping AsyncHandler, request: HTTPRequest, route: String, keepAlive: Bool,
                          on connection: Connection, now: Double) {
        connection.phase = .handling
        let connectionID = connection.id, router = context.router
        Task.detached(executorPreference: self) { [self] in
            let response: HTTPResponse
            do { response = try await handler(request) } catch { response = router.render(error, for: request) }
            complete(Completion(connectionID: connectionID, request: request, route: route,
                                keepAlive: keepAlive, startedAt: now, response: response))
        }
    }

    private func drainCompletions(now: Double) {
        let ready = completions.withLock { queue -> [Completion] in
            defer { queue.removeAll(keepingCapacity: true) }
            return queue
        }
        for completion in ready {
            // The client may have gone (its fd perhaps reused by a new connection): ids are never reused.
            guard let connection = connections[completion.connectionID], connection.isHandling else { continue }
            connection.phase = .reading
            connection.lastActivity = now
            finish(connection, request: completion.request, route: completion.route, keepAlive: completion.keepAlive,
                   startedAt: completion.startedAt, response: completion.response, now: now)
            if connections[connection.id] === connection { processInput(connection, now: now) }
        }
    }

    // MARK: Responding

    /// Queues a response, records metrics and the access log line, and decides whether to close.
    private func finish(_ connection: Connection, request: HTTPRequest, route: String, keepAlive: Bool,
                        startedAt: Double, response: HTTPResponse, now: Double) {
        let duration = max(0, monotonicSeconds() - startedAt)
        context.metrics.recordRequest(method: request.method, route: route, status: response.status.code, seconds: duration)
        logAccess(request, route: route, status: response.status.code, duration: duration, bytes: response.body.count)

        if response.dropsConnection {
            closeConnection(connection)
            return
        }
        let draining = context.draining.load(ordering: .relaxed)
        let closing = !keepAlive || draining || connection.peerClosed
            || response.headers["Connection"]?.lowercased() == "close"
        let http10KeepAlive = !closing && request.version.minor == 0
        serializer.append(response, requestID: request.requestID, keepAlive: !closing, isHead: request.method == .head,
                          http10KeepAlive: http10KeepAlive, to: &connection.output)
        context.notePendingOutput(connection.pendingOutputCount)
        if closing { connection.closeAfterWrite = true }
    }

    private static let continueLine = Array("HTTP/1.1 100 Continue\r\n\r\n".utf8)

    /// Writes as much pending output as the socket takes; arms EPOLLOUT for the rest.
    private func flush(_ connection: Connection, now: Double) {
        while connection.hasPendingOutput {
            let sent = connection.output.withUnsafeBytes { bytes in
                send(connection.fd, bytes.baseAddress! + connection.outputSent, bytes.count - connection.outputSent, Int32(MSG_NOSIGNAL))
            }
            if sent < 0 {
                if errno == EAGAIN || errno == EWOULDBLOCK {
                    if connection.writeStartedAt == nil { connection.writeStartedAt = now }
                    break
                }
                if errno == EINTR { continue }
                closeConnection(connection)
                return
            }
            connection.outputSent += sent
        }
        if !connection.hasPendingOutput {
            connection.output.removeAll(keepingCapacity: connection.output.capacity <= 64 * 1024)
            connection.outputSent = 0
            connection.writeStartedAt = nil
            if connection.closeAfterWrite && !connection.isHandling && !connection.isLingering {
                startLingeringClose(connection, now: now)
                return
            }
        } else if connection.outputSent >= 64 * 1024 && connection.outputSent * 2 >= connection.output.count {
            // A client that keeps reading while it keeps pipelining may never let the output drain to
            // empty: drop the sent prefix, or the buffer would grow by everything ever sent.
            connection.output.removeFirst(connection.outputSent)
            connection.outputSent = 0
        }
        connection.input.compact()
        updateInterest(connection)
    }

    /// After the last response: stop sending, keep reading (and dropping) briefly so the kernel does not
    /// reset the connection over unread input before the client has read our answer.
    private func startLingeringClose(_ connection: Connection, now: Double) {
        if connection.peerClosed {
            closeConnection(connection)
            return
        }
        shutdown(connection.fd, Int32(SHUT_WR))
        connection.phase = .lingering(until: now + 2)
        connection.input = InputBuffer()
        updateInterest(connection)
    }

    // MARK: Housekeeping

    private func updateInterest(_ connection: Connection) {
        var wanted: UInt32 = 0
        switch connection.phase {
        case .reading:
            if !connection.peerClosed && !connection.closeAfterWrite && !isBackedUp(connection) { wanted |= EPOLLIN.rawValue }
        case .handling: break  // not parsing until the handler answers; pipelined bytes wait in the kernel
        case .lingering: wanted |= EPOLLIN.rawValue
        }
        if connection.hasPendingOutput { wanted |= EPOLLOUT.rawValue }
        guard wanted != connection.registeredEvents else { return }
        var event = epoll_event(events: wanted, data: epoll_data_t(u64: connection.id))
        epoll_ctl(epollFD, EPOLL_CTL_MOD, connection.fd, &event)
        connection.registeredEvents = wanted
    }

    private func closeConnection(_ connection: Connection) {
        guard connections[connection.id] === connection else { return }
        connections[connection.id] = nil
        epoll_ctl(epollFD, EPOLL_CTL_DEL, connection.fd, nil)
        close(connection.fd)
        context.metrics.connectionClosed()
    }

    private func register(_ fd: Int32, key: UInt64, events: UInt32) throws {
        var event = epoll_event(events: events, data: epoll_data_t(u64: key))
        guard epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) == 0 else {
            throw SocketError(operation: "epoll_ctl(ADD)", errno: errno)
        }
    }

    /// Shutdown began: stop accepting and close connections that have nothing in progress.
    private func beginDrain() {
        if listening {
            listening = false
            if listenerPausedUntil == nil { epoll_ctl(epollFD, EPOLL_CTL_DEL, listenerFD, nil) }
            listenerPausedUntil = nil
        }
        for connection in Array(connections.values) where connection.isIdle {
            closeConnection(connection)
        }
    }

    private func sweepTimeouts(now: Double) {
        let configuration = context.configuration
        for connection in Array(connections.values) {
            if let writeStarted = connection.writeStartedAt, now - writeStarted > configuration.writeTimeout {
                closeConnection(connection)
                continue
            }
            switch connection.phase {
            case .handling:
                continue
            case .lingering(let until):
                if now > until { closeConnection(connection) }
            case .reading:
                guard !connection.hasPendingOutput else { continue }
                if connection.parser.isReadingBody {
                    if let started = connection.bodyStartedAt ?? connection.requestStartedAt, now - started > configuration.bodyTimeout {
                        timeOut(connection, "request body was not received within \(configuration.bodyTimeout) s", now: now)
                    }
                } else if let started = connection.requestStartedAt, !connection.input.isEmpty {
                    if now - started > configuration.headerTimeout {
                        timeOut(connection, "request head was not received within \(configuration.headerTimeout) s", now: now)
                    }
                } else if now - connection.lastActivity > configuration.idleTimeout {
                    closeConnection(connection)
                }
            }
        }
    }

    /// A slow client: answer 408 and close (slowloris protection).
    private func timeOut(_ connection: Connection, _ message: String, now: Double) {
        var request = HTTPRequest(method: .get, path: "-")
        request.requestID = context.requestID(for: request)
        request.remoteAddress = connection.remoteAddress
        let error = HTTPError(status: .requestTimeout, code: "REQUEST_TIMEOUT", message: message)
        finish(connection, request: request, route: "unparsed", keepAlive: false, startedAt: now,
               response: context.router.render(error, for: request), now: now)
        flush(connection, now: now)
    }

    private func logAccess(_ request: HTTPRequest, route: String, status: Int, duration: Double, bytes: Int) {
        // Never the body, the query string or any header value (Authorization, cookies).
        accessLog.record(request, route: route, status: status, duration: duration, bytes: bytes)
    }
}

// MARK: Serving code that runs on the loop (IOReactor)

extension EventLoop: IOReactor {
    func watch(_ fd: Int32, readable: Bool, writable: Bool, _ onReady: @escaping (IOReadiness) -> Void) {
        let events = (readable ? EPOLLIN.rawValue : 0) | (writable ? EPOLLOUT.rawValue : 0)
        var event = epoll_event(events: events, data: epoll_data_t(u64: Self.foreignBit | UInt64(UInt32(bitPattern: fd))))
        if foreignWatches[fd] == nil {
            // EEXIST: a descriptor its owner closed and reopened without unwatching; change it instead.
            if epoll_ctl(epollFD, EPOLL_CTL_ADD, fd, &event) != 0 { epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event) }
        } else if foreignWatches[fd]?.events != events {
            epoll_ctl(epollFD, EPOLL_CTL_MOD, fd, &event)
        }
        foreignWatches[fd] = (events, onReady)
    }

    func unwatch(_ fd: Int32) {
        guard foreignWatches.removeValue(forKey: fd) != nil else { return }
        epoll_ctl(epollFD, EPOLL_CTL_DEL, fd, nil)
    }

    func startTimer(after milliseconds: Int, _ fire: @escaping () -> Void) -> UInt64 {
        let id = nextTimerID
        nextTimerID += 1
        timers[id] = (monotonicSeconds() + Double(max(0, milliseconds)) / 1000, fire)
        return id
    }

    func cancelTimer(_ id: UInt64) {
        timers[id] = nil
    }

    func execute(_ work: @escaping @Sendable () -> Void) {
        let queued = handedIn.withLock { queue -> Bool in
            guard queue != nil else { return false }
            queue!.append(work)
            return true
        }
        if queued && !isLoopThread { wake() }
    }

    func whenStopped(_ body: @escaping () -> Void) {
        stopHooks.append(body)
    }

    fileprivate var nearestTimer: Double? { timers.values.lazy.map(\.deadline).min() }

    fileprivate func runDueTimers() {
        guard !timers.isEmpty else { return }
        let now = monotonicSeconds()
        let due = timers.filter { $0.value.deadline <= now }.sorted { $0.value.deadline < $1.value.deadline }
        for (id, timer) in due where timers.removeValue(forKey: id) != nil { timer.fire() }
    }

    fileprivate func runHandedIn() {
        let work = handedIn.withLock { queue -> [@Sendable () -> Void] in
            defer { if queue != nil { queue!.removeAll(keepingCapacity: true) } }
            return queue ?? []
        }
        for item in work { item() }
    }

    /// The loop's last act: work handed in from now on is dropped, whoever asked to be told is told (a client
    /// fails what it still drives here), and the tasks still waiting to resume here go to Swift's global executor.
    fileprivate func stopped() {
        handedIn.withLock { $0 = nil }
        let hooks = stopHooks
        stopHooks = []
        for hook in hooks { hook() }
        for fd in Array(foreignWatches.keys) { unwatch(fd) }
        timers = [:]
        IOReactorThread.setCurrent(nil)
        jobs.close()
    }
}

// MARK: Running handler tasks

extension EventLoop: TaskExecutor {
    /// Queues a job of a handler task (its start, or its resumption after an await). From another thread it wakes
    /// the loop; once the loop has stopped, the job goes to Swift's global executor, so no task is ever stranded.
    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        guard jobs.append(job) else {
            globalConcurrentExecutor.enqueue(ExecutorJob(job))
            return
        }
        if !isLoopThread { wake() }
    }
}

/// The run queue behind ``EventLoop``'s `TaskExecutor` conformance.
final class LoopJobs: Sendable {
    private struct State {
        var queue: [UnownedJob] = []
        var closed = false
    }

    private let state = Mutex(State())

    var hasPending: Bool { state.withLock { !$0.queue.isEmpty } }

    /// Queues `job`; false once the loop has stopped (the caller must run it elsewhere).
    func append(_ job: UnownedJob) -> Bool {
        state.withLock { state in
            guard !state.closed else { return false }
            state.queue.append(job)
            return true
        }
    }

    /// Runs the jobs queued so far, on the calling (loop) thread. Jobs they queue wait for the next pass, after
    /// the loop has looked at its sockets again, so a task that keeps yielding cannot starve the connections.
    func runPending(on executor: EventLoop) {
        let batch = state.withLock { state -> [UnownedJob] in
            defer { state.queue.removeAll(keepingCapacity: true) }
            return state.queue
        }
        guard !batch.isEmpty else { return }
        let unowned = executor.asUnownedTaskExecutor()
        for job in batch { job.runSynchronously(on: unowned) }
    }

    /// The loop stopped: later jobs go elsewhere, and the queued ones are handed to Swift's global executor.
    func close() {
        let left = state.withLock { state -> [UnownedJob] in
            state.closed = true
            defer { state.queue = [] }
            return state.queue
        }
        for job in left { globalConcurrentExecutor.enqueue(ExecutorJob(job)) }
    }
}
