// The seam between the libcurl driver and the kinds of transfer it runs (HTTP and SMTP).
import Foundation

/// One kind of libcurl transfer. The driver (`CurlTransport`) owns what every transfer shares: the
/// transport thread, the caller's continuation, cancellation, the deadline, the response size cap, the
/// address policy checked in the socket-open callback, TLS verification and the CA bundle, connection
/// reuse and refusing proxies. A kind adds only what its protocol needs on the easy handle, and reads
/// its answer back once libcurl finished.
///
/// Two kinds: `TransportRequest` (an HTTP POST or GET, EWS) and `SMTPRequest` (one e-mail).
protocol CurlRequest: Sendable {
    associatedtype Response: Sendable

    var url: String { get }
    /// The most time the whole transfer may take (DNS, connect, TLS, request, answer).
    var timeout: Duration { get }
    /// false: the transfer must open a fresh connection (a request that must never be sent twice).
    var reuseConnection: Bool { get }
    /// The libcurl protocols the transfer may speak (`CURLOPT_PROTOCOLS_STR`), e.g. "http,https".
    static var protocols: String { get }

    /// Refuses, before any handle or socket exists, a scheme this kind must not use under
    /// `configuration` (e.g. plain `http://` when insecure HTTP is off). `scheme` is lowercased.
    func check(scheme: String, configuration: CurlTransport.Configuration) throws(TransportError)
    /// Sets this kind's options on `transfer`'s easy handle: method, body, credentials, headers.
    /// Runs on the caller's task, before the transfer is handed to the transport thread.
    func configure(_ transfer: CurlTransfer, configuration: CurlTransport.Configuration)
    /// The answer of a transfer libcurl finished with `CURLE_OK`. Runs on the caller's task, after the
    /// transport thread let go of the transfer.
    func response(of transfer: CurlTransfer) -> Response
}
