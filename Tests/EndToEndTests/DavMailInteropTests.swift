// DavMail 6.0.1 (Debian's davmail, a gateway serving Exchange over CalDAV) in EWS mode against the real
// fake-exchange binary, driven by a CalDAV client (Tests/Interop/davmail_caldav.py, Python standard library):
// the principal, the calendar, a week of events, PUT create and update, DELETE, and an unknown DELETE.
import Foundation
import Glibc
import TestSupport
import Testing

@Suite struct DavMailInteropTests {
    struct WeekEvent: Decodable {
        let href: String
        let etag: String
        let subject: String?
        let dtstart: String?
        let rrule: String?
        let `class`: String?
    }

    struct Created: Decodable {
        let status: Int
        let etag: String
        let subject: String?
        let start: String
        let fake: [[String]]
    }

    struct Updated: Decodable {
        let etag: String
        let subject: String?
        let start: String
        let fake: [[String]]
    }

    struct Deleted: Decodable {
        let status: Int
        let get_after: Int
        let fake: [[String]]
    }

    struct DeletedUnknown: Decodable {
        let status: Int
        let before: Int
        let after: Int
        let fake: [[String]]
    }

    struct Series: Decodable {
        struct Recurrence: Decodable { let frequency: String; let daysOfWeek: [String]? }
        let rrule: String?
        let exdates: [String]
        let excluded_start: String
        let stored_recurrence: Recurrence?
        let stored_deleted: [String]?
    }

    struct Results: Decodable {
        let fake_before: [[String]]
        let principal: String
        let calendars: [String]
        let week: [WeekEvent]
        let create: Created
        let update: Updated
        let delete: Deleted
        let series: Series
        let delete_unknown: DeletedUnknown
    }

    static let davmail = "/usr/bin/davmail"

    /// `start` (ISO 8601 UTC) moved forward by whole days to the first day whose weekday (1 = Sunday) is in
    /// `weekdays` in `zone`, at the same local time.
    static func firstOccurrence(of start: String, on weekdays: Set<Int>, in zone: String) throws -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = try #require(TimeZone(identifier: zone))
        var date = try #require(ISO8601DateFormatter().date(from: start), "stored start \(start)")
        while !weekdays.contains(calendar.component(.weekday, from: date)) {
            date = try #require(calendar.date(byAdding: .day, value: 1, to: date))
        }
        return ISO8601DateFormatter().string(from: date)
    }

    @Test func davmailServesTheFakeOverCalDAV() async throws {
        try #require(FileManager.default.isExecutableFile(atPath: Self.davmail),
                     "DavMail is not installed at \(Self.davmail): run scripts/test, which installs Debian's davmail")
        let root = ExchangelibInteropTests.packageRoot
        let fixture = root.appendingPathComponent("Examples/contoso.json").path
        let fake = try await ServiceProcess(executable: "fake-exchange", arguments: ["--port", "0", "--fixture", fixture])
        // The fixture's week: alice's events lie from day -3 to day 4 of the fixture's zones, so ask
        // for nine UTC days from four days ago, whatever the hour.
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let weekStart = calendar.date(byAdding: .day, value: -4, to: calendar.startOfDay(for: Date()))!
        let components = calendar.dateComponents([.year, .month, .day], from: weekStart)
        let day = [components.year!, components.month!, components.day!].map { $0 < 10 ? "0\($0)" : String($0) }.joined(separator: "-")

        let output = try await ExchangelibInteropTests.runPython(
            [root.appendingPathComponent("Tests/Interop/davmail_caldav.py").path,
             "http://127.0.0.1:\(fake.port)/EWS/Exchange.asmx", "alice@contoso.com", "secret", day, "9"],
            timeout: 240)
        #expect(output.status == 0, "DavMail run failed: \(output.text)")
        let results = try JSONDecoder().decode(Results.self, from: Data(output.text.utf8))

        // Login and discovery.
        #expect(results.principal.hasPrefix("/principals/users/alice@contoso.com"))
        #expect(results.calendars.contains { $0.hasSuffix("/users/alice@contoso.com/calendar/") })

        // The week: what the fake stores, with the series' rule, the private event's class and ETags.
        let stored = Dictionary(results.fake_before.map { ($0[0], $0[1]) }, uniquingKeysWith: { first, _ in first })
        let bySubject = Dictionary(results.week.compactMap { event in event.subject.map { ($0, event) } }, uniquingKeysWith: { first, _ in first })
        #expect(Set(bySubject.keys) == ["Standup", "Dentist", "Quarterly planning", "Team offsite", "Lunch with Dana"])
        for subject in ["Standup", "Dentist", "Quarterly planning", "Lunch with Dana"] {
            var start = try #require(stored[subject])
            if subject == "Standup" {
                // The fixture anchors the series on day -3, which is not always a Monday, Wednesday or Friday; the
                // series (and its iCalendar DTSTART) starts at the first of those days from there.
                start = try Self.firstOccurrence(of: start, on: [2, 4, 6], in: "America/New_York")
            }
            let compact = start.replacingOccurrences(of: "-", with: "").replacingOccurrences(of: ":", with: "")
            #expect(bySubject[subject]?.dtstart == compact, "DTSTART of \(subject)")
        }
        #expect(bySubject["Standup"]?.rrule?.contains("FREQ=WEEKLY") == true)
        #expect(bySubject["Standup"]?.rrule?.contains("BYDAY=MO,WE,FR") == true)
        #expect(bySubject["Standup"]?.rrule?.contains("COUNT=12") == true)
        #expect(bySubject["Dentist"]?.class == "PRIVATE")
        #expect(results.week.allSatisfy { !$0.etag.isEmpty })

        // PUT creates the event in the fake's Calendar, with its subject and start.
        #expect([200, 201, 204].contains(results.create.status))
        #expect(results.create.subject == "CalDAV interop check")
        #expect(results.create.fake.contains(["CalDAV interop check", results.create.start]))
        #expect(results.create.fake.count == results.fake_before.count + 1)
        // PUT with If-Match updates it: a new ETag, the new subject and start in the fake.
        #expect(results.update.etag != results.create.etag && !results.update.etag.isEmpty)
        #expect(results.update.subject == "CalDAV interop check, moved")
        #expect(results.update.fake.contains(["CalDAV interop check, moved", results.update.start]))
        #expect(results.update.fake.count == results.fake_before.count + 1)
        // A weekly series PUT keeps its rule; an EXDATE added by a later PUT deletes that occurrence in the fake
        // and comes back in the served iCalendar. (DavMail's field-by-field update sends no COUNT, so the stored
        // range is not checked after it.)
        #expect(results.series.rrule?.contains("FREQ=WEEKLY") == true)
        #expect(results.series.rrule?.contains("COUNT=3") == true)
        #expect(results.series.stored_recurrence?.frequency == "weekly")
        #expect(results.series.exdates == [results.series.excluded_start])
        let excluded = results.series.excluded_start
        let iso = "\(excluded.prefix(4))-\(excluded.dropFirst(4).prefix(2))-\(excluded.dropFirst(6).prefix(2))T\(excluded.dropFirst(9).prefix(2)):\(excluded.dropFirst(11).prefix(2)):\(excluded.dropFirst(13).prefix(2))Z"
        #expect(results.series.stored_deleted == [iso])
        // DELETE removes it; DELETE of an unknown resource touches nothing.
        #expect(results.delete.status == 200 || results.delete.status == 204)
        #expect(results.delete.get_after == 404)
        #expect(results.delete.fake.sorted { $0[0] < $1[0] } == results.fake_before.sorted { $0[0] < $1[0] })
        #expect(results.delete_unknown.fake.sorted { $0[0] < $1[0] } == results.fake_before.sorted { $0[0] < $1[0] })
        #expect(results.delete_unknown.before == results.delete_unknown.after)
        #expect(results.delete_unknown.status < 500)

        fake.signal(SIGTERM)
        #expect(await fake.waitForExit(timeout: 10) == 0)
    }
}
