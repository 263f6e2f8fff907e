// The HTTP transport for EWS: libcurl's multi interface driven by one thread, callers resumed
// through continuations, connections kept alive and reused across calls.
import CCurl
import CurlShim
import Foundation
import Glibc
import Synchronization

/// Makes HTTP POSTs to EWS endpoints. One thread drives every transfer, so 500 calls waiting on a slow
/// Exchange cost 500 suspended tasks, not 500 threads. Connections stay in libcurl's cache between
/// calls: a warm call makes no new TCP or TLS handshake. Cancelling the calling task, or passing its
/// timeout, aborts its transfer.
public final class CurlTransport: Sendable {
    public struct Configuration: Sendable {
        /// Extra CA bundle (PEM) for Exchange servers behind a private CA; nil: the system trust store only.
        public var caFile: String?
        public var connectTimeoutMS = 10_000
        /// Larger responses fail with `TransportError.responseTooLarge`.
        public var maxResponseBytes = 8 * 1024 * 1024
        public var userAgent = "a4b-calendar/0.1"
        public var addressPolicy = AddressPolicy(allowPrivate: false)
        /// Whether plain `http://` endpoints may be called (tests, the demo). Off: passwords never
        /// travel unencrypted.
        public var allowInsecureHTTP = false
        /// Most idle connections kept for reuse.
        public var maxCachedConnections = 64

        public init() {}
    }

    private enum Command {
        case add(CurlTransfer)
        case cancel(UInt64)
        case stop
    }

    private let configuration: Configuration
    // The multi handle is only used by the transport thread, except `curl_multi_wakeup`, which libcurl
    // documents as callable from any thread.
    nonisolated(unsafe) private let multi: UnsafeMutableRawPointer
    private let commands = Mutex<[Command]>([])
    private let nextID = Atomic<UInt64>(1)
    private let stopped = Atomic<Bool>(false)

    private static let globalInit: Void = { curl_global_init(Int(CURL_GLOBAL_ALL)) }()

    public init(configuration: Configuration = Configuration()) {
        _ = Self.globalInit
        self.configuration = configuration
        multi = curl_multi_init()
        curlshim_multi_setopt_long(multi, CURLMOPT_MAXCONNECTS, configuration.maxCachedConnections)
        let thread = Thread { [self] in runLoop() }
        thread.name = "ews-transport"
        thread.start()
    }

    deinit {
        curl_multi_cleanup(multi)
    }

    /// Stops the transport thread; calls still in flight fail with `.cancelled`.
    public func shutdown() {
        guard !stopped.exchange(true, ordering: .acquiringAndReleasing) else { return }
        enqueue(.stop)
    }

    /// Sends `request` and returns the response, whatever its HTTP status. Throws `TransportError`.
    public func send(_ request: TransportRequest) async throws -> TransportResponse {
        guard let url = URL(string: request.url), let scheme = url.scheme?.lowercased(), scheme == "https" || scheme == "http" else {
            throw TransportError.invalidURL("\(request.url) is not an http(s) URL")
        }
        if scheme == "http" && !configuration.allowInsecureHTTP { throw TransportError.insecureScheme }
        // RFC 6761: names under .invalid never resolve, so answer without asking any DNS server.
        if let host = URL(string: request.url)?.host?.lowercased(), host == "invalid" || host.hasSuffix(".invalid") {
            throw TransportError.dnsFailed(host: host)
        }
        let id = nextID.wrappingAdd(1, ordering: .relaxed).oldValue
        let transfer = try CurlTransfer(id: id, request: request, configuration: configuration)
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                transfer.continuation = continuation
                if Task.isCancelled || stopped.load(ordering: .relaxed) {
                    transfer.continuation = nil
                    continuation.resume(throwing: TransportError.cancelled)
                    return
                }
                enqueue(.add(transfer))
            }
        } onCancel: {
            enqueue(.cancel(id))
        }
    }

    private func enqueue(_ command: Command) {
        commands.withLock { $0.append(command) }
        curl_multi_wakeup(multi)
    }

    // MARK: The transport thread

    private func runLoop() {
        var active: [UInt64: CurlTransfer] = [:]
        var cancelledEarly = Set<UInt64>()
        var running = true
        while running {
            let pending = commands.withLock { queue -> [Command] in
                defer { queue.removeAll(keepingCapacity: true) }
                return queue
            }
            for command in pending {
                switch command {
                case .add(let transfer):
                    if cancelledEarly.remove(transfer.id) != nil {
                        transfer.continuation?.resume(throwing: TransportError.cancelled)
                        continue
                    }
                    active[transfer.id] = transfer
                    curl_multi_add_handle(multi, transfer.handle)
                case .cancel(let id):
                    guard let transfer = active.removeValue(forKey: id) else {
                        cancelledEarly.insert(id)
                        continue
                    }
                    curl_multi_remove_handle(multi, transfer.handle)
                    transfer.continuation?.resume(throwing: TransportError.cancelled)
                case .stop:
                    running = false
                }
            }
            if !running { break }

            var stillRunning: Int32 = 0
            curl_multi_perform(multi, &stillRunning)
            var queued: Int32 = 0
            while let message = curl_multi_info_read(multi, &queued) {
                guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
                var context: UnsafeMutableRawPointer?
                curlshim_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
                guard let context else { continue }
                let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
                let code = curlshim_msg_result(message)
                curl_multi_remove_handle(multi, easy)
                active.removeValue(forKey: transfer.id)
                complete(transfer, code: code)
            }
            curl_multi_poll(multi, nil, 0, 1000, nil)
        }
        for transfer in active.values {
            curl_multi_remove_handle(multi, transfer.handle)
            transfer.continuation?.resume(throwing: TransportError.cancelled)
        }
    }

    private func complete(_ transfer: CurlTransfer, code: CURLcode) {
        guard let continuation = transfer.continuation else { return }
        transfer.continuation = nil
        if code == CURLE_OK {
            var response = TransportResponse(
                status: transfer.longInfo(CURLINFO_RESPONSE_CODE), headers: transfer.headers, body: transfer.body,
                newConnections: transfer.longInfo(CURLINFO_NUM_CONNECTS), remoteAddress: transfer.stringInfo(CURLINFO_PRIMARY_IP))
            response.connectSeconds = transfer.doubleInfo(CURLINFO_CONNECT_TIME)
            response.tlsSeconds = transfer.doubleInfo(CURLINFO_APPCONNECT_TIME)
            continuation.resume(returning: response)
        } else {
            continuation.resume(throwing: error(for: code, transfer: transfer))
        }
    }

    private func error(for code: CURLcode, transfer: CurlTransfer) -> TransportError {
        let message = transfer.errorMessage.isEmpty ? String(cString: curl_easy_strerror(code)) : transfer.errorMessage
        switch code {
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(message)
        case CURLE_COULDNT_RESOLVE_HOST:
            let url = URL(string: transfer.stringInfo(CURLINFO_EFFECTIVE_URL))
            return .dnsFailed(host: url?.host ?? message)
        case CURLE_COULDNT_CONNECT:
            if let refused = transfer.refusedAddress { return .addressNotAllowed(address: refused) }
            return .connectFailed(message)
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM:
            return .tls(Self.tlsProblem(verifyResult: transfer.longInfo(CURLINFO_SSL_VERIFYRESULT), message: message), message)
        case CURLE_WRITE_ERROR where transfer.exceededLimit:
            return .responseTooLarge(limit: transfer.maxResponseBytes)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return .connectionLost(message)
        default:
            return .other(code: Int(code.rawValue), message: message)
        }
    }

    /// OpenSSL's verify result (X509_V_ERR_*) first, the message as a fallback.
    static func tlsProblem(verifyResult: Int, message: String) -> TransportError.TLSProblem {
        switch verifyResult {
        case 10: return .expired                                  // X509_V_ERR_CERT_HAS_EXPIRED
        case 18, 19, 20, 21, 2: return .untrusted                 // self-signed, unknown issuer
        case 62: return .nameMismatch                             // X509_V_ERR_HOSTNAME_MISMATCH
        default: break
        }
        let lowered = message.lowercased()
        if lowered.contains("expired") { return .expired }
        if lowered.contains("subject name") || lowered.contains("does not match target host") || lowered.contains("hostname mismatch") {
            return .nameMismatch
        }
        if lowered.contains("self-signed") || lowered.contains("self signed") || lowered.contains("local issuer") || lowered.contains("unable to get") {
            return .untrusted
        }
        return .other
    }
}
