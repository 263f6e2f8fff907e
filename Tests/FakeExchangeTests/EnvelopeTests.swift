// EnvelopeTests: namespace-aware parsing, ServerVersionInfo, version checks, and request-level faults.
import Foundation
import Testing

@testable import FakeExchange

@Suite struct EnvelopeTests {
    @Test(arguments: ClientStyle.allCases)
    func everyPrefixStyleGetsTheSameAnswer(style: ClientStyle) throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(getFolderBody(distinguished("calendar")), style: style)))
        #expect(answer.response.status == 200)
        #expect(answer.responseClass() == "Success")
        let folder = answer.messages[0].firstChild(NS.m, "Folders")?.children.first
        #expect(folder?.localName == "CalendarFolder")
        #expect(folder?.firstChild(NS.t, "DisplayName")?.text == "Calendar")
    }

    @Test func everyNonFaultAnswerCarriesServerVersionInfo() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(getFolderBody(distinguished("inbox")))))
        let info = try #require(answer.header?.firstChild(NS.t, "ServerVersionInfo"))
        #expect(info.attribute("MajorVersion") == "15")
        #expect(info.attribute("MinorVersion") == "1")
        #expect(info.attribute("MajorBuildNumber") == "2507")
        #expect(info.attribute("MinorBuildNumber") == "6")
        #expect(info.attribute("Version") == "V2017_07_11")
        #expect(answer.response.header("Content-Type") == "text/xml; charset=utf-8")
    }

    @Test func endpointPathIsCaseInsensitive() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(getFolderBody(distinguished("calendar"))), path: "/ews/exchange.asmx"))
        #expect(answer.response.status == 200)
    }

    @Test func missingRequestServerVersionIsAccepted() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(getFolderBody(distinguished("calendar")), header: "")))
        #expect(answer.responseClass() == "Success")
    }

    @Test func versionAboveTheServerIsInvalidServerVersion() throws {
        let fake = try makeFake(testFixture.replacingOccurrences(of: "15.1.2507.6", with: "14.3.195.1"))
        let too_new = try Answer(post(fake, envelope(getFolderBody(distinguished("calendar")))))
        #expect(too_new.response.status == 500)
        #expect(too_new.faultCode == "ErrorInvalidServerVersion")
        #expect(too_new.header == nil)
        let ok = try Answer(post(
            fake, envelope(getFolderBody(distinguished("calendar")), header: #"<t:RequestServerVersion Version="Exchange2010_SP2"/>"#)))
        #expect(ok.responseClass() == "Success")
        #expect(ok.header?.firstChild(NS.t, "ServerVersionInfo")?.attribute("Version") == "Exchange2010_SP2")
        // Exchange 2013 RTM does not know Exchange2016.
        let fake2013 = try makeFake(testFixture.replacingOccurrences(of: "15.1.2507.6", with: "15.0.847.31"))
        let answer2013 = try Answer(post(
            fake2013, envelope(getFolderBody(distinguished("calendar")), header: #"<t:RequestServerVersion Version="Exchange2016"/>"#)))
        #expect(answer2013.faultCode == "ErrorInvalidServerVersion")
    }

    @Test func unknownVersionValueIsSchemaValidation() throws {
        let fake = try makeFake()
        let answer = try Answer(post(
            fake, envelope(getFolderBody(distinguished("calendar")), header: #"<t:RequestServerVersion Version="Exchange2099"/>"#)))
        #expect(answer.faultCode == "ErrorSchemaValidation")
    }

    @Test func doctypeGetsAFaultWithoutEntityExpansion() throws {
        let fake = try makeFake()
        let xml = """
            <?xml version="1.0"?>
            <!DOCTYPE s:Envelope [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;"><!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">]>
            <s:Envelope xmlns:s="\(NS.soap)" xmlns:m="\(NS.m)"><s:Body><m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>&c;</m:UnresolvedEntry></m:ResolveNames></s:Body></s:Envelope>
            """
        let answer = try Answer(post(fake, xml))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorSchemaValidation")
        #expect(!answer.response.bodyText.contains("aaaaaaaaaa"))
    }

    @Test func externalEntityGetsAFault() throws {
        let fake = try makeFake()
        let xml = """
            <?xml version="1.0"?><!DOCTYPE r [<!ENTITY x SYSTEM "file:///etc/passwd">]><s:Envelope xmlns:s="\(NS.soap)"><s:Body>&x;</s:Body></s:Envelope>
            """
        let answer = try Answer(post(fake, xml))
        #expect(answer.faultCode == "ErrorSchemaValidation")
        #expect(!answer.response.bodyText.contains("root:"))
    }

    @Test func oversizedRequestGetsAFault() throws {
        let fake = try makeFake(testFixture.replacingOccurrences(of: #""realm": "mail.contoso.com""#, with: #""maxRequestBytes": 2000"#))
        let padding = String(repeating: " ", count: 3000)
        let answer = try Answer(post(fake, envelope(getFolderBody(distinguished("calendar")) + padding)))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorInvalidRequest")
    }

    @Test func malformedXMLGetsSchemaValidationWithLibxmlMessage() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope("<m:GetFolder><m:FolderShape></m:GetFolder>")))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorSchemaValidation")
        let violation = answer.fault?.firstChild(nil, "detail")?.firstChild(NS.t, "MessageXml")?.firstChild(NS.t, "Violation")?.text
        #expect(violation?.isEmpty == false)
    }

    @Test func unknownOperationIsInvalidRequest() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope("<m:TeleportItem/>")))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorInvalidRequest")
        let faultcode = try #require(answer.fault?.firstChild(nil, "faultcode"))
        let resolved = faultcode.resolveQName(faultcode.trimmedText)
        #expect(resolved.namespaceURI == NS.t)
        #expect(resolved.localName == "ErrorInvalidRequest")
    }

    @Test func emptyBodyIsInvalidRequest() throws {
        let fake = try makeFake()
        #expect(try Answer(post(fake, envelope(""))).faultCode == "ErrorInvalidRequest")
    }

    @Test func nonSOAPDocumentIsSchemaValidation() throws {
        let fake = try makeFake()
        #expect(try Answer(post(fake, "<FindItem xmlns=\"\(NS.m)\"/>")).faultCode == "ErrorSchemaValidation")
        // The MS docs typo (https namespace) is not the SOAP namespace either.
        let typo = envelope(getFolderBody(distinguished("calendar"))).replacingOccurrences(of: "http://schemas.xmlsoap.org", with: "https://schemas.xmlsoap.org")
        #expect(try Answer(post(fake, typo)).faultCode == "ErrorSchemaValidation")
    }

    @Test func booleansAcceptAllFourSpellings() throws {
        let fake = try makeFake()
        for value in ["true", "false", "1", "0"] {
            let answer = try Answer(post(fake, envelope(
                #"<m:ResolveNames ReturnFullContactData="\#(value)"><m:UnresolvedEntry>bob@contoso.com</m:UnresolvedEntry></m:ResolveNames>"#)))
            #expect(answer.responseClass() == "Success", "\(value)")
        }
        let bad = try Answer(post(fake, envelope(
            #"<m:ResolveNames ReturnFullContactData="yes"><m:UnresolvedEntry>bob@contoso.com</m:UnresolvedEntry></m:ResolveNames>"#)))
        #expect(bad.faultCode == "ErrorSchemaValidation")
    }
}
