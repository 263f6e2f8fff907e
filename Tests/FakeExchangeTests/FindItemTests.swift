// FindItemTests: CalendarView overlap, recurrence expansion (including across DST), truncation, limits.
import Foundation
import Testing

@testable import FakeExchange

@Suite struct FindItemTests {
    @Test func overlapRuleIncludesItemsEndingAtStartAndExcludesItemsStartingAtEnd() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-25T10:00:00Z", end: "2026-11-25T14:00:00Z"))))
        #expect(answer.response.status == 200)
        #expect(viewItems(answer).map(\.subject) == ["Café & <Planung> 👋🏼 日本語"])
        let later = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-25T10:00:01Z", end: "2026-11-25T14:00:01Z"))))
        #expect(viewItems(later).map(\.subject) == ["Standup"])
    }

    @Test func seriesAreExpandedAndMastersHidden() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-12-03T00:00:00Z"))))
        let items = viewItems(answer)
        #expect(items.map(\.subject) == ["Café & <Planung> 👋🏼 日本語", "Standup", "Dentist", "Offsite", "Standup", "Standup"])
        #expect(items.map(\.type) == ["Single", "Occurrence", "Single", "Single", "Occurrence", "Occurrence"])
        #expect(items.filter { $0.subject == "Standup" }.map(\.start) == [
            "2026-11-25T14:00:00Z", "2026-11-30T14:00:00Z", "2026-12-02T14:00:00Z",
        ])
        #expect(!items.contains { $0.type == "RecurringMaster" })
        let root = try #require(answer.messages[0].firstChild(NS.m, "RootFolder"))
        #expect(root.attribute("TotalItemsInView") == "6")
        #expect(root.attribute("IncludesLastItemInRange") == "true")
        // Each occurrence has its own id, different from the master's and from each other.
        let ids = root.firstChild(NS.t, "Items")!.children.compactMap { $0.firstChild(NS.t, "ItemId")?.attribute("Id") }
        #expect(Set(ids).count == ids.count)
    }

    @Test func countLimitsTheSeries() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-20T00:00:00Z", end: "2027-03-01T00:00:00Z"))))
        let standups = viewItems(answer).filter { $0.subject == "Standup" }
        #expect(standups.count == 10)
        #expect(standups.last?.start == "2026-12-28T14:00:00Z")
    }

    @Test func weeklyLocalTimeSurvivesTheDSTChange() throws {
        let fake = try makeFake()
        let answer = try Answer(post(
            fake, envelope(calendarViewBody(start: "2026-10-20T00:00:00Z", end: "2026-11-10T00:00:00Z")), user: "bob@contoso.com",
            password: "bob-secret"))
        // 09:00 America/New_York: EDT (UTC-4) before 2026-11-01, EST (UTC-5) after.
        #expect(viewItems(answer).map(\.start) == ["2026-10-26T13:00:00Z", "2026-11-02T14:00:00Z", "2026-11-09T14:00:00Z"])
        let ends = answer.messages[0].firstChild(NS.m, "RootFolder")!.firstChild(NS.t, "Items")!.children.map {
            $0.firstChild(NS.t, "End")!.text
        }
        #expect(ends == ["2026-10-26T14:00:00Z", "2026-11-02T15:00:00Z", "2026-11-09T15:00:00Z"])
    }

    @Test func untilIsInclusive() throws {
        let fake = try makeFake()
        let answer = try Answer(post(
            fake, envelope(calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-12-31T00:00:00Z")), user: "bob@contoso.com",
            password: "bob-secret"))
        #expect(viewItems(answer).map(\.start) == ["2026-11-30T14:00:00Z"])
    }

    @Test func maxEntriesTruncatesAndSaysSo() throws {
        let fake = try makeFake()
        let answer = try Answer(post(
            fake, envelope(calendarViewBody(start: "2026-12-01T00:00:00Z", end: "2027-01-01T00:00:00Z", max: 3))))
        let root = try #require(answer.messages[0].firstChild(NS.m, "RootFolder"))
        #expect(root.attribute("TotalItemsInView") == "8")
        #expect(root.attribute("IncludesLastItemInRange") == "false")
        #expect(viewItems(answer).map(\.start) == ["2026-12-02T14:00:00Z", "2026-12-07T14:00:00Z", "2026-12-09T14:00:00Z"])
        // Without truncation the flag stays true, with or without MaxEntriesReturned.
        let all = try Answer(post(fake, envelope(calendarViewBody(start: "2026-12-01T00:00:00Z", end: "2027-01-01T00:00:00Z", max: 8))))
        #expect(all.messages[0].firstChild(NS.m, "RootFolder")?.attribute("IncludesLastItemInRange") == "true")
    }

    @Test func emptyViewStillCarriesBothAttributes() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(start: "2030-01-01T00:00:00Z", end: "2030-01-02T00:00:00Z"))))
        let root = try #require(answer.messages[0].firstChild(NS.m, "RootFolder"))
        #expect(root.attribute("TotalItemsInView") == "0")
        #expect(root.attribute("IncludesLastItemInRange") == "true")
        #expect(root.firstChild(NS.t, "Items")?.children.isEmpty == true)
    }

    @Test func offsetsAndFractionsAreAccepted() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-25T11:00:00.250+02:00", end: "2026-11-25T15:00:00-01:00"))))
        #expect(viewItems(answer).map(\.subject) == ["Café & <Planung> 👋🏼 日本語", "Standup"])
        for item in viewItems(answer) { #expect(item.start.hasSuffix("Z")) }
    }

    @Test func rangeOverTwoYearsIsAPerFolderError() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(start: "2026-01-01T00:00:00Z", end: "2028-01-03T00:00:00Z"))))
        #expect(answer.response.status == 200)
        #expect(answer.responseClass() == "Error")
        #expect(answer.code() == "ErrorCalendarViewRangeTooBig")
        let ok = try Answer(post(fake, envelope(calendarViewBody(start: "2026-01-01T00:00:00Z", end: "2027-12-31T00:00:00Z"))))
        #expect(ok.responseClass() == "Success")
    }

    @Test func endBeforeStartIsAPerFolderError() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-26T00:00:00Z", end: "2026-11-25T00:00:00Z"))))
        #expect(answer.code() == "ErrorCalendarEndDateIsEarlierThanStartDate")
    }

    @Test func calendarViewOnAMailFolderIsAnError() throws {
        let fake = try makeFake()
        let body = calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z")
            .replacingOccurrences(of: #"Id="calendar""#, with: #"Id="inbox""#)
        #expect(try Answer(post(fake, envelope(body))).code() == "ErrorCalendarFolderIsInvalidForCalendarView")
    }

    @Test func missingStartDateIsSchemaValidation() throws {
        let fake = try makeFake()
        let body = #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:CalendarView EndDate="2026-11-26T00:00:00Z"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#
        #expect(try Answer(post(fake, envelope(body))).faultCode == "ErrorSchemaValidation")
    }

    /// ItemQueryTraversalType is Shallow | SoftDeleted | Associated; Deep exists only for FindFolder.
    @Test func deepTraversalIsSchemaValidation() throws {
        let fake = try makeFake()
        let body = calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z")
            .replacingOccurrences(of: #"Traversal="Shallow""#, with: #"Traversal="Deep""#)
        let answer = try Answer(post(fake, envelope(body)))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorSchemaValidation")
    }

    /// A day the month does not have is not an xs:dateTime; it must not roll over into March.
    @Test(arguments: ["2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-02-30T00:00:00+01:00"])
    func impossibleCalendarDateIsSchemaValidation(start: String) throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(start: start, end: "2026-05-01T00:00:00Z"))))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorSchemaValidation")
        let leapDay = try Answer(post(fake, envelope(calendarViewBody(start: "2028-02-29T00:00:00Z", end: "2028-03-01T00:00:00Z"))))
        #expect(leapDay.responseClass() == "Success")
    }

    @Test func idOnlyReturnsJustIdsAndUnknownFieldURIsAreIgnored() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(
            start: "2026-11-25T13:00:00Z", end: "2026-11-25T15:00:00Z", fields: ["calendar:NoSuchThing", "item:Subject", "item:Body"]))))
        let item = try #require(answer.messages[0].firstChild(NS.m, "RootFolder")?.firstChild(NS.t, "Items")?.children.first)
        // FindItem never returns bodies; unknown FieldURIs are silently ignored.
        #expect(item.children.map(\.localName) == ["ItemId", "Subject"])
    }

    @Test func occurrencesCarryRecurrenceIdAndTheSeriesUID() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(
            start: "2026-11-25T13:00:00Z", end: "2026-12-01T00:00:00Z", fields: ["calendar:UID", "calendar:RecurrenceId", "calendar:IsRecurring", "calendar:CalendarItemType"]))))
        let items = answer.messages[0].firstChild(NS.m, "RootFolder")!.firstChild(NS.t, "Items")!.children
        let occurrences = items.filter { $0.firstChild(NS.t, "CalendarItemType")?.text == "Occurrence" }
        #expect(occurrences.count == 2)
        #expect(Set(occurrences.compactMap { $0.firstChild(NS.t, "UID")?.text }).count == 1)
        #expect(occurrences.map { $0.firstChild(NS.t, "RecurrenceId")?.text } == ["2026-11-25T14:00:00Z", "2026-11-30T14:00:00Z"])
        #expect(occurrences.allSatisfy { $0.firstChild(NS.t, "IsRecurring")?.text == "true" })
        let single = items.first { $0.firstChild(NS.t, "CalendarItemType")?.text == "Single" }
        #expect(single?.firstChild(NS.t, "RecurrenceId") == nil)
    }

    @Test func indexedViewListsMastersNotOccurrences() throws {
        let fake = try makeFake()
        let body = #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/><t:FieldURI FieldURI="calendar:CalendarItemType"/></t:AdditionalProperties></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="10" Offset="0" BasePoint="Beginning"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#
        let answer = try Answer(post(fake, envelope(body)))
        let types = viewItems(answer).map(\.type)
        #expect(types.sorted() == ["RecurringMaster", "Single", "Single", "Single"])
    }

    @Test(arguments: ClientStyle.allCases)
    func calendarViewWorksInEveryPrefixStyle(style: ClientStyle) throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-25T13:00:00Z", end: "2026-11-25T15:00:00Z"), style: style)))
        #expect(viewItems(answer).map(\.subject) == ["Standup"])
    }

    @Test func naiveDatesUseTheTimeZoneContext() throws {
        let fake = try makeFake()
        let header = #"<t:RequestServerVersion Version="Exchange2013"/><t:TimeZoneContext><t:TimeZoneDefinition Id="Eastern Standard Time"/></t:TimeZoneContext>"#
        // 09:00-09:30 New York is 14:00-14:30Z.
        let answer = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-25T09:00:00", end: "2026-11-25T09:30:00"), header: header)))
        #expect(viewItems(answer).map(\.subject) == ["Standup"])
    }
}
