// DirectoryOperationTests: ResolveNames, ConvertId (version probe) and GetServerTimeZones.
import Foundation
import Testing

@testable import FakeExchange

private func resolve(_ entry: String, full: String = "false") -> String {
    #"<m:ResolveNames ReturnFullContactData="\#(full)"><m:UnresolvedEntry>\#(entry)</m:UnresolvedEntry></m:ResolveNames>"#
}

private func resolvedAddresses(_ answer: Answer, _ index: Int = 0) -> [String] {
    answer.messages[index].firstChild(NS.m, "ResolutionSet")?.children(NS.t, "Resolution").compactMap {
        $0.descendant([(NS.t, "Mailbox"), (NS.t, "EmailAddress")])?.text
    } ?? []
}

@Suite struct ResolveNamesTests {
    @Test func primaryAddressResolvesExactly() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(resolve("BOB@contoso.com"), header: "")))
        #expect(answer.responseClass() == "Success")
        #expect(resolvedAddresses(answer) == ["bob@contoso.com"])
        let set = try #require(answer.messages[0].firstChild(NS.m, "ResolutionSet"))
        #expect(set.attribute("TotalItemsInView") == "1")
        #expect(set.attribute("IncludesLastItemInRange") == "true")
        let mailbox = set.descendant([(NS.t, "Resolution"), (NS.t, "Mailbox")])
        #expect(mailbox?.firstChild(NS.t, "Name")?.text == "Bob Smith")
        #expect(mailbox?.firstChild(NS.t, "RoutingType")?.text == "SMTP")
        #expect(mailbox?.firstChild(NS.t, "MailboxType")?.text == "Mailbox")
    }

    @Test func aliasNeedsTheSMTPPrefix() throws {
        let fake = try makeFake()
        let plain = try Answer(post(fake, envelope(resolve("a.jones@contoso.com"))))
        #expect(plain.response.status == 200)
        #expect(plain.responseClass() == "Error")
        #expect(plain.code() == "ErrorNameResolutionNoResults")
        let prefixed = try Answer(post(fake, envelope(resolve("smtp:a.jones@contoso.com"))))
        #expect(resolvedAddresses(prefixed) == ["alice@contoso.com"])
    }

    @Test func ambiguousNameIsAWarningWithData() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(resolve("svc"))))
        #expect(answer.responseClass() == "Warning")
        #expect(answer.code() == "ErrorNameResolutionMultipleResults")
        #expect(resolvedAddresses(answer).count >= 4)
        #expect(answer.messages[0].firstChild(NS.m, "ResolutionSet")?.attribute("TotalItemsInView") == String(resolvedAddresses(answer).count))
    }

    @Test func fullContactDataAddsContact() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(resolve("alice@contoso.com", full: "true"))))
        let contact = answer.messages[0].descendant([(NS.m, "ResolutionSet"), (NS.t, "Resolution"), (NS.t, "Contact")])
        #expect(contact?.firstChild(NS.t, "DisplayName")?.text == "Alice Jones")
        #expect(contact?.firstChild(NS.t, "ContactSource")?.text == "ActiveDirectory")
    }

    @Test func legacyDNResolves() throws {
        let fake = try makeFake()
        let dn = "/O=CONTOSO/OU=EXCHANGE ADMINISTRATIVE GROUP (FYDIBOHF23SPDLT)/CN=RECIPIENTS/CN=ALICE"
        #expect(resolvedAddresses(try Answer(post(fake, envelope(resolve(dn))))) == ["alice@contoso.com"])
    }

    @Test func emptyEntryIsASchemaFault() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(resolve(""))))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorSchemaValidation")
    }

    @Test func callerWithoutMailboxCannotResolve() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(resolve("bob@contoso.com")), user: "svc-nombx@contoso.com", password: "nombx-secret"))
        #expect(answer.code() == "ErrorNameResolutionNoMailbox")
    }

    @Test func severalEntriesGetOneMessageEach() throws {
        let fake = try makeFake()
        let body = #"<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>bob@contoso.com</m:UnresolvedEntry><m:UnresolvedEntry>ghost@contoso.com</m:UnresolvedEntry></m:ResolveNames>"#
        let answer = try Answer(post(fake, envelope(body)))
        #expect(answer.messages.map { $0.attribute("ResponseClass") } == ["Success", "Error"])
    }
}

@Suite struct ConvertIdTests {
    @Test func exchangelibVersionProbeGetsTheCapturedAnswer() throws {
        let fake = try makeFake()
        let probe = #"<m:ConvertId DestinationFormat="EntryId"><m:SourceIds><t:AlternateId Format="EwsId" Id="DUMMY" Mailbox="DUMMY"/></m:SourceIds></m:ConvertId>"#
        let answer = try Answer(post(fake, envelope(probe, header: #"<t:RequestServerVersion Version="Exchange2016"/>"#)))
        #expect(answer.response.status == 200)
        #expect(answer.responseClass() == "Error")
        #expect(answer.code() == "ErrorInvalidSmtpAddress")
        #expect(answer.header?.firstChild(NS.t, "ServerVersionInfo")?.attribute("MajorVersion") == "15")
    }

    @Test func realIdsConvertBothWays() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        let toHex = #"<m:ConvertId DestinationFormat="HexEntryId"><m:SourceIds><t:AlternateId Format="EwsId" Id="\#(id)" Mailbox="alice@contoso.com"/></m:SourceIds></m:ConvertId>"#
        let hexAnswer = try Answer(post(fake, envelope(toHex)))
        let alternate = try #require(hexAnswer.messages[0].firstChild(NS.m, "AlternateId"))
        #expect(alternate.attribute("Format") == "HexEntryId")
        #expect(alternate.attribute("Mailbox") == "alice@contoso.com")
        let hex = try #require(alternate.attribute("Id"))
        let back = #"<m:ConvertId DestinationFormat="EwsId"><m:SourceIds><t:AlternateId Format="HexEntryId" Id="\#(hex)" Mailbox="alice@contoso.com"/></m:SourceIds></m:ConvertId>"#
        #expect(try Answer(post(fake, envelope(back))).messages[0].firstChild(NS.m, "AlternateId")?.attribute("Id") == id)
        let junk = #"<m:ConvertId DestinationFormat="EwsId"><m:SourceIds><t:AlternateId Format="EwsId" Id="AAAA" Mailbox="alice@contoso.com"/></m:SourceIds></m:ConvertId>"#
        #expect(try Answer(post(fake, envelope(junk))).code() == "ErrorInvalidIdMalformed")
    }
}

@Suite struct GetServerTimeZonesTests {
    @Test func listsKnownZonesWithCapturedNames() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(#"<m:GetServerTimeZones ReturnFullTimeZoneData="false"/>"#)))
        let definitions = answer.messages[0].firstChild(NS.m, "TimeZoneDefinitions")?.children ?? []
        #expect(definitions.count == WindowsTimeZone.all.count)
        let pacific = try #require(definitions.first { $0.attribute("Id") == "Pacific Standard Time" })
        #expect(pacific.attribute("Name") == "(UTC-08:00) Pacific Time (US & Canada)")
        #expect(pacific.children.map(\.localName) == ["Periods", "TransitionsGroups"])
    }

    @Test func fullDataForOneZone() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(#"<m:GetServerTimeZones><m:Ids><t:Id>Eastern Standard Time</t:Id><t:Id>No Such Zone</t:Id></m:Ids></m:GetServerTimeZones>"#)))
        let definitions = answer.messages[0].firstChild(NS.m, "TimeZoneDefinitions")?.children ?? []
        #expect(definitions.map { $0.attribute("Id") } == ["Eastern Standard Time"])
        let periods = definitions[0].firstChild(NS.t, "Periods")?.children ?? []
        #expect(periods.map { $0.attribute("Bias") } == ["PT300M", "PT240M"])
        let rules = definitions[0].descendant([(NS.t, "TransitionsGroups"), (NS.t, "TransitionsGroup")])?.children ?? []
        #expect(rules.map { $0.firstChild(NS.t, "Month")?.text } == ["3", "11"])
        #expect(rules.map { $0.firstChild(NS.t, "Occurrence")?.text } == ["2", "1"])
    }
}
