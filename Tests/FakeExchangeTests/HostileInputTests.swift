// HostileInputTests: malformed, oversized, out-of-range and nonsensical requests never crash or hang the fake.
import Foundation
import Testing
import XMLSupport

@testable import FakeExchange

/// Every answer to a hostile EWS request must be a well-formed SOAP fault (500) or ResponseMessages (200).
private func expectWellFormedAnswer(_ response: FakeHTTPResponse, _ label: String) {
    #expect([200, 500].contains(response.status), "\(label): status \(response.status)")
    #expect((try? XMLTree.parse(response.body)) != nil, "\(label): answer is not well-formed XML")
}

@Suite struct HostileInputTests {
    static let rawBodies: [(String, String)] = [
        ("garbage", "\u{1}\u{2}not xml at all <<<>>>"),
        ("truncated", #"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body><m:FindItem"#),
        ("declaration only", #"<?xml version="1.0" encoding="utf-8"?>"#),
        ("wrong declared encoding", #"<?xml version="1.0" encoding="UTF-16"?><a/>"#),
        ("NUL bytes", "<a>\u{0}</a>"),
        ("deep nesting", String(repeating: "<a>", count: 5000) + String(repeating: "</a>", count: 5000)),
        ("envelope without body", #"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"/>"#),
        ("body with text only", #"<s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/"><s:Body>hello</s:Body></s:Envelope>"#),
        ("non-SOAP root", "<html><body>hi</body></html>"),
    ]

    @Test func malformedDocumentsGetFaults() throws {
        let fake = try makeFake()
        for (label, body) in Self.rawBodies {
            let response = post(fake, body)
            expectWellFormedAnswer(response, label)
            #expect(response.status == 500, "\(label)")
        }
    }

    /// Byte-order marks, sent as raw bytes (a `String` would turn a UTF-16 BOM into replacement characters).
    @Test func byteOrderMarksAreReadAsBytes() throws {
        let fake = try makeFake()
        // A UTF-16LE BOM and `<a` in UTF-16LE, truncated: a fault, not a crash or a hang.
        let utf16 = postBytes(fake, Data([0xFF, 0xFE, 0x3C, 0x00, 0x61, 0x00]))
        expectWellFormedAnswer(utf16, "UTF-16LE BOM")
        #expect(utf16.status == 500)
        // A UTF-8 BOM before a valid envelope, as some Windows clients send: the request is served.
        let utf8 = try Answer(postBytes(fake, Data([0xEF, 0xBB, 0xBF]) + Data(envelope(getFolderBody(distinguished("calendar"))).utf8)))
        #expect(utf8.response.status == 200)
        #expect(utf8.code() == "NoError")
    }

    private func postBytes(_ fake: FakeExchange, _ body: Data) -> FakeHTTPResponse {
        fake.handle(FakeHTTPRequest(method: "POST", path: "/EWS/Exchange.asmx",
                                    headers: [(name: "Content-Type", value: "text/xml"), basicAuth("alice@contoso.com", "secret")],
                                    body: body))
    }

    static let operationBodies: [String] = [
        "<m:GetFolder/>", "<m:FindItem/>", #"<m:FindItem Traversal="Shallow"/>"#, "<m:GetItem/>", "<m:CreateItem/>",
        #"<m:UpdateItem ConflictResolution="AutoResolve"/>"#, "<m:DeleteItem/>", "<m:ResolveNames/>", "<m:ConvertId/>",
        "<m:GetServerTimeZones/>", "<m:NoSuchOperation/>", "<m:GetFolder><m:FolderShape/><m:FolderIds><t:FolderId/></m:FolderIds></m:GetFolder>",
        #"<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:OccurrenceItemId RecurringMasterId="RlhJMQFDAWFsaWNlQGNvbnRvc28uY29tATE=" InstanceIndex="9223372036854775807"/><t:OccurrenceItemId RecurringMasterId="RlhJMQFDAWFsaWNlQGNvbnRvc28uY29tATE=" InstanceIndex="-9223372036854775808"/><t:ItemId Id="RlhJMQFDAWFsaWNlQGNvbnRvc28uY29tATEBOTIyMzM3MjAzNjg1NDc3NTgwNw=="/><t:ItemId Id="RlhJMQFDAWFsaWNlQGNvbnRvc28uY29tATEBLTkyMjMzNzIwMzY4NTQ3NzU4MDg="/><t:ItemId Id=""/></m:ItemIds></m:GetItem>"#,
        #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:CalendarView MaxEntriesReturned="99999999999999999999" StartDate="0001-01-01T00:00:00Z" EndDate="9999-12-31T23:59:59Z"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#,
        #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:CalendarView StartDate="9999-12-31T00:00:00-14:00" EndDate="9999-12-31T23:59:59-14:00"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#,
        #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:IndexedPageItemView Offset="9223372036854775807" MaxEntriesReturned="-9223372036854775808" BasePoint="Beginning"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#,
        #"<m:ResolveNames ReturnFullContactData="true"><m:UnresolvedEntry>smtp:</m:UnresolvedEntry></m:ResolveNames>"#,
        #"<m:ConvertId DestinationFormat="HexEntryId"><m:SourceIds><t:AlternateId Format="HexEntryId" Id="zz+" Mailbox="alice@contoso.com"/></m:SourceIds></m:ConvertId>"#,
        #"<m:GetServerTimeZones ReturnFullTimeZoneData="true"><m:Ids><t:Id></t:Id><t:Id>Nowhere Standard Time</t:Id></m:Ids></m:GetServerTimeZones>"#,
        "<m:FindFolder/>", #"<m:FindFolder Traversal="Deep"/>"#, "<m:CreateFolder/>", "<m:DeleteFolder/>", "<m:GetUserConfiguration/>",
        #"<m:CreateFolder><m:ParentFolderId><t:FolderId Id="RkxGMQF4AWY5OTk5OTk5OTk5OTk5OTk5OTk5OTk5"/></m:ParentFolderId><m:Folders><t:Folder/></m:Folders></m:CreateFolder>"#,
        #"<m:DeleteFolder DeleteType="HardDelete"><m:FolderIds><t:FolderId Id="RlhGMQFhbGljZUBjb250b3NvLmNvbQFmLTE="/></m:FolderIds></m:DeleteFolder>"#,
        #"<m:GetUserConfiguration><m:UserConfigurationName Name=""/><m:UserConfigurationProperties></m:UserConfigurationProperties></m:GetUserConfiguration>"#,
        #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0x1FFFF" PropertyType="String"/><t:ExtendedFieldURI PropertyTag="" PropertyType="Integer"/></t:AdditionalProperties></m:ItemShape><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#,
        #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:Restriction><t:Not/></m:Restriction><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#,
        #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:Restriction><t:IsEqualTo><t:ExtendedFieldURI PropertyTag="0xe23" PropertyType="Integer"/><t:FieldURIOrConstant><t:Constant Value="99999999999999999999999"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction><m:SortOrder><t:FieldOrder Order="Sideways"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder></m:SortOrder><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#,
        #"<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:MimeContent>QkVHSU46VkNBTEVOREFSDQpCRUdJTjpWRVZFTlQNCkRUU1RBUlQ6OTk5OTk5OTlUOTk5OTk5DQpFTkQ6VkVWRU5UDQpFTkQ6VkNBTEVOREFSDQo=</t:MimeContent></t:CalendarItem></m:Items></m:CreateItem>"#,
    ]

    @Test func aRequestListingMoreThan100EntriesIsRefusedNotAmplified() throws {
        let fake = try makeFake()
        func findItem(parents: Int) throws -> Answer {
            let ids = String(repeating: #"<t:DistinguishedFolderId Id="calendar"/>"#, count: parents)
            return try Answer(post(fake, envelope(#"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:IndexedPageItemView Offset="0" BasePoint="Beginning"/><m:ParentFolderIds>\#(ids)</m:ParentFolderIds></m:FindItem>"#)))
        }
        let refused = try findItem(parents: 101)
        #expect(refused.faultCode == "ErrorInvalidRequest")
        #expect(refused.fault?.firstChild(nil, "faultstring")?.text.contains("101") == true)
        #expect(try findItem(parents: 100).messages.count == 100)
    }

    @Test func emptyAndOutOfRangeOperationsNeverCrash() throws {
        let fake = try makeFake()
        for body in Self.operationBodies {
            expectWellFormedAnswer(post(fake, envelope(body)), body)
        }
    }

    private func series(_ pattern: String) -> String {
        #"<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>Hostile</t:Subject><t:Start>2026-11-27T14:00:00Z</t:Start><t:End>2026-11-27T15:00:00Z</t:End><t:Recurrence>\#(pattern)<t:NoEndRecurrence><t:StartDate>2026-11-27Z</t:StartDate></t:NoEndRecurrence></t:Recurrence></t:CalendarItem></m:Items></m:CreateItem>"#
    }

    /// Exchange takes Interval 1...999 and DayOfMonth 1...31; anything else used to overflow the expander.
    @Test(arguments: [
        "<t:WeeklyRecurrence><t:Interval>9223372036854775807</t:Interval><t:DaysOfWeek>Friday</t:DaysOfWeek></t:WeeklyRecurrence>",
        "<t:DailyRecurrence><t:Interval>4611686018427387904</t:Interval></t:DailyRecurrence>",
        "<t:DailyRecurrence><t:Interval>0</t:Interval></t:DailyRecurrence>",
        "<t:AbsoluteMonthlyRecurrence><t:Interval>1</t:Interval><t:DayOfMonth>-9223372036854775808</t:DayOfMonth></t:AbsoluteMonthlyRecurrence>",
        "<t:AbsoluteYearlyRecurrence><t:DayOfMonth>0</t:DayOfMonth><t:Month>March</t:Month></t:AbsoluteYearlyRecurrence>",
    ])
    func outOfRangeRecurrenceIsInvalidRecurrence(pattern: String) throws {
        let fake = try makeFake()
        let created = try Answer(post(fake, envelope(series(pattern))))
        #expect(created.response.status == 200)
        #expect(created.code() == "ErrorCalendarInvalidRecurrence")
        let view = post(fake, envelope(calendarViewBody(start: "2026-11-01T00:00:00Z", end: "2027-11-01T00:00:00Z")))
        expectWellFormedAnswer(view, "view after \(pattern)")
        #expect(view.status == 200)
    }

    @Test func documentedRecurrenceLimitsStillWork() throws {
        let fake = try makeFake()
        let pattern = "<t:WeeklyRecurrence><t:Interval>999</t:Interval><t:DaysOfWeek>Friday</t:DaysOfWeek></t:WeeklyRecurrence>"
        #expect(try Answer(post(fake, envelope(series(pattern)))).code() == "NoError")
        let monthly = "<t:AbsoluteMonthlyRecurrence><t:Interval>1</t:Interval><t:DayOfMonth>31</t:DayOfMonth></t:AbsoluteMonthlyRecurrence>"
        #expect(try Answer(post(fake, envelope(series(monthly)))).code() == "NoError")
        let view = try Answer(post(fake, envelope(calendarViewBody(start: "2027-02-01T00:00:00Z", end: "2027-03-01T00:00:00Z"))))
        #expect(viewItems(view).filter { $0.subject == "Hostile" }.map(\.start) == ["2027-02-28T14:00:00Z"])
    }

    /// Two huge injected delays used to overflow their sum.
    @Test func hugeInjectedDelaysSaturate() throws {
        let fake = try makeFake()
        for _ in 0..<2 {
            let added = fake.handle(FakeHTTPRequest(
                method: "POST", path: "/_fake/faults", body: Data(#"{"fault": "delay", "delayMs": 9223372036854775807}"#.utf8)))
            #expect(added.status == 201)
        }
        let response = post(fake, envelope(getFolderBody(distinguished("calendar"))))
        #expect(response.status == 200)
        #expect(response.delay == .milliseconds(Int.max))
    }
}
