// One libcurl easy handle, the options every transfer shares, and what it accumulates until it completes.
import CCurl
import CurlShim
import Foundation
import Glibc
import Synchronization

/// A transfer in flight. Created and configured on the caller's task, then owned by the transport
/// thread until it completes, then read again by the caller's task.
final class CurlTransfer: @unchecked Sendable {
    // @unchecked: the hand-overs go through the transport's Mutex-protected inbox and the continuation,
    // so only one thread at a time touches the handle and the buffers. `cancelRequested` is atomic.
    let id: UInt64
    let handle: UnsafeMutableRawPointer
    let maxResponseBytes: Int
    let policy: AddressPolicy
    /// Set by the caller's cancellation handler; an `.add` the thread has not processed yet sees it.
    let cancelRequested = Atomic<Bool>(false)
    /// Resumed exactly once, by the transport thread (done, failed, cancelled) or by `run` (never queued).
    var continuation: CheckedContinuation<Void, any Error>?
    var body: [UInt8] = []
    var headers: [(name: String, value: String)] = []
    var exceededLimit = false
    /// What an upload (an SMTP message) sends, and how much of it libcurl has read.
    var upload: [UInt8] = []
    var uploadOffset = 0
    var refusedAddress: String?
    private var lists: [UnsafeMutablePointer<curl_slist>] = []
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)

    /// Sets the options every kind of transfer shares; `request.configure` adds its own afterwards.
    init<Request: CurlRequest>(id: UInt64, request: Request, configuration: CurlTransport.Configuration) throws(TransportError) {
        guard let handle = curl_easy_init() else { throw TransportError.other(code: -1, message: "curl_easy_init failed") }
        self.id = id
        self.handle = handle
        self.maxResponseBytes = configuration.maxResponseBytes
        self.policy = configuration.addressPolicy
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)

        let context = Unmanaged.passUnretained(self).toOpaque()
        curlshim_setopt_pointer(handle, CURLOPT_PRIVATE, context)
        curlshim_setopt_pointer(handle, CURLOPT_ERRORBUFFER, errorBuffer)
        curlshim_setopt_string(handle, CURLOPT_URL, request.url)
        curlshim_setopt_string(handle, CURLOPT_PROTOCOLS_STR, Request.protocols)
        // Never through a proxy from the environment (https_proxy, ALL_PROXY): the address check below
        // would then see the proxy, not the real server.
        curlshim_setopt_string(handle, CURLOPT_PROXY, "")
        curlshim_setopt_long(handle, CURLOPT_NOSIGNAL, 1)
        let timeoutMS = max(1, Int(request.timeout.components.seconds * 1000 + request.timeout.components.attoseconds / 1_000_000_000_000_000))
        curlshim_setopt_long(handle, CURLOPT_TIMEOUT_MS, timeoutMS)
        curlshim_setopt_long(handle, CURLOPT_CONNECTTIMEOUT_MS, min(timeoutMS, configuration.connectTimeoutMS))
        curlshim_setopt_long(handle, CURLOPT_SSL_VERIFYPEER, 1)
        curlshim_setopt_long(handle, CURLOPT_SSL_VERIFYHOST, 2)
        if let caFile = configuration.caFile { curlshim_setopt_string(handle, CURLOPT_CAINFO, caFile) }
        // Keep connections warm: probes between calls, so a reused connection is rarely a dead one.
        curlshim_setopt_long(handle, CURLOPT_TCP_KEEPALIVE, 1)
        if !request.reuseConnection { curlshim_setopt_long(handle, CURLOPT_FRESH_CONNECT, 1) }

        curlshim_setopt_write_callback(handle, Self.writeCallback, context)
        curlshim_setopt_header_callback(handle, Self.headerCallback, context)
        curlshim_setopt_opensocket_callback(handle, Self.openSocketCallback, context)
    }

    deinit {
        curl_easy_cleanup(handle)
        for list in lists { curl_slist_free_all(list) }
        errorBuffer.deallocate()
    }

    /// Keeps `list` (header lines, mail recipients) alive as long as the handle that points to it.
    func own(_ list: UnsafeMutablePointer<curl_slist>?) {
        if let list { lists.append(list) }
    }

    var errorMessage: String { String(cString: errorBuffer) }

    func longInfo(_ info: CURLINFO) -> Int {
        var value = 0
        curlshim_getinfo_long(handle, info, &value)
        return value
    }

    func doubleInfo(_ info: CURLINFO) -> Double {
        var value = 0.0
        curlshim_getinfo_double(handle, info, &value)
        return value
    }

    func stringInfo(_ info: CURLINFO) -> String {
        var value: UnsafePointer<CChar>?
        curlshim_getinfo_string(handle, info, &value)
        return value.map { String(cString: $0) } ?? ""
    }

    /// Hands the transfer back to its caller, once (later calls do nothing); the driver must not touch it after.
    func resumeCaller(with result: Result<Void, TransportError>) {
        guard let continuation else { return }
        self.continuation = nil
        continuation.resume(with: result.mapError { $0 as any Error })
    }

    /// Takes every finished transfer off `multi` (removing its handle) and hands it to `finished` with its outcome;
    /// for both drivers (the transport's thread and an event loop's).
    static func takeFinished(from multi: UnsafeMutableRawPointer, _ finished: (CurlTransfer, Result<Void, TransportError>) -> Void) {
        var queued: Int32 = 0
        while let message = curl_multi_info_read(multi, &queued) {
            guard message.pointee.msg == CURLMSG_DONE, let easy = message.pointee.easy_handle else { continue }
            var context: UnsafeMutableRawPointer?
            curlshim_getinfo_pointer(easy, CURLINFO_PRIVATE, &context)
            guard let context else { continue }
            let transfer = Unmanaged<CurlTransfer>.fromOpaque(context).takeUnretainedValue()
            let code = curlshim_msg_result(message)
            curl_multi_remove_handle(multi, easy)
            finished(transfer, code == CURLE_OK ? .success(()) : .failure(transfer.failure(code)))
        }
    }

    /// What a libcurl failure code means for the caller.
    func failure(_ code: CURLcode) -> TransportError {
        let message = errorMessage.isEmpty ? String(cString: curl_easy_strerror(code)) : errorMessage
        switch code {
        case CURLE_URL_MALFORMAT, CURLE_UNSUPPORTED_PROTOCOL:
            return .invalidURL(message)
        case CURLE_COULDNT_RESOLVE_HOST:
            return .dnsFailed(host: URL(string: stringInfo(CURLINFO_EFFECTIVE_URL))?.host ?? message)
        case CURLE_COULDNT_CONNECT:
            if let refusedAddress { return .addressNotAllowed(address: refusedAddress) }
            return .connectFailed(message)
        case CURLE_OPERATION_TIMEDOUT:
            return .timeout
        case CURLE_PEER_FAILED_VERIFICATION, CURLE_SSL_CACERT_BADFILE, CURLE_SSL_CONNECT_ERROR, CURLE_SSL_CERTPROBLEM:
            return .tls(TransportError.TLSProblem(verifyResult: longInfo(CURLINFO_SSL_VERIFYRESULT), message: message), message)
        case CURLE_WRITE_ERROR where exceededLimit:
            return .responseTooLarge(limit: maxResponseBytes)
        case CURLE_GOT_NOTHING, CURLE_RECV_ERROR, CURLE_SEND_ERROR, CURLE_PARTIAL_FILE:
            return .connectionLost(message)
        default:
            return .other(code: Int(code.rawValue), message: message)
        }
    }

    // MARK: Callbacks (C function pointers: they capture nothing and find the transfer by context)

    private static let writeCallback: curlshim_data_cb = { data, size, count, context in
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        if transfer.body.count + length > transfer.maxResponseBytes {
            transfer.exceededLimit = true
            return 0  // makes curl abort with CURLE_WRITE_ERROR
        }
        if let data { transfer.body.append(contentsOf: UnsafeRawBufferPointer(start: data, count: length)) }
        return length
    }

    /// Hands libcurl the next part of `upload`; 0 at its end.
    static let readCallback: curlshim_data_cb = { buffer, size, count, context in
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
        guard let buffer else { return 0 }
        let length = min(size * count, transfer.upload.count - transfer.uploadOffset)
        transfer.upload.withUnsafeBytes { bytes in
            UnsafeMutableRawPointer(buffer).copyMemory(from: bytes.baseAddress! + transfer.uploadOffset, byteCount: length)
        }
        transfer.uploadOffset += length
        return length
    }

    private static let headerCallback: curlshim_data_cb = { data, size, count, context in
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
        let length = size * count
        guard let data else { return length }
        // Byte-level split and ASCII trim: this runs for every header line of every response.
        let line = UnsafeRawBufferPointer(start: data, count: length)
        func isSpace(_ byte: UInt8) -> Bool { byte == 32 || byte == 9 || byte == 13 || byte == 10 }
        if line.starts(with: "HTTP/".utf8) {
            transfer.headers = []  // a new response head (after 100 Continue or a 401 challenge)
        } else if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
            var start = colon + 1, end = line.count
            while start < end && isSpace(line[start]) { start += 1 }
            while end > start && isSpace(line[end - 1]) { end -= 1 }
            transfer.headers.append((name: String(decoding: line[0..<colon], as: UTF8.self),
                                     value: String(decoding: line[start..<end], as: UTF8.self)))
        }
        return length
    }

    private static let openSocketCallback: curlshim_opensocket_cb = { context, _, address in
        let transfer = Unmanaged<CurlTransfer>.fromOpaque(context!).takeUnretainedValue()
        guard let address else { return curlshim_socket_bad() }
        let family = address.pointee.family
        var allowed = true
        var text = ""
        withUnsafePointer(to: &address.pointee.addr) { raw in
            if family == AF_INET {
                raw.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { pointer in
                    let value = UInt32(bigEndian: pointer.pointee.sin_addr.s_addr)
                    let bytes = (UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff))
                    allowed = transfer.policy.allows(ipv4: bytes)
                    text = "\(bytes.0).\(bytes.1).\(bytes.2).\(bytes.3)"
                }
            } else if family == AF_INET6 {
                raw.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { pointer in
                    var address6 = pointer.pointee.sin6_addr
                    let bytes = withUnsafeBytes(of: &address6) { Array($0) }
                    allowed = transfer.policy.allows(ipv6: bytes)
                    var buffer = [CChar](repeating: 0, count: 64)
                    inet_ntop(AF_INET6, &address6, &buffer, 64)
                    text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                }
            } else {
                allowed = false
                text = "address family \(family)"
            }
        }
        guard allowed else {
            transfer.refusedAddress = text
            return curlshim_socket_bad()
        }
        return socket(family, address.pointee.socktype, address.pointee.protocol)
    }
}
