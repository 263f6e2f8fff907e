// The seam between the libcurl driver and the kinds of transfer it runs (HTTP POST now, SMTP next).
import Foundation

/// One kind of libcurl transfer. The driver (`CurlTransport`) owns what every transfer shares: the
/// transport thread, the caller's continuation, cancellation, the deadline, the response size cap, the
/// address policy checked in the socket-open callback, TLS verification and the CA bundle, connection
/// reuse and refusing proxies. A kind adds only what its protocol needs on the easy handle, and reads
/// its answer back once libcurl finished.
///
/// How SMTP plugs in (password-expiry mail): an `SMTPRequest` (URL `smtps://host` or `smtp://host` with
/// `CURLOPT_USE_SSL = CURLUSESSL_ALL`, sender, recipients, message bytes, optional credentials) conforms
/// here with `protocols = "smtp,smtps"`; its `configure` sets `CURLOPT_MAIL_FROM`, `CURLOPT_MAIL_RCPT` (a
/// list handed to `CurlTransfer.own(_:)`), `CURLOPT_UPLOAD` with the message as the transfer's upload body
/// (a read callback beside the write callback in `CurlShim`), and its `response` reads the last SMTP reply
/// code; `CurlTransport` gains a public `send(_: SMTPRequest)` that calls `run`. Nothing in the driver
/// changes.
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
