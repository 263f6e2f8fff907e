// WindowResolverTests: the exact instants and names of every window kind, on both sides of UTC and across DST changes.
import Foundation
import Testing
import Voice

/// Parses an ISO 8601 instant with its offset ("2026-12-02T14:30:00-08:00"); the offset makes each expectation
/// readable as a local time.
func instant(_ text: String) -> Date {
    guard let date = try? Date(text, strategy: .iso8601) else { fatalError("not an ISO 8601 instant: \(text)") }
    return date
}

func zone(_ identifier: String) -> TimeZone {
    guard let zone = TimeZone(identifier: identifier) else { fatalError("no zone \(identifier)") }
    return zone
}

func day(_ text: String) -> CalendarDay {
    let parts = text.split(separator: "-").compactMap { Int($0) }
    guard parts.count == 3, let day = CalendarDay(year: parts[0], month: parts[1], day: parts[2]) else { fatalError("not a day: \(text)") }
    return day
}

@Suite struct WindowResolverTests {
    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        let zone: String
        let now: String
        let date: DateSpec?
        let time: TimeSpec?
        let start: String
        let end: String
        let name: TimeWindow.Name
        var testDescription: String { label }
    }

    // One instant, 2026-12-02T22:30:00Z: Wednesday 14:30 in Los Angeles, Thursday 07:30 in Tokyo, Wednesday 23:30 in Berlin.
    static let la = "2026-12-02T14:30:00-08:00"
    static let tokyo = "2026-12-03T07:30:00+09:00"
    static let berlin = "2026-12-02T23:30:00+01:00"

    static let cases: [Case] = [
        // Los Angeles, Wednesday 14:30.
        Case(label: "LA no date: the rest of today", zone: "America/Los_Angeles", now: la, date: nil, time: nil,
             start: la, end: "2026-12-03T00:00:00-08:00", name: .today(remainder: true)),
        Case(label: "LA today named", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-02")), time: nil,
             start: la, end: "2026-12-03T00:00:00-08:00", name: .today(remainder: true)),
        Case(label: "LA tomorrow", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-03")), time: nil,
             start: "2026-12-03T00:00:00-08:00", end: "2026-12-04T00:00:00-08:00", name: .tomorrow),
        Case(label: "LA Friday", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-04")), time: nil,
             start: "2026-12-04T00:00:00-08:00", end: "2026-12-05T00:00:00-08:00", name: .day(day("2026-12-04"))),
        Case(label: "LA this morning, already over: empty at its end", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-02")), time: .period(.morning),
             start: "2026-12-02T12:00:00-08:00", end: "2026-12-02T12:00:00-08:00", name: .period(.morning, of: day("2026-12-02"))),
        Case(label: "LA this afternoon from now", zone: "America/Los_Angeles", now: la, date: nil, time: .period(.afternoon),
             start: la, end: "2026-12-02T17:00:00-08:00", name: .period(.afternoon, of: day("2026-12-02"))),
        Case(label: "LA this evening", zone: "America/Los_Angeles", now: la, date: nil, time: .period(.evening),
             start: "2026-12-02T17:00:00-08:00", end: "2026-12-02T21:00:00-08:00", name: .period(.evening, of: day("2026-12-02"))),
        Case(label: "LA tonight", zone: "America/Los_Angeles", now: la, date: nil, time: .period(.tonight),
             start: "2026-12-02T17:00:00-08:00", end: "2026-12-03T00:00:00-08:00", name: .tonight),
        Case(label: "LA night (NI)", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-02")), time: .period(.night),
             start: "2026-12-02T21:00:00-08:00", end: "2026-12-03T00:00:00-08:00", name: .period(.night, of: day("2026-12-02"))),
        Case(label: "LA tomorrow morning", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-03")), time: .period(.morning),
             start: "2026-12-03T05:00:00-08:00", end: "2026-12-03T12:00:00-08:00", name: .period(.morning, of: day("2026-12-03"))),
        Case(label: "LA tomorrow tonight is not .tonight", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-03")), time: .period(.tonight),
             start: "2026-12-03T17:00:00-08:00", end: "2026-12-04T00:00:00-08:00", name: .period(.tonight, of: day("2026-12-03"))),
        Case(label: "LA tomorrow at 3 PM", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-03")), time: .clock(hour: 15, minute: 0),
             start: "2026-12-03T15:00:00-08:00", end: "2026-12-03T16:00:00-08:00", name: .hour(day("2026-12-03"), hour: 15, minute: 0)),
        Case(label: "LA at 9:30 today, already past: still that hour", zone: "America/Los_Angeles", now: la, date: nil, time: .clock(hour: 9, minute: 30),
             start: "2026-12-02T09:30:00-08:00", end: "2026-12-02T10:30:00-08:00", name: .hour(day("2026-12-02"), hour: 9, minute: 30)),
        Case(label: "LA impossible clock time: the day", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-03")), time: .clock(hour: 25, minute: 0),
             start: "2026-12-03T00:00:00-08:00", end: "2026-12-04T00:00:00-08:00", name: .tomorrow),
        Case(label: "LA this week", zone: "America/Los_Angeles", now: la, date: .week(year: 2026, week: 49), time: nil,
             start: la, end: "2026-12-07T00:00:00-08:00", name: .thisWeek),
        Case(label: "LA next week", zone: "America/Los_Angeles", now: la, date: .week(year: 2026, week: 50), time: nil,
             start: "2026-12-07T00:00:00-08:00", end: "2026-12-14T00:00:00-08:00", name: .nextWeek),
        Case(label: "LA a later week", zone: "America/Los_Angeles", now: la, date: .week(year: 2026, week: 52), time: nil,
             start: "2026-12-21T00:00:00-08:00", end: "2026-12-28T00:00:00-08:00", name: .week(year: 2026, week: 52)),
        Case(label: "LA week 53 crosses the year", zone: "America/Los_Angeles", now: la, date: .week(year: 2026, week: 53), time: nil,
             start: "2026-12-28T00:00:00-08:00", end: "2027-01-04T00:00:00-08:00", name: .week(year: 2026, week: 53)),
        Case(label: "LA 2025-W53 does not exist: 2026-W01", zone: "America/Los_Angeles", now: la, date: .week(year: 2025, week: 53), time: nil,
             start: "2025-12-29T00:00:00-08:00", end: "2026-01-05T00:00:00-08:00", name: .week(year: 2026, week: 1)),
        Case(label: "LA a time with a week is ignored", zone: "America/Los_Angeles", now: la, date: .week(year: 2026, week: 50), time: .period(.morning),
             start: "2026-12-07T00:00:00-08:00", end: "2026-12-14T00:00:00-08:00", name: .nextWeek),
        Case(label: "LA this weekend (coming)", zone: "America/Los_Angeles", now: la, date: .weekend(year: 2026, week: 49), time: nil,
             start: "2026-12-05T00:00:00-08:00", end: "2026-12-07T00:00:00-08:00", name: .thisWeekend),
        Case(label: "LA next weekend", zone: "America/Los_Angeles", now: la, date: .weekend(year: 2026, week: 50), time: nil,
             start: "2026-12-12T00:00:00-08:00", end: "2026-12-14T00:00:00-08:00", name: .weekend(year: 2026, week: 50)),
        Case(label: "LA this month from now", zone: "America/Los_Angeles", now: la, date: .month(year: 2026, month: 12), time: nil,
             start: la, end: "2027-01-01T00:00:00-08:00", name: .month(year: 2026, month: 12)),
        Case(label: "LA next month whole", zone: "America/Los_Angeles", now: la, date: .month(year: 2027, month: 1), time: nil,
             start: "2027-01-01T00:00:00-08:00", end: "2027-02-01T00:00:00-08:00", name: .month(year: 2027, month: 1)),
        Case(label: "LA February of a leap year", zone: "America/Los_Angeles", now: la, date: .month(year: 2028, month: 2), time: nil,
             start: "2028-02-01T00:00:00-08:00", end: "2028-03-01T00:00:00-08:00", name: .month(year: 2028, month: 2)),
        Case(label: "LA right now", zone: "America/Los_Angeles", now: la, date: .present, time: nil,
             start: la, end: "2026-12-02T15:30:00-08:00", name: .now),

        // Los Angeles on a weekend.
        Case(label: "LA Saturday: this weekend from now", zone: "America/Los_Angeles", now: "2026-12-05T10:00:00-08:00", date: .weekend(year: 2026, week: 49), time: nil,
             start: "2026-12-05T10:00:00-08:00", end: "2026-12-07T00:00:00-08:00", name: .thisWeekend),
        Case(label: "LA Sunday: this week is what is left of Sunday", zone: "America/Los_Angeles", now: "2026-12-06T20:00:00-08:00", date: .week(year: 2026, week: 49), time: nil,
             start: "2026-12-06T20:00:00-08:00", end: "2026-12-07T00:00:00-08:00", name: .thisWeek),

        // Tokyo, Thursday 07:30 (the same instant).
        Case(label: "Tokyo no date", zone: "Asia/Tokyo", now: tokyo, date: nil, time: nil,
             start: tokyo, end: "2026-12-04T00:00:00+09:00", name: .today(remainder: true)),
        Case(label: "Tokyo this morning from now", zone: "Asia/Tokyo", now: tokyo, date: nil, time: .period(.morning),
             start: tokyo, end: "2026-12-03T12:00:00+09:00", name: .period(.morning, of: day("2026-12-03"))),
        Case(label: "Tokyo tomorrow is Friday", zone: "Asia/Tokyo", now: tokyo, date: .day(day("2026-12-04")), time: nil,
             start: "2026-12-04T00:00:00+09:00", end: "2026-12-05T00:00:00+09:00", name: .tomorrow),
        Case(label: "Tokyo Thursday the 3rd is today", zone: "Asia/Tokyo", now: tokyo, date: .day(day("2026-12-03")), time: nil,
             start: tokyo, end: "2026-12-04T00:00:00+09:00", name: .today(remainder: true)),
        Case(label: "Tokyo this week", zone: "Asia/Tokyo", now: tokyo, date: .week(year: 2026, week: 49), time: nil,
             start: tokyo, end: "2026-12-07T00:00:00+09:00", name: .thisWeek),
        Case(label: "Tokyo this weekend", zone: "Asia/Tokyo", now: tokyo, date: .weekend(year: 2026, week: 49), time: nil,
             start: "2026-12-05T00:00:00+09:00", end: "2026-12-07T00:00:00+09:00", name: .thisWeekend),
        Case(label: "Tokyo right now", zone: "Asia/Tokyo", now: tokyo, date: .present, time: .period(.evening),
             start: tokyo, end: "2026-12-03T08:30:00+09:00", name: .now),

        // Berlin, Wednesday 23:30 (the same instant).
        Case(label: "Berlin no date: half an hour left", zone: "Europe/Berlin", now: berlin, date: nil, time: nil,
             start: berlin, end: "2026-12-03T00:00:00+01:00", name: .today(remainder: true)),
        Case(label: "Berlin tonight from now", zone: "Europe/Berlin", now: berlin, date: nil, time: .period(.tonight),
             start: berlin, end: "2026-12-03T00:00:00+01:00", name: .tonight),
        Case(label: "Berlin this evening, over", zone: "Europe/Berlin", now: berlin, date: nil, time: .period(.evening),
             start: "2026-12-02T21:00:00+01:00", end: "2026-12-02T21:00:00+01:00", name: .period(.evening, of: day("2026-12-02"))),
        Case(label: "Berlin tomorrow", zone: "Europe/Berlin", now: berlin, date: .day(day("2026-12-03")), time: nil,
             start: "2026-12-03T00:00:00+01:00", end: "2026-12-04T00:00:00+01:00", name: .tomorrow),
        Case(label: "Berlin this month", zone: "Europe/Berlin", now: berlin, date: .month(year: 2026, month: 12), time: nil,
             start: berlin, end: "2027-01-01T00:00:00+01:00", name: .month(year: 2026, month: 12)),
        Case(label: "Berlin at exactly midnight: the whole of today", zone: "Europe/Berlin", now: "2026-12-02T00:00:00+01:00", date: nil, time: nil,
             start: "2026-12-02T00:00:00+01:00", end: "2026-12-03T00:00:00+01:00", name: .today(remainder: false)),
        Case(label: "Berlin summer time ends 2026-10-25: 25 hours", zone: "Europe/Berlin", now: "2026-10-24T12:00:00+02:00", date: .day(day("2026-10-25")), time: nil,
             start: "2026-10-25T00:00:00+02:00", end: "2026-10-26T00:00:00+01:00", name: .tomorrow),

        // New York, spring forward on Sunday 2027-03-14 (02:00 EST becomes 03:00 EDT): a 23-hour day.
        Case(label: "NY 2027-03-14 from Saturday: 23 hours", zone: "America/New_York", now: "2027-03-13T12:00:00-05:00", date: .day(day("2027-03-14")), time: nil,
             start: "2027-03-14T00:00:00-05:00", end: "2027-03-15T00:00:00-04:00", name: .tomorrow),
        Case(label: "NY 2027-03-14 the rest of the day", zone: "America/New_York", now: "2027-03-14T10:00:00-04:00", date: nil, time: nil,
             start: "2027-03-14T10:00:00-04:00", end: "2027-03-15T00:00:00-04:00", name: .today(remainder: true)),
        Case(label: "NY 2027-03-14 morning in summer time", zone: "America/New_York", now: "2027-03-13T12:00:00-05:00", date: .day(day("2027-03-14")), time: .period(.morning),
             start: "2027-03-14T05:00:00-04:00", end: "2027-03-14T12:00:00-04:00", name: .period(.morning, of: day("2027-03-14"))),
        Case(label: "NY 2027-03-14 at 2:30, in the gap: from 3:00", zone: "America/New_York", now: "2027-03-13T12:00:00-05:00", date: .day(day("2027-03-14")), time: .clock(hour: 2, minute: 30),
             start: "2027-03-14T03:00:00-04:00", end: "2027-03-14T04:00:00-04:00", name: .hour(day("2027-03-14"), hour: 2, minute: 30)),
        Case(label: "NY weekend of the spring change", zone: "America/New_York", now: "2027-03-13T12:00:00-05:00", date: .weekend(year: 2027, week: 10), time: nil,
             start: "2027-03-13T12:00:00-05:00", end: "2027-03-15T00:00:00-04:00", name: .thisWeekend),
        Case(label: "NY next week after the spring change", zone: "America/New_York", now: "2027-03-13T12:00:00-05:00", date: .week(year: 2027, week: 11), time: nil,
             start: "2027-03-15T00:00:00-04:00", end: "2027-03-22T00:00:00-04:00", name: .nextWeek),
        Case(label: "NY March 2027 spans the change", zone: "America/New_York", now: "2027-02-10T12:00:00-05:00", date: .month(year: 2027, month: 3), time: nil,
             start: "2027-03-01T00:00:00-05:00", end: "2027-04-01T00:00:00-04:00", name: .month(year: 2027, month: 3)),

        // New York, fall back on Sunday 2026-11-01 (02:00 EDT becomes 01:00 EST): a 25-hour day.
        Case(label: "NY 2026-11-01 from Saturday: 25 hours", zone: "America/New_York", now: "2026-10-31T12:00:00-04:00", date: .day(day("2026-11-01")), time: nil,
             start: "2026-11-01T00:00:00-04:00", end: "2026-11-02T00:00:00-05:00", name: .tomorrow),
        Case(label: "NY 2026-11-01 morning in standard time", zone: "America/New_York", now: "2026-10-31T12:00:00-04:00", date: .day(day("2026-11-01")), time: .period(.morning),
             start: "2026-11-01T05:00:00-05:00", end: "2026-11-01T12:00:00-05:00", name: .period(.morning, of: day("2026-11-01"))),
        Case(label: "NY 2026-11-01 night ends at the next midnight", zone: "America/New_York", now: "2026-10-31T12:00:00-04:00", date: .day(day("2026-11-01")), time: .period(.night),
             start: "2026-11-01T21:00:00-05:00", end: "2026-11-02T00:00:00-05:00", name: .period(.night, of: day("2026-11-01"))),
        Case(label: "NY weekend of the autumn change", zone: "America/New_York", now: "2026-10-31T12:00:00-04:00", date: .weekend(year: 2026, week: 44), time: nil,
             start: "2026-10-31T12:00:00-04:00", end: "2026-11-02T00:00:00-05:00", name: .thisWeekend),
        Case(label: "NY the day of the autumn change, at night: to midnight EST", zone: "America/New_York", now: "2026-11-01T22:00:00-05:00", date: nil, time: nil,
             start: "2026-11-01T22:00:00-05:00", end: "2026-11-02T00:00:00-05:00", name: .today(remainder: true)),
    ]

    @Test(arguments: cases) func windows(_ c: Case) {
        let window = WindowResolver.window(date: c.date, time: c.time, now: instant(c.now), timeZone: zone(c.zone))
        #expect(window.start == instant(c.start), "start \(window.start)")
        #expect(window.end == instant(c.end), "end \(window.end)")
        #expect(window.name == c.name)
        #expect(window.timeZone == zone(c.zone))
    }

    @Test func dstDaysHave23And25Hours() {
        let newYork = zone("America/New_York")
        let spring = WindowResolver.window(date: .day(day("2027-03-14")), time: nil, now: instant("2027-03-13T12:00:00-05:00"), timeZone: newYork)
        #expect(spring.end.timeIntervalSince(spring.start) == 23 * 3600)
        let autumn = WindowResolver.window(date: .day(day("2026-11-01")), time: nil, now: instant("2026-10-31T12:00:00-04:00"), timeZone: newYork)
        #expect(autumn.end.timeIntervalSince(autumn.start) == 25 * 3600)
    }

    @Test func nextEventLooksSevenCalendarDaysAhead() {
        let window = WindowResolver.nextEventWindow(now: instant(Self.la), timeZone: zone("America/Los_Angeles"))
        #expect(window.start == instant(Self.la))
        #expect(window.end == instant("2026-12-09T14:30:00-08:00"))
        #expect(window.name == .upcoming)
        // Across the autumn change: the same wall-clock time a week later, 7 days and 1 hour.
        let autumn = WindowResolver.nextEventWindow(now: instant("2026-10-31T12:00:00-04:00"), timeZone: zone("America/New_York"))
        #expect(autumn.end == instant("2026-11-07T12:00:00-05:00"))
    }

    struct StartCase: Sendable, CustomTestStringConvertible {
        let label: String
        let zone: String
        let now: String
        let date: DateSpec?
        let time: TimeSpec?
        let start: String?
        var testDescription: String { label }
    }

    static let startCases: [StartCase] = [
        StartCase(label: "today at 3 PM", zone: "America/Los_Angeles", now: la, date: nil, time: .clock(hour: 15, minute: 0), start: "2026-12-02T15:00:00-08:00"),
        StartCase(label: "Friday at noon", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-04")), time: .clock(hour: 12, minute: 0), start: "2026-12-04T12:00:00-08:00"),
        StartCase(label: "tomorrow at 10 in Tokyo", zone: "Asia/Tokyo", now: tokyo, date: .day(day("2026-12-04")), time: .clock(hour: 10, minute: 0), start: "2026-12-04T10:00:00+09:00"),
        StartCase(label: "today at 9 AM, passed: still today", zone: "Europe/Berlin", now: berlin, date: nil, time: .clock(hour: 9, minute: 0), start: "2026-12-02T09:00:00+01:00"),
        StartCase(label: "a period is not precise enough", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-03")), time: .period(.morning), start: nil),
        StartCase(label: "a day alone is not enough", zone: "America/Los_Angeles", now: la, date: .day(day("2026-12-03")), time: nil, start: nil),
        StartCase(label: "a week is not a start", zone: "America/Los_Angeles", now: la, date: .week(year: 2026, week: 50), time: .clock(hour: 9, minute: 0), start: nil),
        StartCase(label: "a weekend is not a start", zone: "America/Los_Angeles", now: la, date: .weekend(year: 2026, week: 49), time: .clock(hour: 9, minute: 0), start: nil),
        StartCase(label: "a month is not a start", zone: "America/Los_Angeles", now: la, date: .month(year: 2026, month: 12), time: .clock(hour: 9, minute: 0), start: nil),
        StartCase(label: "now", zone: "America/Los_Angeles", now: la, date: .present, time: nil, start: la),
        StartCase(label: "now with a time: today", zone: "America/Los_Angeles", now: la, date: .present, time: .clock(hour: 16, minute: 0), start: "2026-12-02T16:00:00-08:00"),
        StartCase(label: "an impossible time", zone: "America/Los_Angeles", now: la, date: nil, time: .clock(hour: 24, minute: 0), start: nil),
        StartCase(label: "the spring gap moves to 3:00", zone: "America/New_York", now: "2027-03-13T12:00:00-05:00", date: .day(day("2027-03-14")), time: .clock(hour: 2, minute: 30), start: "2027-03-14T03:00:00-04:00"),
        StartCase(label: "after the autumn change", zone: "America/New_York", now: "2026-10-31T12:00:00-04:00", date: .day(day("2026-11-01")), time: .clock(hour: 9, minute: 0), start: "2026-11-01T09:00:00-05:00"),
    ]

    @Test(arguments: startCases) func eventStarts(_ c: StartCase) {
        let start = WindowResolver.eventStart(date: c.date, time: c.time, now: instant(c.now), timeZone: zone(c.zone))
        #expect(start == c.start.map(instant))
    }
}
