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

    public init(url: String, from: String, credentials: (username: String, password: String)? = nil, timeout: Duration = .seconds(30)) {
        self.url = url
        self.from = from
        self.credentials = credentials
        self.timeout = timeout
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
        _ = try await transport.send(SMTPRequest(url: settings.url, from: settings.from, recipients: [mail.to], message: message,
                                                 credentials: settings.credentials, timeout: settings.timeout))
    }
}
