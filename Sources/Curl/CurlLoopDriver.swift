// CurlLoopDriver: libcurl transfers driven from an event loop (curl_multi_socket_action on the loop's own epoll),
// for callers that run on that loop (the HTTP server's handlers): no hand-over to the transport thread and back.
import CCurl
import CurlShim
import IOReactor

/// One multi handle per event loop, used only on that loop's thread. libcurl says which sockets to watch and when
/// to time out through two callbacks; the loop reports readiness and fires the timer; completed transfers resume
/// their callers right there, so a handler's EWS call costs no thread wake-up of its own.
///
/// Every transfer it takes returns exactly once: done, failed, cancelled (``cancel(transferID:)``), or stopped
/// (``stop(_:)``: the transport shut down, or the loop stopped for good).
final class CurlLoopDriver: @unchecked Sendable {
    // @unchecked: all state is touched only on the reactor's thread (the callers, libcurl's callbacks and the
    // reactor's callbacks all run there); other threads reach it only through `reactor.execute`.
    let reactor: any IOReactor
    private let multi: UnsafeMutableRawPointer
    private var active: [UInt64: CurlTransfer] = [:]
    private var timer: UInt64?
    private var stoppedWith: TransportError?

    init(reactor: any IOReactor, maxCachedConnections: Int) {
        self.reactor = reactor
        multi = curl_multi_init()
        curlshim_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, maxCachedConnections)
        let context = Unmanaged.passUnretained(self).toOpaque()
        curlshim_multi_setopt_socket_callback(multi, Self.socketCallback, context)
        curlshim_multi_setopt_timer_callback(multi, Self.timerCallback, context)
    }

    deinit {
        // Whoever releases the driver last may be any thread: closing the cached connections must not call back.
        curlshim_multi_setopt_socket_callback(multi, nil, nil)
        curlshim_multi_setopt_timer_callback(multi, nil, nil)
        curl_multi_cleanup(multi)
    }

    /// Starts `transfer` (already configured, its continuation set); on the reactor's thread.
    func add(_ transfer: CurlTransfer) {
        if let stoppedWith { return transfer.resumeCaller(with: .failure(stoppedWith)) }
        if transfer.cancelRequested.load(ordering: .acquiring) { return transfer.resumeCaller(with: .failure(.cancelled)) }
        active[transfer.id] = transfer
        // libcurl answers with a timer callback (0 ms: start it on the next pass).
        curl_multi_add_handle(multi, transfer.handle)
    }

    /// Aborts transfer `id` if it still runs (its connection is closed); on the reactor's thread.
    func cancel(transferID id: UInt64) {
        guard let transfer = active.removeValue(forKey: id) else { return }
        curl_multi_remove_handle(multi, transfer.handle)
        transfer.resumeCaller(with: .failure(.cancelled))
    }

    /// Fails every transfer with `error`, and any later one; on the reactor's thread.
    func stop(_ error: TransportError) {
        guard stoppedWith == nil else { return }
        stoppedWith = error
        if let timer { reactor.cancelTimer(timer) }
        timer = nil
        for transfer in active.values {
            curl_multi_remove_handle(multi, transfer.handle)
            transfer.resumeCaller(with: .failure(error))
        }
        active = [:]
    }

    // MARK: libcurl's callbacks and the reactor's

    private func socket(_ fd: curl_socket_t, what: Int32) {
        guard stoppedWith == nil else { return }
        if what == CURL_POLL_REMOVE {
            reactor.unwatch(fd)
            return
        }
        reactor.watch(fd, readable: what & CURL_POLL_IN != 0, writable: what & CURL_POLL_OUT != 0) { [self] readiness in
            var mask: Int32 = 0
            if readiness.readable { mask |= CURL_CSELECT_IN }
            if readiness.writable { mask |= CURL_CSELECT_OUT }
            if readiness.failed { mask |= CURL_CSELECT_ERR }
            act(on: fd, mask: mask)
        }
    }

    /// libcurl asks to be called after `milliseconds` (-1: never). It must not be called from inside the callback,
    /// so even 0 goes through the reactor's next pass.
    private func setTimer(_ milliseconds: Int) {
        if let timer { reactor.cancelTimer(timer) }
        timer = nil
        guard milliseconds >= 0, stoppedWith == nil else { return }
        timer = reactor.startTimer(after: milliseconds) { [self] in
            timer = nil
            act(on: curlshim_socket_timeout(), mask: 0)
        }
    }

    private func act(on fd: curl_socket_t, mask: Int32) {
        guard stoppedWith == nil else { return }
        var running: Int32 = 0
        curl_multi_socket_action(multi, fd, mask, &running)
        finishCompleted()
    }

    private func finishCompleted() {
        CurlTransfer.takeFinished(from: multi) { transfer, result in
            active.removeValue(forKey: transfer.id)
            transfer.resumeCaller(with: result)
        }
    }

    private static let socketCallback: curlshim_socket_cb = { _, fd, what, context, _ in
        Unmanaged<CurlLoopDriver>.fromOpaque(context!).takeUnretainedValue().socket(fd, what: what)
        return 0
    }

    private static let timerCallback: curlshim_timer_cb = { _, milliseconds, context in
        Unmanaged<CurlLoopDriver>.fromOpaque(context!).takeUnretainedValue().setTimer(milliseconds)
        return 0
    }
}
