// SMTPSessionTests: the fake's SMTP conversation line by line, and how it reads the messages it receives.
import Foundation
import Synchronization
import Testing

@testable import FakeExchange

@Suite struct SMTPSessionTests {
    final class Drop: SMTPMailDrop {
        let delivered = Mutex<[(from: String, to: [String], data: String)]>([])
        func acceptsRecipient(_ address: String) -> Bool { address.hasSuffix("@contoso.com") }
        func authenticates(user: String, password: String) -> Bool { user == "svc@contoso.com" && password == "pw" }
        func deliver(from sender: String, to recipients: [String], data: [UInt8]) -> String {
            delivered.withLock { $0.append((sender, recipients, String(decoding: data, as: UTF8.self))) }
            return "<id@x>"
        }
    }

    private func talk(_ session: inout SMTPSession, _ line: String) -> [String] {
        session.receive(Array(line.utf8)).lines
    }

    @Test func aWholeConversationDeliversTheMessageWithDotStuffingUndone() {
        let drop = Drop()
        var session = SMTPSession(drop: drop)
        #expect(talk(&session, "EHLO client").last == "250 ENHANCEDSTATUSCODES")
        #expect(talk(&session, "MAIL FROM:<a4b@localhost> SIZE=100") == ["250 2.1.0 Sender OK"])
        #expect(talk(&session, "RCPT TO:<svc@contoso.com>") == ["250 2.1.5 Recipient OK"])
        #expect(talk(&session, "RCPT TO:<nobody@example.com>").first?.hasPrefix("550 5.1.10") == true)
        #expect(talk(&session, "DATA").first?.hasPrefix("354") == true)
        for line in ["Subject: hi", "", "..leading dot", "body"] { #expect(talk(&session, line).isEmpty) }
        #expect(talk(&session, ".") == ["250 2.6.0 <id@x> Queued mail for delivery"])
        let delivered = drop.delivered.withLock { $0 }
        #expect(delivered.count == 1)
        #expect(delivered.first?.from == "a4b@localhost")
        #expect(delivered.first?.to == ["svc@contoso.com"])
        #expect(delivered.first?.data == "Subject: hi\r\n\r\n.leading dot\r\nbody\r\n")
        #expect(session.receive(Array("QUIT".utf8)) == SMTPSession.Answer(lines: ["221 2.0.0 Service closing transmission channel"], close: true))
    }

    @Test func commandsOutOfOrderAndBadCredentialsAreRefused() {
        var session = SMTPSession(drop: Drop())
        #expect(talk(&session, "MAIL FROM:<a@b>") == ["503 5.5.2 Send hello first"])
        _ = talk(&session, "HELO x")
        #expect(talk(&session, "RCPT TO:<svc@contoso.com>") == ["503 5.5.1 Need mail command"])
        #expect(talk(&session, "DATA") == ["503 5.5.1 Need rcpt command"])
        #expect(talk(&session, "AUTH PLAIN " + Data("\0svc@contoso.com\0wrong".utf8).base64EncodedString()) == ["535 5.7.3 Authentication unsuccessful"])
        #expect(talk(&session, "AUTH PLAIN " + Data("\0svc@contoso.com\0pw".utf8).base64EncodedString()) == ["235 2.7.0 Authentication successful"])
        #expect(talk(&session, "AUTH LOGIN") == ["334 VXNlcm5hbWU6"])
        #expect(talk(&session, Data("svc@contoso.com".utf8).base64EncodedString()) == ["334 UGFzc3dvcmQ6"])
        #expect(talk(&session, Data("pw".utf8).base64EncodedString()) == ["235 2.7.0 Authentication successful"])
        #expect(talk(&session, "STARTTLS") == ["500 5.3.3 Unrecognized command"])
    }

    @Test func aClientThatKeepsSendingNonsenseIsDisconnected() {
        var session = SMTPSession(drop: Drop())
        for _ in 0..<SMTPSession.maxErrors { #expect(session.receive(Array("BOGUS".utf8)).close == false) }
        #expect(session.receive(Array("BOGUS".utf8)).close == true)
    }

    @Test func aReceivedMessageIsReadWithItsEncodingsUndone() {
        let raw = """
            From: a4b-calendar <a4b@localhost>\r
            Subject: =?UTF-8?B?UGFzc3dvcnQgbMOkdWZ0IGFi?=\r
             =?UTF-8?Q?_bald?=\r
            Date: Thu, 03 Dec 2026 12:00:00 +0000\r
            Message-ID: <m1@x>\r
            Content-Transfer-Encoding: quoted-printable\r
            \r
            Gr=C3=BC=C3=9Fe, a long line that is=\r
             joined\r
            second line\r

            """
        let message = InternetMessage(Array(raw.utf8))
        #expect(message.decodedHeader("Subject") == "Passwort läuft ab bald")
        #expect(InternetMessage.address(in: message.header("From")!) == "a4b@localhost")
        #expect(message.header("message-id") == "<m1@x>")
        #expect(InternetMessage.date(message.header("Date")!) == Date(timeIntervalSince1970: 1_796_299_200))
        #expect(message.text == "Grüße, a long line that is joined\nsecond line")
    }
}
