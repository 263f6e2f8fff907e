// AuthAndOWATests: Basic auth (UPN or SMTP), the 401 challenges, and OWA paths that never answer SOAP.
import Foundation
import Testing

@testable import FakeExchange

@Suite struct AuthAndOWATests {
    private let probe = envelope(getFolderBody(distinguished("calendar")))

    @Test func missingCredentialsGet401OfferingOnlyBasic() throws {
        let fake = try makeFake()
        let response = fake.handle(FakeHTTPRequest(method: "POST", path: "/EWS/Exchange.asmx", body: Data(probe.utf8)))
        #expect(response.status == 401)
        #expect(response.headers(named: "WWW-Authenticate") == [#"Basic realm="mail.contoso.com""#])
        #expect(response.body.isEmpty)
    }

    @Test func wrongPasswordGets401() throws {
        let fake = try makeFake()
        let response = post(fake, probe, password: "wrong")
        #expect(response.status == 401)
        #expect(response.headers(named: "www-authenticate") == [#"Basic realm="mail.contoso.com""#])
    }

    @Test(arguments: [("alice@corp.contoso.com", "secret"), ("alice@contoso.com", "secret"), ("ALICE@contoso.com", "secret"), (#"CORP\alice"#, "secret")])
    func upnOrPrimarySMTPLogsIn(user: String, password: String) throws {
        let fake = try makeFake()
        #expect(post(fake, probe, user: user, password: password).status == 200)
    }

    @Test func aliasIsNotALogonName() throws {
        let fake = try makeFake()
        #expect(post(fake, probe, user: "a.jones@contoso.com", password: "secret").status == 401)
    }

    @Test func basicDisabledOffersOnlyNegotiateAndNTLM() throws {
        let fake = try makeFake(testFixture.replacingOccurrences(of: #""basicAuth": true"#, with: #""basicAuth": false"#))
        let response = post(fake, probe)
        #expect(response.status == 401)
        #expect(response.headers(named: "WWW-Authenticate") == ["Negotiate", "NTLM"])
    }

    @Test(arguments: ["GET", "POST"])
    func owaRedirectsToFormsLogon(method: String) throws {
        let fake = try makeFake()
        let response = fake.handle(FakeHTTPRequest(
            method: method, path: "/owa/", headers: [(name: "Host", value: "mail.contoso.com"), basicAuth("alice@contoso.com", "secret")],
            body: Data(probe.utf8)))
        #expect(response.status == 302)
        let location = try #require(response.header("Location"))
        #expect(location.hasPrefix("/owa/auth/logon.aspx?"))
        #expect(location.contains("reason=0"))
        #expect(!response.bodyText.contains("Envelope"))
        let page = fake.handle(FakeHTTPRequest(method: "GET", path: location))
        #expect(page.status == 200)
        #expect(page.header("Content-Type")?.hasPrefix("text/html") == true)
        #expect(page.bodyText.contains("<form"))
        #expect(!page.bodyText.contains("schemas.xmlsoap.org"))
    }

    @Test func unknownPathIs404() throws {
        let fake = try makeFake()
        #expect(fake.handle(FakeHTTPRequest(method: "GET", path: "/autodiscover/autodiscover.xml")).status == 404)
    }
}
