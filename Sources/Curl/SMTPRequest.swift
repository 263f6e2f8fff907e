// One e-mail submitted to an SMTP relay, and how it is set up on a libcurl easy handle.
import CCurl
import CurlShim
import Foundation

/// One message to one relay: `smtp://host:port` (STARTTLS when the relay offers it) or `smtps://host:port`
/// (TLS from the start). The message is sent as given (RFC 5322 with CRLF line ends); libcurl dot-stuffs it.
public struct SMTPRequest: Sendable {
    public var url: String
    /// The envelope sender (`MAIL FROM`).
    public var from: String
    /// The envelope recipients (`RCPT TO`).
    public var recipients: [String]
    public var message: [UInt8]
    /// SMTP AUTH credentials; nil sends none.
    public var credentials: (username: String, password: String)?
    /// The most time the whole submission may take.
    public var timeout: Duration
    /// smtp:// only: fail unless the relay offers STARTTLS (else STARTTLS is used when offered).
    public var requireTLS = false

    public init(url: String, from: String, recipients: [String], message: [UInt8],
                credentials: (username: String, password: String)? = nil, timeout: Duration) {
        self.url = url
        self.from = from
        self.recipients = recipients
        self.message = message
        self.credentials = credentials
        self.timeout = timeout
    }
}

/// What the relay said last (250 once it took the message).
public struct SMTPResponse: Sendable {
    public let code: Int
    /// The address actually connected to.
    public let remoteAddress: String
}

extension SMTPRequest: CurlRequest {
    static var protocols: String { "smtp,smtps" }

    var reuseConnection: Bool { false }

    func check(scheme: String, configuration: CurlTransport.Configuration) throws(TransportError) {
        guard scheme == "smtp" || scheme == "smtps" else { throw .invalidURL("\(url) is not an smtp:// or smtps:// URL") }
        guard !recipients.isEmpty else { throw .invalidURL("an e-mail needs at least one recipient") }
    }

    func configure(_ transfer: CurlTransfer, configuration: CurlTransport.Configuration) {
        let handle = transfer.handle
        // smtp://: upgrade with STARTTLS when offered, else go on in the clear, unless TLS is required.
        curlshim_setopt_long(handle, CURLOPT_USE_SSL, requireTLS ? curlshim_usessl_all() : curlshim_usessl_try())
        curlshim_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(from)>")
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in recipients { list = curl_slist_append(list, "<\(recipient)>") }
        transfer.own(list)
        curlshim_setopt_pointer(handle, CURLOPT_MAIL_RCPT, UnsafeMutableRawPointer(list))
        if let credentials {
            curlshim_setopt_string(handle, CURLOPT_USERNAME, credentials.username)
            curlshim_setopt_string(handle, CURLOPT_PASSWORD, credentials.password)
        }
        transfer.upload = message
        curlshim_setopt_long(handle, CURLOPT_UPLOAD, 1)
        curlshim_setopt_long(handle, CURLOPT_INFILESIZE, message.count)
        let context = Unmanaged.passUnretained(transfer).toOpaque()
        curlshim_setopt_read_callback(handle, CurlTransfer.readCallback, context)
    }

    func response(of transfer: CurlTransfer) -> SMTPResponse {
        SMTPResponse(code: transfer.longInfo(CURLINFO_RESPONSE_CODE), remoteAddress: transfer.stringInfo(CURLINFO_PRIMARY_IP))
    }
}
