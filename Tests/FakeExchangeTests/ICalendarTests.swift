// ICalendarTests: the MimeContent iCalendar writer (Exchange's shape) and the reader for what CalDAV clients send.
import Foundation
import Testing

@testable import FakeExchange

// MARK: - Helpers

/// The fixture's directory and Alice, the owner of every item these tests render.
private func directoryAndOwner() throws -> (MailboxDirectory, Mailbox) {
    let fake = try makeFake()
    let directory = fake.withState { $0.directory }
    return (directory, try #require(directory.primary("alice@contoso.com")))
}

/// An event starting at local `start` (`2026-11-02T09:00:00`) in `zone`.
private func makeEvent(
    subject: String = "Planning", start: String, minutes: Int = 30, days: Int = 0, zone: String = "America/New_York",
    recurrence: RecurrencePattern? = nil
) throws -> CalendarEvent {
    let timeZone = try #require(TimeZone(identifier: zone))
    let begin = try #require(EWSDateTime.parse(start, defaultZone: timeZone))
    let calendar = EWSDateTime.gregorian(in: timeZone)
    let end = days > 0 ? try #require(calendar.date(byAdding: .day, value: days, to: begin)) : begin.addingTimeInterval(TimeInterval(minutes * 60))
    return CalendarEvent(
        number: 7, uid: "040000008200E00074C5B7101A82E0080000000000000000000000000000000000000007", subject: subject, body: "",
        start: begin, end: end, isAllDay: days > 0, location: "Room 1", sensitivity: "Normal", freeBusy: "Busy", isCancelled: false,
        categories: [], reminderIsSet: false, reminderMinutes: 15,
        organizer: Attendee(address: "alice@contoso.com", name: "Alice Jones", response: "Organizer"), requiredAttendees: [],
        optionalAttendees: [], resources: [], timeZone: timeZone, recurrence: recurrence, deletedOccurrences: [], exceptions: [:],
        changeCount: 3, created: testNow, lastModified: testNow, meetingRequestWasSent: false)
}

private func render(_ event: CalendarEvent, occurrence: Occurrence? = nil) throws -> String {
    let (directory, owner) = try directoryAndOwner()
    return ICalendarWriter.render(CalendarItemInstance(owner: owner, event: event, occurrence: occurrence), directory: directory)
}

/// Logical lines (folding undone).
private func unfolded(_ ics: String) -> [String] {
    ics.replacingOccurrences(of: "\r\n ", with: "").components(separatedBy: "\r\n").filter { !$0.isEmpty }
}

/// The lines of each VEVENT (VALARM lines included).
private func vevents(_ ics: String) -> [[String]] {
    var events: [[String]] = []
    var current: [String]?
    for line in unfolded(ics) {
        if line == "BEGIN:VEVENT" { current = [] } else if line == "END:VEVENT" {
            events.append(current ?? [])
            current = nil
        } else {
            current?.append(line)
        }
    }
    return events
}

/// The lines of the VTIMEZONE sub-component `kind` (STANDARD or DAYLIGHT).
private func observance(_ kind: String, _ ics: String) -> [String] {
    let lines = unfolded(ics)
    guard let start = lines.firstIndex(of: "BEGIN:\(kind)"), let end = lines.firstIndex(of: "END:\(kind)") else { return [] }
    return Array(lines[(start + 1)..<end])
}

/// The event the fake would store for parsed data (what CreateItem with MimeContent is going to do).
private func storedEvent(_ data: ICalendarEventData) -> CalendarEvent {
    CalendarEvent(
        number: 8, uid: data.uid ?? "", subject: data.subject, body: data.body, start: data.start, end: data.end,
        isAllDay: data.isAllDay, location: data.location, sensitivity: data.sensitivity, freeBusy: data.freeBusy, isCancelled: false,
        categories: data.categories, reminderIsSet: data.reminderMinutes != nil, reminderMinutes: data.reminderMinutes ?? 15,
        organizer: Attendee(address: data.organizer?.address ?? "alice@contoso.com", response: "Organizer"),
        requiredAttendees: data.requiredAttendees, optionalAttendees: data.optionalAttendees, resources: data.resources,
        timeZone: data.timeZone, recurrence: data.recurrence, deletedOccurrences: data.deletedOccurrences,
        exceptions: data.exceptions, changeCount: 1, created: testNow, lastModified: testNow, meetingRequestWasSent: false)
}

/// Occurrence starts/ends over three years from 2026.
private func expansion(_ event: CalendarEvent) -> [String] {
    RecurrenceExpander.occurrences(of: event, overlapping: utc("2026-01-01T00:00:00Z"), utc("2029-01-01T00:00:00Z")).map {
        "\(EWSDateTime.format($0.start))/\(EWSDateTime.format($0.end))"
    }
}

/// A VCALENDAR around `body` lines, CRLF-terminated.
private func calendar(_ body: [String]) -> String {
    (["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//Test//EN"] + body + ["END:VCALENDAR"]).joined(separator: "\r\n") + "\r\n"
}

/// One VEVENT with `lines` plus UID/DTSTAMP (and a DTSTART unless `lines` has one).
private func event(_ lines: [String], uid: String = "test-1") -> [String] {
    var body = ["BEGIN:VEVENT", "UID:\(uid)", "DTSTAMP:20261125T120000Z"]
    if !lines.contains(where: { $0.hasPrefix("DTSTART") }) { body += ["DTSTART:20261203T150000Z", "DTEND:20261203T160000Z"] }
    return body + lines + ["END:VEVENT"]
}

/// The message of the error `parse` throws, or nil when it does not throw.
private func parseError(_ text: String) -> String? {
    do {
        _ = try ICalendarReader.parse(text)
        return nil
    } catch {
        return error.message
    }
}

// MARK: - Writer

@Suite struct ICalendarWriterTests {
    /// Weekly Monday/Wednesday/Friday 09:00 New York, 12 times from 2026-11-02; the 2026-11-04 one
    /// deleted, the 2026-11-06 one moved to 10:00 and renamed.
    static func weeklySeries() throws -> CalendarEvent {
        var event = try makeEvent(
            subject: "Team sync", start: "2026-11-02T09:00:00",
            recurrence: RecurrencePattern(frequency: .weekly, daysOfWeek: [2, 4, 6], range: .count(12)))
        event.deletedOccurrences = [utc("2026-11-04T14:00:00Z")]
        event.exceptions[utc("2026-11-06T14:00:00Z")] = OccurrenceOverride(
            start: utc("2026-11-06T15:00:00Z"), end: utc("2026-11-06T15:30:00Z"), subject: "Team sync (moved)", location: nil,
            body: nil, sensitivity: nil, freeBusy: nil)
        return event
    }

    @Test func weeklySeriesInNewYork() throws {
        let ics = try render(Self.weeklySeries())
        let lines = unfolded(ics)
        #expect(Array(lines.prefix(4)) == ["BEGIN:VCALENDAR", "METHOD:PUBLISH", "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0"])
        #expect(lines.last == "END:VCALENDAR")
        #expect(ics.hasSuffix("END:VCALENDAR\r\n"))
        #expect(!ics.replacingOccurrences(of: "\r\n", with: "").contains("\n"), "every line ends in CRLF")

        // The zone: Windows id, US rules of 2026.
        #expect(lines.contains("TZID:Eastern Standard Time"))
        #expect(observance("STANDARD", ics) == [
            "DTSTART:16010101T020000", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11",
        ])
        #expect(observance("DAYLIGHT", ics) == [
            "DTSTART:16010101T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3",
        ])

        let events = vevents(ics)
        try #require(events.count == 2)
        let master = events[0]
        #expect(master.contains("RRULE:FREQ=WEEKLY;INTERVAL=1;WKST=SU;BYDAY=MO,WE,FR;COUNT=12"))
        #expect(master.contains("EXDATE;TZID=Eastern Standard Time:20261104T090000"))
        #expect(master.contains("DTSTART;TZID=Eastern Standard Time:20261102T090000"))
        #expect(master.contains("DTEND;TZID=Eastern Standard Time:20261102T093000"))
        #expect(master.contains("SUMMARY;LANGUAGE=en-US:Team sync"))
        #expect(master.contains("DTSTAMP:20261125T120000Z"))
        #expect(master.contains("SEQUENCE:2"))
        #expect(master.contains("CLASS:PUBLIC"))
        #expect(master.contains("TRANSP:OPAQUE"))
        #expect(master.contains("STATUS:CONFIRMED"))
        #expect(master.contains("X-MICROSOFT-CDO-BUSYSTATUS:BUSY"))
        #expect(master.contains("X-MICROSOFT-CDO-ALLDAYEVENT:FALSE"))
        #expect(master.contains("LOCATION;LANGUAGE=en-US:Room 1"))
        #expect(master.contains("ORGANIZER;CN=Alice Jones:mailto:alice@contoso.com"))
        #expect(!master.contains { $0.hasPrefix("RECURRENCE-ID") })

        let exception = events[1]
        #expect(exception.contains("UID:040000008200E00074C5B7101A82E0080000000000000000000000000000000000000007"))
        #expect(exception.contains("RECURRENCE-ID;TZID=Eastern Standard Time:20261106T090000"))
        #expect(exception.contains("DTSTART;TZID=Eastern Standard Time:20261106T100000"))
        #expect(exception.contains("DTEND;TZID=Eastern Standard Time:20261106T103000"))
        #expect(exception.contains("SUMMARY;LANGUAGE=en-US:Team sync (moved)"))
        #expect(exception.contains("LOCATION;LANGUAGE=en-US:Room 1"))
        #expect(!exception.contains { $0.hasPrefix("RRULE") || $0.hasPrefix("EXDATE") })
    }

    @Test func privateEventEscapesAndFolds() throws {
        var event = try makeEvent(
            subject: "Quarterly review, budget; plans \\ risks — a subject long enough to be folded twice over the 75 octet limit 日本語",
            start: "2026-11-27T14:00:00")
        event.sensitivity = "Private"
        event.body = "Line one\nLine two, with; all \\ specials"
        event.categories = ["Work", "Blue, dark"]
        event.reminderIsSet = true
        event.reminderMinutes = 10
        event.freeBusy = "Free"
        let ics = try render(event)
        for physical in ics.components(separatedBy: "\r\n") {
            #expect(physical.utf8.count <= 75, "folded: \(physical)")
        }
        let master = try #require(vevents(ics).first)
        #expect(master.contains(
            "SUMMARY;LANGUAGE=en-US:Quarterly review\\, budget\\; plans \\\\ risks — a subject long enough to be folded twice over the 75 octet limit 日本語"))
        #expect(master.contains("DESCRIPTION;LANGUAGE=en-US:Line one\\nLine two\\, with\\; all \\\\ specials"))
        #expect(master.contains("CLASS:PRIVATE"))
        #expect(master.contains("TRANSP:TRANSPARENT"))
        #expect(master.contains("X-MICROSOFT-CDO-BUSYSTATUS:FREE"))
        #expect(master.contains("CATEGORIES:Work,Blue\\, dark"))
        #expect(master.contains("TRIGGER:-PT10M"))
        #expect(master.contains("ACTION:DISPLAY"))
        // A physical line longer than the limit was split with a leading space.
        #expect(ics.contains("\r\n "))
    }

    @Test func allDayEventUsesDates() throws {
        let event = try makeEvent(subject: "Offsite", start: "2026-11-27T00:00:00", days: 2, zone: "Europe/Berlin")
        let ics = try render(event)
        let master = try #require(vevents(ics).first)
        #expect(master.contains("DTSTART;VALUE=DATE:20261127"))
        #expect(master.contains("DTEND;VALUE=DATE:20261129"))
        #expect(master.contains("X-MICROSOFT-CDO-ALLDAYEVENT:TRUE"))
        #expect(unfolded(ics).contains("TZID:W. Europe Standard Time"))
        #expect(observance("STANDARD", ics).contains("RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=10"))
        #expect(observance("STANDARD", ics).contains("DTSTART:16010101T030000"))
        #expect(observance("DAYLIGHT", ics).contains("RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=3"))
        #expect(observance("DAYLIGHT", ics).contains("TZOFFSETTO:+0200"))
    }

    @Test func zoneWithoutDaylightSavingHasOnlyStandard() throws {
        let ics = try render(try makeEvent(start: "2026-11-27T10:00:00", zone: "Asia/Tokyo"))
        #expect(unfolded(ics).contains("TZID:Tokyo Standard Time"))
        #expect(observance("STANDARD", ics) == ["DTSTART:16010101T000000", "TZOFFSETFROM:+0900", "TZOFFSETTO:+0900"])
        #expect(observance("DAYLIGHT", ics).isEmpty)
        #expect(try #require(vevents(ics).first).contains("DTSTART;TZID=Tokyo Standard Time:20261127T100000"))
    }

    @Test func occurrenceOnItsOwnIsOneInstance() throws {
        let series = try Self.weeklySeries()
        let occurrence = try #require(RecurrenceExpander.occurrence(of: series, originalStart: utc("2026-11-09T14:00:00Z")))
        let events = vevents(try render(series, occurrence: occurrence))
        try #require(events.count == 1)
        #expect(events[0].contains("RECURRENCE-ID;TZID=Eastern Standard Time:20261109T090000"))
        #expect(events[0].contains("DTSTART;TZID=Eastern Standard Time:20261109T090000"))
        #expect(events[0].contains("X-MICROSOFT-CDO-INSTTYPE:2"))
        #expect(!events[0].contains { $0.hasPrefix("RRULE") || $0.hasPrefix("EXDATE") })

        let exception = try #require(RecurrenceExpander.occurrence(of: series, originalStart: utc("2026-11-06T14:00:00Z")))
        let alone = vevents(try render(series, occurrence: exception))
        try #require(alone.count == 1)
        #expect(alone[0].contains("RECURRENCE-ID;TZID=Eastern Standard Time:20261106T090000"))
        #expect(alone[0].contains("SUMMARY;LANGUAGE=en-US:Team sync (moved)"))
    }

    @Test func organizerAttendeesAndResources() throws {
        var event = try makeEvent(start: "2026-11-27T10:00:00")
        event.requiredAttendees = [Attendee(address: "BOB@contoso.com", response: "Accept"), Attendee(address: "ext@fabrikam.com", name: "Ext, Partner")]
        event.optionalAttendees = [Attendee(address: "carol@contoso.com", response: "Tentative")]
        event.resources = [Attendee(address: "room1@contoso.com")]
        let master = try #require(vevents(try render(event)).first)
        #expect(master.contains("ORGANIZER;CN=Alice Jones:mailto:alice@contoso.com"))
        #expect(master.contains("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=ACCEPTED;RSVP=TRUE;CN=Bob Smith:mailto:bob@contoso.com"))
        #expect(master.contains("ATTENDEE;ROLE=REQ-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=\"Ext, Partner\":mailto:ext@fabrikam.com"))
        #expect(master.contains("ATTENDEE;ROLE=OPT-PARTICIPANT;PARTSTAT=TENTATIVE;RSVP=TRUE;CN=Carol White:mailto:carol@contoso.com"))
        #expect(master.contains(
            "ATTENDEE;CUTYPE=RESOURCE;ROLE=NON-PARTICIPANT;PARTSTAT=NEEDS-ACTION;RSVP=TRUE;CN=Conference Room 1:mailto:room1@contoso.com"))
    }

    @Test func monthlyAndYearlyRulesKeepTheExpandersClamping() throws {
        let monthly31 = try makeEvent(
            start: "2026-01-31T09:00:00", recurrence: RecurrencePattern(frequency: .monthly, dayOfMonth: 31, range: .count(12)))
        #expect(vevents(try render(monthly31))[0].contains("RRULE:FREQ=MONTHLY;INTERVAL=1;BYMONTHDAY=-1;COUNT=12"))
        let monthly30 = try makeEvent(
            start: "2026-01-30T09:00:00",
            recurrence: RecurrencePattern(frequency: .monthly, interval: 2, dayOfMonth: 30, range: .until(DateComponents(year: 2026, month: 12, day: 31))))
        // UNTIL is the end of the local day (23:59:59 New York = 04:59:59Z next day).
        #expect(vevents(try render(monthly30))[0].contains(
            "RRULE:FREQ=MONTHLY;INTERVAL=2;BYMONTHDAY=28,29,30;BYSETPOS=-1;UNTIL=20270101T045959Z"))
        let yearly = try makeEvent(start: "2028-02-29T09:00:00", recurrence: RecurrencePattern(frequency: .yearly, dayOfMonth: 29, month: 2))
        #expect(vevents(try render(yearly))[0].contains("RRULE:FREQ=YEARLY;INTERVAL=1;BYMONTH=2;BYMONTHDAY=28,29;BYSETPOS=-1"))
        // A master whose start is off the pattern starts at the first slot: 2026-11-25 is a Wednesday, the rule Mondays.
        let offPattern = try makeEvent(start: "2026-11-25T09:00:00", recurrence: RecurrencePattern(frequency: .weekly, daysOfWeek: [2]))
        #expect(vevents(try render(offPattern))[0].contains("DTSTART;TZID=Eastern Standard Time:20261130T090000"))
    }
}

// MARK: - Reader

@Suite struct ICalendarReaderTests {
    @Test func roundTripOfTheWriter() throws {
        var series = try ICalendarWriterTests.weeklySeries()
        series.sensitivity = "Private"
        series.body = "Agenda:\n1. numbers, 2; more \\ things"
        series.categories = ["Work", "Blue, dark"]
        series.reminderIsSet = true
        series.requiredAttendees = [Attendee(address: "bob@contoso.com", name: "Bob Smith", response: "Accept")]
        series.resources = [Attendee(address: "room1@contoso.com", name: "Conference Room 1", response: "Unknown")]
        let data = try ICalendarReader.parse(try render(series))
        #expect(data.uid == series.uid)
        #expect(data.subject == series.subject)
        #expect(data.body == series.body)
        #expect(data.location == series.location)
        #expect(data.start == series.start)
        #expect(data.end == series.end)
        #expect(data.isAllDay == false)
        #expect(data.timeZone.identifier == "America/New_York")
        #expect(data.sensitivity == "Private")
        #expect(data.freeBusy == "Busy")
        #expect(data.categories == ["Work", "Blue, dark"])
        #expect(data.reminderMinutes == 15)
        #expect(data.organizer == ICalendarOrganizer(address: "alice@contoso.com", name: "Alice Jones"))
        #expect(data.requiredAttendees == series.requiredAttendees)
        #expect(data.resources == series.resources)
        #expect(data.recurrence == series.recurrence)
        #expect(data.deletedOccurrences == series.deletedOccurrences)
        #expect(data.exceptions == series.exceptions)
        #expect(expansion(storedEvent(data)) == expansion(series))
    }

    /// Each pattern the fake stores survives writer -> reader with the same occurrences.
    @Test(arguments: [
        ("2026-01-31T09:00:00", RecurrencePattern(frequency: .monthly, dayOfMonth: 31, range: .count(14)), 0),
        ("2026-01-30T09:00:00", RecurrencePattern(frequency: .monthly, interval: 2, dayOfMonth: 30, range: .until(DateComponents(year: 2027, month: 12, day: 30))), 0),
        ("2026-01-29T09:00:00", RecurrencePattern(frequency: .monthly, dayOfMonth: 29), 0),
        ("2028-02-29T09:00:00", RecurrencePattern(frequency: .yearly, dayOfMonth: 29, month: 2, range: .count(4)), 0),
        ("2026-11-25T09:00:00", RecurrencePattern(frequency: .weekly, interval: 2, daysOfWeek: [1, 2, 7], range: .count(20)), 0),
        ("2026-11-25T09:00:00", RecurrencePattern(frequency: .daily, interval: 3, range: .until(DateComponents(year: 2027, month: 1, day: 10))), 0),
        ("2026-11-27T00:00:00", RecurrencePattern(frequency: .weekly, daysOfWeek: [6], range: .until(DateComponents(year: 2027, month: 2, day: 26))), 1),
    ])
    func patternsSurviveTheRoundTrip(start: String, pattern: RecurrencePattern, allDayDays: Int) throws {
        let original = try makeEvent(start: start, days: allDayDays, zone: "Europe/Berlin", recurrence: pattern)
        let data = try ICalendarReader.parse(try render(original))
        #expect(data.isAllDay == original.isAllDay)
        #expect(data.timeZone.identifier == "Europe/Berlin")
        #expect(data.recurrence == pattern)
        #expect(expansion(storedEvent(data)) == expansion(original))
        #expect(!expansion(original).isEmpty)
    }

    @Test func allDayRoundTripKeepsTheZone() throws {
        let original = try makeEvent(subject: "Offsite", start: "2026-11-27T00:00:00", days: 2, zone: "Europe/Berlin")
        let data = try ICalendarReader.parse(try render(original))
        #expect(data.isAllDay)
        #expect(data.start == original.start)
        #expect(data.end == original.end)
        #expect(data.timeZone.identifier == "Europe/Berlin")
    }

    /// A client writing UTC times, no zone and no DTEND parameters.
    @Test func pythonStyleUTCEvent() throws {
        let text = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//a4b-calendar//davmail interop//EN", "BEGIN:VEVENT",
            "UID:davmail-interop-1b4e28ba-2fa1-11d2-883f-0016d3cca427", "DTSTAMP:20261125T101500Z", "DTSTART:20261203T150000Z",
            "DTEND:20261203T154500Z", "SUMMARY:CalDAV interop check", "END:VEVENT", "END:VCALENDAR", "",
        ].joined(separator: "\r\n")
        let data = try ICalendarReader.parse(text)
        #expect(data.uid == "davmail-interop-1b4e28ba-2fa1-11d2-883f-0016d3cca427")
        #expect(data.subject == "CalDAV interop check")
        #expect(data.start == utc("2026-12-03T15:00:00Z"))
        #expect(data.end == utc("2026-12-03T15:45:00Z"))
        #expect(data.timeZone.secondsFromGMT() == 0)
        #expect(!data.isAllDay)
        #expect(data.sensitivity == "Normal")
        #expect(data.freeBusy == "Busy")
        #expect(data.reminderMinutes == nil)
        #expect(data.organizer == nil)
        #expect(data.recurrence == nil)
        #expect(data.body == "")
        #expect(data.location == "")
    }

    /// Thunderbird through DavMail: LF line ends, folding with a tab, an IANA TZID with its VTIMEZONE,
    /// the organizer repeated as an attendee, a weekly rule with UNTIL and an EXDATE.
    @Test func thunderbirdStyleEventInBerlin() throws {
        let text = """
            BEGIN:VCALENDAR
            PRODID:-//Mozilla.org/NONSGML Mozilla Calendar V1.1//EN
            VERSION:2.0
            BEGIN:VTIMEZONE
            TZID:Europe/Berlin
            X-LIC-LOCATION:Europe/Berlin
            BEGIN:DAYLIGHT
            TZOFFSETFROM:+0100
            TZOFFSETTO:+0200
            TZNAME:CEST
            DTSTART:19700329T020000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=3
            END:DAYLIGHT
            BEGIN:STANDARD
            TZOFFSETFROM:+0200
            TZOFFSETTO:+0100
            TZNAME:CET
            DTSTART:19701025T030000
            RRULE:FREQ=YEARLY;BYDAY=-1SU;BYMONTH=10
            END:STANDARD
            END:VTIMEZONE
            BEGIN:VEVENT
            CREATED:20261120T101010Z
            LAST-MODIFIED:20261120T101020Z
            DTSTAMP:20261120T101020Z
            UID:7f3c7a52-5a0e-4a8e-9a4b-3b1e1f0d2c11
            SUMMARY:Jour fixe\\, Team Nord
            ORGANIZER;CN="Jones, Alice":mailto:alice@contoso.com
            ATTENDEE;RSVP=TRUE;PARTSTAT=ACCEPTED;ROLE=CHAIR:mailto:alice@contoso.com
            ATTENDEE;RSVP=TRUE;PARTSTAT=NEEDS-ACTION;ROLE=REQ-PARTICIPANT;CN=Bob Smith:
             mailto:bob@contoso.com
            ATTENDEE;RSVP=TRUE;PARTSTAT=TENTATIVE;ROLE=OPT-PARTICIPANT:mailto:carol@con
            \ttoso.com
            ATTENDEE;CUTYPE=ROOM;ROLE=REQ-PARTICIPANT:mailto:room1@contoso.com
            RRULE:FREQ=WEEKLY;UNTIL=20261231T090000Z;BYDAY=TH
            EXDATE;TZID=Europe/Berlin:20261224T100000
            DTSTART;TZID=Europe/Berlin:20261203T100000
            DTEND;TZID=Europe/Berlin:20261203T110000
            CLASS:CONFIDENTIAL
            TRANSP:TRANSPARENT
            LOCATION:Raum 3\\; Haus B
            DESCRIPTION:Bitte vorbereiten:\\nZahlen
            CATEGORIES:Business,Team
            BEGIN:VALARM
            ACTION:DISPLAY
            TRIGGER;VALUE=DURATION:-PT1H
            DESCRIPTION:Default Mozilla Description
            END:VALARM
            END:VEVENT
            END:VCALENDAR

            """
        let data = try ICalendarReader.parse(text)
        #expect(data.subject == "Jour fixe, Team Nord")
        #expect(data.location == "Raum 3; Haus B")
        #expect(data.body == "Bitte vorbereiten:\nZahlen")
        #expect(data.start == utc("2026-12-03T09:00:00Z"))
        #expect(data.end == utc("2026-12-03T10:00:00Z"))
        #expect(data.timeZone.identifier == "Europe/Berlin")
        #expect(data.sensitivity == "Confidential")
        #expect(data.freeBusy == "Free")
        #expect(data.categories == ["Business", "Team"])
        #expect(data.reminderMinutes == 60)
        #expect(data.organizer == ICalendarOrganizer(address: "alice@contoso.com", name: "Jones, Alice"))
        #expect(data.requiredAttendees == [Attendee(address: "bob@contoso.com", name: "Bob Smith", response: "Unknown")])
        #expect(data.optionalAttendees == [Attendee(address: "carol@contoso.com", response: "Tentative")])
        #expect(data.resources == [Attendee(address: "room1@contoso.com")])
        #expect(data.recurrence == RecurrencePattern(frequency: .weekly, daysOfWeek: [5], range: .until(DateComponents(year: 2026, month: 12, day: 31))))
        #expect(data.deletedOccurrences == [utc("2026-12-24T09:00:00Z")])
        let starts = expansion(storedEvent(data)).map { String($0.prefix(20)) }
        #expect(starts == ["2026-12-03T09:00:00Z", "2026-12-10T09:00:00Z", "2026-12-17T09:00:00Z", "2026-12-31T09:00:00Z"])
    }

    /// Outlook style: the TZID is a Windows id, with Exchange's 1601 VTIMEZONE.
    @Test func windowsTZIDAndCustomVTimeZones() throws {
        func vtimezone(_ tzid: String, standard: String = "+0100", daylight: String? = "+0200", months: (Int, Int) = (10, 3)) -> [String] {
            var lines = ["BEGIN:VTIMEZONE", "TZID:\(tzid)", "BEGIN:STANDARD", "DTSTART:16010101T030000", "TZOFFSETFROM:\(daylight ?? standard)",
                         "TZOFFSETTO:\(standard)"]
            if daylight != nil { lines.append("RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=\(months.0)") }
            lines.append("END:STANDARD")
            if let daylight {
                lines += ["BEGIN:DAYLIGHT", "DTSTART:16010101T020000", "TZOFFSETFROM:\(standard)", "TZOFFSETTO:\(daylight)",
                          "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=-1SU;BYMONTH=\(months.1)", "END:DAYLIGHT"]
            }
            return lines + ["END:VTIMEZONE"]
        }
        func start(_ tzid: String) -> String {
            tzid.contains(":") || tzid.contains(";") ? "DTSTART;TZID=\"\(tzid)\":20260701T100000" : "DTSTART;TZID=\(tzid):20260701T100000"
        }

        let windows = try ICalendarReader.parse(calendar(vtimezone("W. Europe Standard Time") + event([start("W. Europe Standard Time"), "DURATION:PT1H"])))
        #expect(windows.timeZone.identifier == "Europe/Berlin")
        #expect(windows.start == utc("2026-07-01T08:00:00Z"))

        let custom = try ICalendarReader.parse(calendar(vtimezone("Customized Time Zone") + event([start("Customized Time Zone"), "DURATION:PT1H"])))
        #expect(custom.timeZone.identifier == "Europe/Berlin")
        #expect(custom.start == utc("2026-07-01T08:00:00Z"))

        let india = try ICalendarReader.parse(calendar(vtimezone("India; custom", standard: "+0530", daylight: nil) + event([start("India; custom")])))
        #expect(india.timeZone.secondsFromGMT(for: india.start) == 19_800)
        #expect(india.start == utc("2026-07-01T04:30:00Z"))

        let fixed = try ICalendarReader.parse(calendar(vtimezone("Somewhere", standard: "+0345", daylight: nil) + event([start("Somewhere")])))
        #expect(fixed.timeZone.secondsFromGMT() == 13_500)

        // Apple writes a zone's whole history: Tokyo's DST of 1948-1951 must not make it a DST zone.
        let tokyo = try ICalendarReader.parse(calendar([
            "BEGIN:VTIMEZONE", "TZID:Tokio (Apple)",
            "BEGIN:DAYLIGHT", "DTSTART:19480502T000000", "RDATE:19490403T000000,19500507T000000,19510506T000000",
            "TZOFFSETFROM:+0900", "TZOFFSETTO:+1000", "END:DAYLIGHT",
            "BEGIN:STANDARD", "DTSTART:19510908T000000", "TZOFFSETFROM:+1000", "TZOFFSETTO:+0900", "END:STANDARD",
            "END:VTIMEZONE",
        ] + event([start("Tokio (Apple)")])))
        #expect(tokyo.timeZone.identifier == "Asia/Tokyo")
        #expect(tokyo.start == utc("2026-07-01T01:00:00Z"))

        let nowhere = parseError(calendar(vtimezone("Mars Time", standard: "+0100", daylight: "+0200", months: (5, 9)) + event([start("Mars Time")])))
        #expect(nowhere?.contains("VTIMEZONE \"Mars Time\"") == true)
        #expect(nowhere?.contains("matches no zone") == true)

        let undefined = parseError(calendar(event([start("Atlantis Standard Time")])))
        #expect(undefined?.contains("TZID \"Atlantis Standard Time\"") == true)
    }

    @Test func durationsAndAllDayDates() throws {
        let duration = try ICalendarReader.parse(calendar(event(["DTSTART;TZID=America/New_York:20261203T090000", "DURATION:PT1H30M"])))
        #expect(duration.start == utc("2026-12-03T14:00:00Z"))
        #expect(duration.end == utc("2026-12-03T15:30:00Z"))
        #expect(duration.timeZone.identifier == "America/New_York")

        let oneDay = try ICalendarReader.parse(calendar(event(["DTSTART;VALUE=DATE:20261203"])))
        #expect(oneDay.isAllDay)
        #expect(oneDay.start == utc("2026-12-03T00:00:00Z"))
        #expect(oneDay.end == utc("2026-12-04T00:00:00Z"))

        let days = try ICalendarReader.parse(calendar(event(["DTSTART;VALUE=DATE:20261203", "DURATION:P2D"])))
        #expect(days.end == utc("2026-12-05T00:00:00Z"))

        let weeks = try ICalendarReader.parse(calendar(event(["DTSTART:20261203T090000", "DURATION:P1W"])))
        #expect(weeks.start == utc("2026-12-03T09:00:00Z"), "a floating time is read in UTC")
        #expect(weeks.end == utc("2026-12-10T09:00:00Z"))

        let reminders = try ICalendarReader.parse(calendar(event(["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:-P1D", "END:VALARM"])))
        #expect(reminders.reminderMinutes == 1440)
    }

    @Test func exceptionVEventsFromAClient() throws {
        let text = calendar(
            event(["DTSTART;TZID=Europe/Berlin:20261201T100000", "DTEND;TZID=Europe/Berlin:20261201T110000", "SUMMARY:Daily",
                   "LOCATION:Room 1", "RRULE:FREQ=DAILY;COUNT=5", "EXDATE;TZID=Europe/Berlin:20261202T100000,20261203T100000"])
                + event(["RECURRENCE-ID:20261204T090000Z", "DTSTART;TZID=Europe/Berlin:20261204T120000",
                         "DTEND;TZID=Europe/Berlin:20261204T130000", "SUMMARY:Daily", "CLASS:PRIVATE"]))
        let data = try ICalendarReader.parse(text)
        #expect(data.recurrence == RecurrencePattern(frequency: .daily, range: .count(5)))
        #expect(data.deletedOccurrences == [utc("2026-12-02T09:00:00Z"), utc("2026-12-03T09:00:00Z")])
        let exception = try #require(data.exceptions[utc("2026-12-04T09:00:00Z")])
        #expect(exception == OccurrenceOverride(
            start: utc("2026-12-04T11:00:00Z"), end: utc("2026-12-04T12:00:00Z"), subject: nil, location: "", body: nil,
            sensitivity: "Private", freeBusy: nil))
    }

    @Test(arguments: [
        (["RRULE:FREQ=MONTHLY;BYDAY=MO;BYSETPOS=2"], "RRULE part BYSETPOS is not supported by fake-exchange"),
        (["RRULE:FREQ=MONTHLY;BYDAY=2TU"], "ordinal weekday (2TU"),
        (["RRULE:FREQ=HOURLY;COUNT=3"], "RRULE FREQ=HOURLY is not supported by fake-exchange"),
        (["RRULE:FREQ=DAILY;BYHOUR=9,15"], "RRULE part BYHOUR is not supported by fake-exchange"),
        (["RRULE:FREQ=YEARLY;BYWEEKNO=20"], "RRULE part BYWEEKNO is not supported"),
        (["RRULE:FREQ=MONTHLY;BYMONTHDAY=1,15"], "BYMONTHDAY=1,15 is not supported"),
        (["RRULE:FREQ=WEEKLY;BYMONTHDAY=3"], "BYMONTHDAY with FREQ=WEEKLY"),
        (["RRULE:FREQ=DAILY;INTERVAL=2;BYDAY=MO,TU"], "BYDAY with FREQ=DAILY and INTERVAL=2"),
        (["RRULE:FREQ=DAILY;COUNT=3;UNTIL=20261231T000000Z"], "both COUNT and UNTIL"),
        (["RRULE:FREQ=DAILY;INTERVAL=0"], "INTERVAL=0 must be a number in 1...999"),
        (["RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=SU,TH"], "weeks start on Sunday"),
        (["RRULE:FREQ=DAILY", "RRULE:FREQ=WEEKLY"], "a second RRULE"),
        (["RRULE:FREQ=DAILY", "RDATE:20261210T150000Z"], "RDATE is not supported by fake-exchange"),
        (["RRULE:FREQ=WEEKLY;BYDAY=MO"], "DTSTART is not an occurrence of RRULE"),
        (["DURATION:PT1H"], "DTEND (line"),
        (["BEGIN:VALARM", "ACTION:DISPLAY", "END:VALARM"], "has no TRIGGER"),
        (["BEGIN:VALARM", "ACTION:DISPLAY", "TRIGGER:PT15M", "END:VALARM"], "after the start"),
    ])
    func unsupportedEventContentIsRefused(lines: [String], message: String) throws {
        let error = try #require(parseError(calendar(event(lines))), "accepted \(lines)")
        #expect(error.contains(message), "\(error)")
    }

    @Test func unsupportedDocumentsAreRefused() throws {
        let cases: [(String, String)] = [
            (calendar(["BEGIN:VTODO", "UID:t1", "SUMMARY:Buy milk", "END:VTODO"]), "VTODO (line 4) and no VEVENT"),
            (calendar(["BEGIN:VJOURNAL", "UID:j1", "END:VJOURNAL"]), "VJOURNAL"),
            (calendar([]), "no VEVENT"),
            (calendar(event([], uid: "a") + event([], uid: "b")), "different UIDs (\"a\", \"b\")"),
            (calendar(event([]) + event([])), "2 VEVENTs without RECURRENCE-ID"),
            (calendar(event(["RECURRENCE-ID:20261203T150000Z"])), "needs the series' master VEVENT"),
            (calendar(event(["RRULE:FREQ=DAILY;COUNT=3"]) + event(["RECURRENCE-ID;RANGE=THISANDFUTURE:20261204T150000Z"])),
             "RANGE=THISANDFUTURE"),
            (calendar(event(["RRULE:FREQ=DAILY;COUNT=3"]) + event(["RECURRENCE-ID:20261210T150000Z"])), "is not an occurrence of the series"),
            (calendar(event([])).replacingOccurrences(of: "END:VCALENDAR\r\n", with: ""), "BEGIN:VCALENDAR of line 1 is never closed"),
            ("BEGIN:VEVENT\r\nEND:VEVENT\r\n", "not BEGIN:VCALENDAR"),
            ("hello", "not an iCalendar content line"),
            (calendar(event(["DTSTART:20261331T150000Z"])), "is not an iCalendar DATE"),
            ("BEGIN:VCALENDAR\r\nVERSION:1.0\r\nEND:VCALENDAR\r\n", "vCalendar 1.0"),
            (calendar(event([])) + String(repeating: "X", count: ICalendarReader.maximumBytes), "at most 1 MB"),
        ]
        for (text, message) in cases {
            let error = parseError(text)
            #expect(error?.contains(message) == true, "expected \"\(message)\", got \(error ?? "no error")")
        }
    }

    @Test func parametersAndEscapes() throws {
        let data = try ICalendarReader.parse(calendar(event([
            "ORGANIZER;SENT-BY=\"mailto:svc@contoso.com\";CN=\"Jones; Alice: CEO\":MAILTO:alice@contoso.com",
            "SUMMARY;LANGUAGE=en-US:a\\\\b\\;c\\,d\\Ne",
            "X-MICROSOFT-CDO-BUSYSTATUS:OOF", "TRANSP:TRANSPARENT", "CLASS:X-SECRET",
        ])))
        #expect(data.organizer == ICalendarOrganizer(address: "alice@contoso.com", name: "Jones; Alice: CEO"))
        #expect(data.subject == "a\\b;c,d\ne")
        #expect(data.freeBusy == "OOF", "X-MICROSOFT-CDO-BUSYSTATUS wins over TRANSP")
        #expect(data.sensitivity == "Private", "an unknown CLASS is private (RFC 5545)")
    }
}


@Suite struct ICalendarHostileInputTests {
    @Test func deepNestingAndManyExceptionsStayCheap() throws {
        let nested = calendar(Array(repeating: "BEGIN:X", count: 20_000) + Array(repeating: "END:X", count: 20_000))
        #expect(parseError(nested)?.contains("deeper than 8 levels") == true)

        // 5,000 exceptions of a daily series: one expansion, not one per exception.
        var lines = event(["DTSTART:20260101T090000Z", "DTEND:20260101T100000Z", "RRULE:FREQ=DAILY"])
        let utcCalendar = EWSDateTime.gregorian(in: TimeZone(secondsFromGMT: 0)!)
        for day in 1...5_000 {
            let date = try #require(utcCalendar.date(byAdding: .day, value: day, to: utc("2026-01-01T09:00:00Z")))
            let stamp = ICalendarWriter.utcValue(date)
            lines += event(["RECURRENCE-ID:\(stamp)", "DTSTART:\(stamp)", "DURATION:PT30M", "SUMMARY:x"])
        }
        let started = Date()
        let data = try ICalendarReader.parse(calendar(lines))
        #expect(data.exceptions.count == 5_000)
        #expect(Date().timeIntervalSince(started) < 20)
    }

    @Test func byteOrderMarkAndLeadingGarbage() throws {
        let data = try ICalendarReader.parse("\u{FEFF}" + calendar(event(["SUMMARY:BOM"])))
        #expect(data.subject == "BOM")
        #expect(parseError("\u{0}\u{1}BEGIN:VCALENDAR") != nil)
        #expect(parseError(calendar(event(["ATTENDEE;CN=\"unterminated:mailto:a@b.c"]))).map { $0.contains("never closed") } == true)
        #expect(parseError(calendar(event(["BEGIN:VALARM", "TRIGGER:-P999999999W", "END:VALARM"]))) != nil)
    }
}
