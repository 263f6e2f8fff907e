// SMTPMailSenderTests: the mailer through libcurl into fake-exchange's SMTP listener on loopback: what arrives,
// repeats dropped by Message-ID, a refused recipient, a relay that is down or not there, and SMTP AUTH.
import CalendarBackend
import Curl
import FakeExchange
import Foundation
import Logging
import TestSupport
import Testing

@Suite struct SMTPMailSenderTests {
    static let fixture = """
        {"server": {"build": "15.1.2507.6"},
         "mailboxes": [{"smtp": "svc@contoso.com", "displayName": "Service", "password": "svc-pw"},
                       {"smtp": "it@contoso.com", "displayName": "IT", "aliases": ["helpdesk@contoso.com"]}]}
        """

    private func withRelay(_ body: (FakeExchange, SMTPListener, CurlTransport) async throws -> Void) async throws {
        let fake = try FakeExchange.load(fixture: Data(Self.fixture.utf8), now: Date())
        let listener = try SMTPListener(fake: fake, host: "127.0.0.1", port: 0, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        var configuration = CurlTransport.Configuration()
        configuration.addressPolicy = AddressPolicy(allowPrivate: true)
        let transport = CurlTransport(configuration: configuration)
        defer {
            transport.shutdown()
            listener.shutdown()
        }
        try await body(fake, listener, transport)
    }

    private func mail(to: String = "svc@contoso.com", id: String = "<n1@a4b-calendar>") -> OutgoingMail {
        OutgoingMail(organizationID: "org_1", to: to, subject: "Kennwort läuft in 7 Tagen ab: svc@contoso.com",
                     text: "Line one with = sign and a very long sentence that certainly runs past the seventy-six characters quoted-printable allows.\n.dot line\nÜmlaut", messageID: id,
                     date: Date(timeIntervalSince1970: 1_796_299_200))
    }

    @Test func aMessageArrivesWhole() async throws {
        try await withRelay { fake, listener, transport in
            let sender = SMTPMailSender(settings: SMTPSettings(url: "smtp://127.0.0.1:\(listener.port)", from: "a4b@localhost"), transport: transport)
            try await sender.send(mail())
            let inbox = try #require(fake.inbox("svc@contoso.com"))
            #expect(inbox.messages.count == 1)
            let message = try #require(inbox.messages.first)
            #expect(message.messageID == "<n1@a4b-calendar>")
            #expect(message.from == "a4b@localhost")
            #expect(message.subject == "Kennwort läuft in 7 Tagen ab: svc@contoso.com")
            #expect(message.text == mail().text)
            #expect(message.date == Date(timeIntervalSince1970: 1_796_299_200))
        }
    }

    @Test func aRepeatedMessageIDIsKeptOnceAndCounted() async throws {
        try await withRelay { fake, listener, transport in
            let sender = SMTPMailSender(settings: SMTPSettings(url: "smtp://127.0.0.1:\(listener.port)", from: "a4b@localhost"), transport: transport)
            try await sender.send(mail(to: "helpdesk@contoso.com"))
            try await sender.send(mail(to: "it@contoso.com"))
            try await sender.send(mail(to: "it@contoso.com", id: "<n2@a4b-calendar>"))
            let inbox = try #require(fake.inbox("it@contoso.com"))
            #expect(inbox.messages.map(\.messageID) == ["<n1@a4b-calendar>", "<n2@a4b-calendar>"])
            #expect(inbox.duplicatesDropped == 1)
        }
    }

    @Test func refusedRecipientsDownRelaysAndBadLoginsThrow() async throws {
        try await withRelay { fake, listener, transport in
            let url = "smtp://127.0.0.1:\(listener.port)"
            let plain = SMTPMailSender(settings: SMTPSettings(url: url, from: "a4b@localhost"), transport: transport)
            await #expect(throws: TransportError.self) { try await plain.send(mail(to: "nobody@contoso.com")) }
            _ = fake.handle(FakeHTTPRequest(method: "POST", path: "/_fake/faults", headers: [], body: Data(#"{"fault": "smtpUnavailable", "count": 1}"#.utf8)))
            await #expect(throws: TransportError.self) { try await plain.send(mail()) }
            try await plain.send(mail())  // the fault was for one connection
            let wrong = SMTPMailSender(settings: SMTPSettings(url: url, from: "a4b@localhost", credentials: ("svc@contoso.com", "nope")), transport: transport)
            await #expect(throws: TransportError.self) { try await wrong.send(mail(id: "<n3@x>")) }
            let right = SMTPMailSender(settings: SMTPSettings(url: url, from: "a4b@localhost", credentials: ("svc@contoso.com", "svc-pw")), transport: transport)
            try await right.send(mail(id: "<n4@x>"))
            #expect(fake.inbox("svc@contoso.com")?.messages.map(\.messageID) == ["<n1@a4b-calendar>", "<n4@x>"])
            let nowhere = SMTPMailSender(settings: SMTPSettings(url: "smtp://127.0.0.1:1", from: "a4b@localhost", timeout: .seconds(5)), transport: transport)
            await #expect(throws: TransportError.self) { try await nowhere.send(mail()) }
        }
    }

    @Test func smtpsTrustsTheRelayOnlyWithItsCAAndTheRightName() async throws {
        let pki = try await offThePool { try ThrowawayPKI() }
        defer { pki.remove() }
        try await withRelay { fake, listener, _ in
            let front = try await offThePool { try TLSFront(certificate: pki.valid, key: pki.key, backendPort: listener.port) }
            let url = "smtps://localhost:\(front.port)"
            let trusted = SMTPSettings(url: url, from: "a4b@localhost", caFile: pki.caFile)
            try await SMTPMailSender(settings: trusted, transport: trusted.transport()).send(mail(id: "<tls@x>"))
            #expect(fake.inbox("svc@contoso.com")?.messages.map(\.messageID) == ["<tls@x>"])
            let untrusted = SMTPSettings(url: url, from: "a4b@localhost")
            await #expect(throws: TransportError.self) { try await SMTPMailSender(settings: untrusted, transport: untrusted.transport()).send(mail(id: "<no@x>")) }
            let wrongName = try await offThePool { try TLSFront(certificate: pki.wrongName, key: pki.key, backendPort: listener.port) }
            let misnamed = SMTPSettings(url: "smtps://localhost:\(wrongName.port)", from: "a4b@localhost", caFile: pki.caFile)
            await #expect(throws: TransportError.self) { try await SMTPMailSender(settings: misnamed, transport: misnamed.transport()).send(mail(id: "<name@x>")) }
            #expect(fake.inbox("svc@contoso.com")?.messages.count == 1)
        }
    }

    @Test func starttlsIsUsedWhenOfferedAndAPasswordNeverTravelsInTheClear() async throws {
        let pki = try await offThePool { try ThrowawayPKI() }
        defer { pki.remove() }
        try await withRelay { fake, listener, _ in
            let front = try await offThePool { try TLSFront(certificate: pki.valid, key: pki.key, backendPort: listener.port, startTLS: true) }
            // The front refuses AUTH before STARTTLS, so this only works if libcurl upgraded first.
            let offered = SMTPSettings(url: "smtp://localhost:\(front.port)", from: "a4b@localhost", credentials: ("svc@contoso.com", "svc-pw"),
                                       caFile: pki.caFile)
            try await SMTPMailSender(settings: offered, transport: offered.transport()).send(mail(id: "<starttls@x>"))
            #expect(fake.inbox("svc@contoso.com")?.messages.map(\.messageID) == ["<starttls@x>"])
            // Required TLS against a relay that offers no STARTTLS: refused before any AUTH or MAIL.
            var plain = SMTPRequest(url: "smtp://127.0.0.1:\(listener.port)", from: "a4b@localhost", recipients: ["svc@contoso.com"],
                                    message: Array("Subject: x\r\n\r\nx\r\n".utf8), credentials: ("svc@contoso.com", "svc-pw"), timeout: .seconds(10))
            plain.requireTLS = true
            await #expect(throws: TransportError.self) { try await offered.transport().send(plain) }
            #expect(fake.inbox("svc@contoso.com")?.messages.count == 1)
            // So a relay off this machine that offers no STARTTLS never gets the password.
            #expect(SMTPSettings(url: "smtp://relay.contoso.com:25", from: "a@b", credentials: ("u", "p")).passwordNeedsTLS)
            #expect(!SMTPSettings(url: "smtp://127.0.0.1:25", from: "a@b", credentials: ("u", "p")).passwordNeedsTLS)
            #expect(!SMTPSettings(url: "smtp://relay.contoso.com:25", from: "a@b").passwordNeedsTLS)
        }
    }
}
