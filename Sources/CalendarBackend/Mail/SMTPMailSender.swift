// SMTPMailSender: mail through an SMTP relay, over libcurl.
import Curl
import Foundation

/// The relay's settings, from `--smtp-url` and friends.
public struct SMTPSettings: Sendable {
    /// `smtp://host:port` (STARTTLS when the relay offers it) or `smtps://host:port`.
    public var url: String
    /// The envelope and `From` address.
    public var from: String
    public var credentials: (username: String, password: String)?
    public var timeout: Duration
    /// Extra CA bundle (PEM) trusted for the relay's certificate besides the system store.
    public var caFile: String?

    public init(url: String, from: String, credentials: (username: String, password: String)? = nil, timeout: Duration = .seconds(30),
                caFile: String? = nil) {
        self.url = url
        self.from = from
        self.credentials = credentials
        self.timeout = timeout
        self.caFile = caFile
    }

    /// A password never travels in the clear: with credentials, an smtp:// relay must offer STARTTLS, except on a
    /// loopback address (nothing leaves the machine).
    public var passwordNeedsTLS: Bool {
        guard credentials != nil, let url = URL(string: url), url.scheme?.lowercased() == "smtp" else { return false }
        return !LoopbackHost.contains(url.host ?? "")
    }

    /// The libcurl transport for this relay: the operator chose it, so private and loopback addresses are allowed.
    public func transport() -> CurlTransport {
        var configuration = CurlTransport.Configuration()
        configuration.addressPolicy = AddressPolicy(allowPrivate: true)
        configuration.caFile = caFile
        return CurlTransport(configuration: configuration)
    }
}

/// Submits each message to the relay in one SMTP session; a relay that refuses, times out or is unreachable throws.
public struct SMTPMailSender: MailSender {
    let settings: SMTPSettings
    let transport: CurlTransport

    public init(settings: SMTPSettings, transport: CurlTransport) {
        self.settings = settings
        self.transport = transport
    }

    /// The relay's URL without credentials (libcurl takes those separately, so the URL never holds them).
    public var description: String { settings.url }

    public func send(_ mail: OutgoingMail) async throws {
        let message = InternetMessageFormat.render(mail, from: settings.from)
        var request = SMTPRequest(url: settings.url, from: settings.from, recipients: [mail.to], message: message,
                                  credentials: settings.credentials, timeout: settings.timeout)
        request.requireTLS = settings.passwordNeedsTLS
        _ = try await transport.send(request)
    }
}
