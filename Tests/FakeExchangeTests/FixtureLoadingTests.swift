// FixtureLoadingTests: fixture parsing, relative placement, and errors that name the bad field.
import Foundation
import Testing

@testable import FakeExchange

@Suite struct FixtureLoadingTests {
    @Test func loadsTheTestFixture() throws {
        let fake = try makeFake()
        #expect(fake.settings.build.dotted == "15.1.2507.6")
        #expect(fake.settings.basicAuth)
    }

    @Test func loadsTheShippedExample() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Examples/contoso.json"))
        let fake = try FakeExchange.load(fixture: data, now: testNow)
        let response = fake.handle(FakeHTTPRequest(method: "GET", path: "/_fake/mailboxes"))
        #expect(response.status == 200)
    }

    @Test func relativeDayIsPlacedInTheEventZone() throws {
        let fixture = """
            {"mailboxes": [{"smtp": "a@contoso.com", "password": "p", "events": [
              {"subject": "Tomorrow NY", "day": 1, "time": "09:30", "timeZone": "America/New_York", "durationMinutes": 30},
              {"subject": "Today all day", "day": 0, "allDay": true, "timeZone": "Europe/Berlin"},
              {"subject": "Windows zone", "day": -1, "time": "08:00", "timeZone": "Tokyo Standard Time"}
            ]}]}
            """
        let snapshot = try FixtureParser(now: testNow).parse(Data(fixture.utf8))
        let events = try #require(snapshot.calendars["a@contoso.com"])
        #expect(EWSDateTime.format(events[0].start) == "2026-11-26T14:30:00Z")
        #expect(EWSDateTime.format(events[0].end) == "2026-11-26T15:00:00Z")
        #expect(EWSDateTime.format(events[1].start) == "2026-11-24T23:00:00Z")
        #expect(EWSDateTime.format(events[1].end) == "2026-11-25T23:00:00Z")
        #expect(events[1].isAllDay)
        // 2026-11-25T12:00Z is already 21:00 on the 25th in Tokyo; day -1 is the 24th.
        #expect(EWSDateTime.format(events[2].start) == "2026-11-23T23:00:00Z")
    }

    @Test(arguments: [
        (#"{"server": {"build": "fifteen"}, "mailboxes": []}"#, "server.build"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "calendarPermissions": {"ghost@contoso.com": "Editor"}}]}"#,
         "mailboxes[0].calendarPermissions.ghost@contoso.com"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "sendAs": ["ghost@contoso.com"]}]}"#, "mailboxes[0].sendAs[0]"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "impersonation": {"scope": ["ghost@contoso.com"]}}]}"#,
         "mailboxes[0].impersonation.scope[0]"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "impersonation": {"scope": "everyone"}}]}"#, "mailboxes[0].impersonation.scope"),
        (#"{"mailboxes": [{"smtp": "b@contoso.com"}, {"smtp": "a@contoso.com", "calendarPermissions": {"b@contoso.com": "Boss"}}]}"#,
         "mailboxes[1].calendarPermissions.b@contoso.com"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "kind": "robot"}]}"#, "mailboxes[0].kind"),
        (#"{"mailboxes": [{"smtp": "not-an-address"}]}"#, "mailboxes[0].smtp"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "events": [{"subject": "x", "start": "tomorrow"}]}]}"#, "mailboxes[0].events[0].start"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "events": [{"subject": "x", "day": 1}]}]}"#, "mailboxes[0].events[0].time"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "events": [{"day": 1, "time": "09:00", "timeZone": "Mars/Olympus"}]}]}"#,
         "mailboxes[0].events[0].timeZone"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "events": [{"start": "2026-11-25T10:00:00Z", "recurrence": {"frequency": "hourly"}}]}]}"#,
         "mailboxes[0].events[0].recurrence.frequency"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "events": [{"start": "2026-11-25T10:00:00Z", "recurrence": {"frequency": "weekly", "daysOfWeek": ["Funday"]}}]}]}"#,
         "mailboxes[0].events[0].recurrence.daysOfWeek[0]"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com", "password": 12}]}"#, "mailboxes[0].password"),
        (#"{"mailboxes": [{"displayName": "no smtp"}]}"#, "mailboxes[0].smtp"),
        (#"{"mailboxes": [{"smtp": "a@contoso.com"}, {"smtp": "A@contoso.com"}]}"#, "mailboxes[1].smtp"),
        (#"{"mailboxes": "#, "(document)"),
    ])
    func errorsNameTheField(fixture: String, field: String) {
        do {
            _ = try FakeExchange.load(fixture: Data(fixture.utf8), now: testNow)
            Issue.record("loaded a bad fixture")
        } catch {
            #expect(error.field == field, "\(error)")
            #expect(error.description.contains(field))
        }
    }

    @Test func everyKnownWindowsZoneResolves() {
        for zone in WindowsTimeZone.all {
            #expect(TimeZone(identifier: zone.iana) != nil, "\(zone.iana)")
        }
        #expect(WindowsTimeZone.forZone(TimeZone(identifier: "America/New_York")!).id == "Eastern Standard Time")
        #expect(WindowsTimeZone.forZone(TimeZone(identifier: "Europe/Amsterdam")!).id == "W. Europe Standard Time")
    }
}
