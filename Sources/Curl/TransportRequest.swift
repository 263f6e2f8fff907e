// One HTTP POST (an EWS SOAP call) and how it is set up on a libcurl easy handle: the first kind of transfer.
import CCurl
import CurlShim
import Foundation

/// An HTTP POST, e.g. to an EWS endpoint (or a GET, for clients of our own API). Built by the SOAP layer; the
/// transport adds nothing but transport-level headers (`User-Agent`, `Accept-Encoding`, Basic auth).
public struct TransportRequest: Sendable {
    public enum Method: String, Sendable {
        case get = "GET"
        case post = "POST"
        /// Sends `body`, as POST does (for clients of our own API).
        case put = "PUT"
        /// Sends no body (for clients of our own API).
        case delete = "DELETE"
    }

    public var url: String
    /// POST (the default) and PUT send `body`; GET and DELETE send none.
    public var method: Method = .post
    public var body: [UInt8]
    public var headers: [(name: String, value: String)]
    /// Basic-auth credentials, sent preemptively; nil sends none (to read the server's challenges).
    public var credentials: (username: String, password: String)?
    /// The most time this call may take, end to end (DNS, connect, TLS, request, response).
    public var timeout: Duration
    /// Whether a kept-alive connection may carry this call. libcurl silently re-sends a request whose
    /// reused connection died before any answer; a call that must never be sent twice (a create) sets
    /// this to false and gets a fresh connection, so a lost answer is reported instead.
    public var reuseConnection = true

    public init(url: String, body: [UInt8], headers: [(name: String, value: String)] = [],
                credentials: (username: String, password: String)?, timeout: Duration) {
        self.url = url
        self.body = body
        self.headers = headers
        self.credentials = credentials
        self.timeout = timeout
    }
}

extension TransportRequest: CurlRequest {
    static var protocols: String { "http,https" }

    func check(scheme: String, configuration: CurlTransport.Configuration) throws(TransportError) {
        guard scheme == "https" || scheme == "http" else { throw .invalidURL("\(url) is not an http(s) URL") }
        if scheme == "http" && !configuration.allowInsecureHTTP { throw .insecureScheme }
    }

    func configure(_ transfer: CurlTransfer, configuration: CurlTransport.Configuration) {
        let handle = transfer.handle
        // Never redirects: an EWS endpoint that redirects (to /owa/) is reported as such.
        curlshim_setopt_long(handle, CURLOPT_FOLLOWLOCATION, 0)
        switch method {
        case .get, .delete:
            curlshim_setopt_long(handle, CURLOPT_HTTPGET, 1)
        case .post, .put:
            curlshim_setopt_long(handle, CURLOPT_POST, 1)
            curlshim_setopt_long(handle, CURLOPT_POSTFIELDSIZE, body.count)
            body.withUnsafeBytes { bytes in
                // COPYPOSTFIELDS: curl keeps its own copy, so our buffer's lifetime does not matter.
                _ = curlshim_setopt_pointer(handle, CURLOPT_COPYPOSTFIELDS, UnsafeMutableRawPointer(mutating: bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!))
            }
        }
        // Each transfer has a fresh easy handle, so the method word never carries over to the next call.
        if method == .put || method == .delete { curlshim_setopt_string(handle, CURLOPT_CUSTOMREQUEST, method.rawValue) }
        if let credentials {
            curlshim_setopt_long(handle, CURLOPT_HTTPAUTH, curlshim_auth_basic())
            curlshim_setopt_string(handle, CURLOPT_USERNAME, credentials.username)
            curlshim_setopt_string(handle, CURLOPT_PASSWORD, credentials.password)
        }
        curlshim_setopt_string(handle, CURLOPT_USERAGENT, configuration.userAgent)
        curlshim_setopt_string(handle, CURLOPT_ACCEPT_ENCODING, "gzip")
        // No `Expect: 100-continue` round trip on every POST.
        var list: UnsafeMutablePointer<curl_slist>? = curl_slist_append(nil, "Expect:")
        for header in headers { list = curl_slist_append(list, "\(header.name): \(header.value)") }
        transfer.own(list)
        curlshim_setopt_pointer(handle, CURLOPT_HTTPHEADER, UnsafeMutableRawPointer(list))
    }

    func response(of transfer: CurlTransfer) -> TransportResponse {
        var response = TransportResponse(
            status: transfer.longInfo(CURLINFO_RESPONSE_CODE), headers: transfer.headers, body: transfer.body,
            newConnections: transfer.longInfo(CURLINFO_NUM_CONNECTS), remoteAddress: transfer.stringInfo(CURLINFO_PRIMARY_IP))
        response.connectSeconds = transfer.doubleInfo(CURLINFO_CONNECT_TIME)
        response.tlsSeconds = transfer.doubleInfo(CURLINFO_APPCONNECT_TIME)
        return response
    }
}
