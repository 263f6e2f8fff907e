// SpeechRendererTests: the exact words of read answers, next-event answers and confirmations, the card, SSML escaping
// and the SSML length cap.
import Foundation
import Testing
import Voice

/// A timed event `minutes` long from `start` (an ISO 8601 instant with its offset).
func timed(_ subject: String, _ start: String, minutes: Int = 60, location: String? = nil, isPrivate: Bool = false) -> SpokenEvent {
    let begin = instant(start)
    return SpokenEvent(subject: subject, start: begin, end: begin.addingTimeInterval(Double(minutes) * 60), location: location, isPrivate: isPrivate)
}

/// An all-day event from local midnight `start`, `days` long (the zones used here have no DST change in December).
func allDay(_ subject: String, _ start: String, days: Int = 1, isPrivate: Bool = false) -> SpokenEvent {
    let begin = instant(start)
    return SpokenEvent(subject: subject, start: begin, end: begin.addingTimeInterval(Double(days) * 86_400), isAllDay: true, isPrivate: isPrivate)
}

// Los Angeles, Wednesday 2026-12-02 14:30 (the instant of WindowResolverTests). Tomorrow's events:
let offsite = allDay("Company offsite", "2026-12-03T00:00:00-08:00")
let standup = timed("Standup", "2026-12-03T09:00:00-08:00", minutes: 30)
let review = timed("Design review", "2026-12-03T10:15:00-08:00", minutes: 45)
let lunch = timed("Lunch with Sam", "2026-12-03T12:30:00-08:00", location: "Cafe Rio")
let doctor = timed("Doctor", "2026-12-03T16:00:00-08:00", location: "Clinic", isPrivate: true)
/// Today 19:00 in Los Angeles is 03:00Z on the 3rd: noon on Thursday in Tokyo, 04:00 on Thursday in Berlin.
let dinner = timed("Dinner", "2026-12-02T19:00:00-08:00", minutes: 90)
/// Under way at 14:30.
let interview = timed("Interview", "2026-12-02T14:00:00-08:00")

@Suite struct SpeechRendererTests {
    enum Query: Sendable {
        case read(DateSpec?, TimeSpec?)
        case next
    }

    struct Case: Sendable, CustomTestStringConvertible {
        let label: String
        var zone = "America/Los_Angeles"
        var now = WindowResolverTests.la
        let query: Query
        var events: [SpokenEvent] = []
        var maxRead = 3
        let speech: String
        var testDescription: String { label }
    }

    static let tomorrow: Query = .read(.day(day("2026-12-03")), nil)
    static let fiveTomorrow = [doctor, lunch, standup, offsite, review]  // out of order on purpose

    static let cases: [Case] = [
        // Empty windows, each named.
        Case(label: "empty tomorrow", query: tomorrow, speech: "You have no events scheduled for tomorrow."),
        Case(label: "empty rest of today", query: .read(nil, nil), speech: "You have no events scheduled for the rest of today."),
        Case(label: "empty whole today at midnight", zone: "Europe/Berlin", now: "2026-12-02T00:00:00+01:00", query: .read(nil, nil),
             speech: "You have no events scheduled for today."),
        Case(label: "empty this weekend", query: .read(.weekend(year: 2026, week: 49), nil), speech: "You have no events scheduled for this weekend."),
        Case(label: "empty next week", query: .read(.week(year: 2026, week: 50), nil), speech: "You have no events scheduled for next week."),
        Case(label: "empty this week", query: .read(.week(year: 2026, week: 49), nil), speech: "You have no events scheduled for this week."),
        Case(label: "empty a weekday of the coming week", query: .read(.day(day("2026-12-04")), nil), speech: "You have no events scheduled on Friday."),
        Case(label: "empty a day further away", query: .read(.day(day("2026-12-04").adding(days: 7)), nil),
             speech: "You have no events scheduled on Friday, December 11th."),
        Case(label: "empty a week from today: the date, not 'Wednesday'", query: .read(.day(day("2026-12-09")), nil),
             speech: "You have no events scheduled on Wednesday, December 9th."),
        Case(label: "empty morning already over", query: .read(nil, .period(.morning)), speech: "You have no events scheduled for this morning."),
        Case(label: "empty tonight", query: .read(nil, .period(.tonight)), speech: "You have no events scheduled for tonight."),
        Case(label: "empty night (NI) today is tonight", query: .read(nil, .period(.night)), speech: "You have no events scheduled for tonight."),
        Case(label: "empty tomorrow evening", query: .read(.day(day("2026-12-03")), .period(.evening)), speech: "You have no events scheduled for tomorrow evening."),
        Case(label: "empty Friday morning", query: .read(.day(day("2026-12-04")), .period(.morning)), speech: "You have no events scheduled for Friday morning."),
        Case(label: "empty afternoon of a dated day", query: .read(.day(day("2026-12-11")), .period(.afternoon)),
             speech: "You have no events scheduled for the afternoon of Friday, December 11th."),
        Case(label: "empty hour tomorrow", query: .read(.day(day("2026-12-03")), .clock(hour: 15, minute: 0)), speech: "You have no events scheduled at 3 PM tomorrow."),
        Case(label: "empty right now", query: .read(.present, nil), speech: "You have no events scheduled right now."),
        Case(label: "empty this month", query: .read(.month(year: 2026, month: 12), nil), speech: "You have no events scheduled for this month."),
        Case(label: "empty next month", query: .read(.month(year: 2027, month: 1), nil), speech: "You have no events scheduled for January."),
        Case(label: "empty a month next year, far away", query: .read(.month(year: 2027, month: 6), nil), speech: "You have no events scheduled for June 2027."),
        Case(label: "empty a later week", query: .read(.week(year: 2026, week: 52), nil), speech: "You have no events scheduled for the week of December 21st."),
        Case(label: "empty a later weekend", query: .read(.weekend(year: 2026, week: 50), nil), speech: "You have no events scheduled for the weekend of December 12th."),
        Case(label: "empty: an event outside the window is not read", query: tomorrow, events: [timed("Friday thing", "2026-12-04T09:00:00-08:00")],
             speech: "You have no events scheduled for tomorrow."),

        // One event.
        Case(label: "one event", query: tomorrow, events: [standup], speech: "Tomorrow you have 1 event. At 9 AM, Standup."),
        Case(label: "location", query: tomorrow, events: [lunch], speech: "Tomorrow you have 1 event. At 12:30 PM, Lunch with Sam, at Cafe Rio."),
        Case(label: "noon by name", query: tomorrow, events: [timed("Lunch", "2026-12-03T12:00:00-08:00")], speech: "Tomorrow you have 1 event. At noon, Lunch."),
        Case(label: "midnight by name", query: tomorrow, events: [timed("Release", "2026-12-03T00:00:00-08:00")], speech: "Tomorrow you have 1 event. At midnight, Release."),
        Case(label: "just after midnight", query: tomorrow, events: [timed("Deploy", "2026-12-03T00:05:00-08:00")], speech: "Tomorrow you have 1 event. At 12:05 AM, Deploy."),
        Case(label: "private: no subject, no location", query: tomorrow, events: [doctor], speech: "Tomorrow you have 1 event. At 4 PM, a private appointment."),
        Case(label: "all-day", query: tomorrow, events: [offsite], speech: "Tomorrow you have 1 event. All day, Company offsite."),
        Case(label: "private all-day", query: tomorrow, events: [allDay("Vacation", "2026-12-03T00:00:00-08:00", isPrivate: true)],
             speech: "Tomorrow you have 1 event. All day, a private appointment."),
        Case(label: "an all-day event under way since yesterday", query: tomorrow, events: [allDay("Conference", "2026-12-01T00:00:00-08:00", days: 3)],
             speech: "Tomorrow you have 1 event. All day, Conference."),
        Case(label: "the rest of today, what is left", query: .read(nil, nil), events: [timed("Breakfast", "2026-12-02T08:00:00-08:00"), timed("Design review", "2026-12-02T16:00:00-08:00")],
             speech: "For the rest of today you have 1 event. At 4 PM, Design review."),
        Case(label: "an event under way is read", query: .read(nil, nil), events: [interview], speech: "For the rest of today you have 1 event. At 2 PM, Interview."),
        Case(label: "a weekday of the coming week", query: .read(.day(day("2026-12-04")), nil), events: [timed("Lunch with Sam", "2026-12-04T12:30:00-08:00", location: "Cafe Rio")],
             speech: "On Friday you have 1 event. At 12:30 PM, Lunch with Sam, at Cafe Rio."),
        Case(label: "a dated day", query: .read(.day(day("2026-12-11")), nil), events: [timed("Standup", "2026-12-11T09:05:00-08:00", minutes: 15)],
             speech: "On Friday, December 11th, you have 1 event. At 9:05 AM, Standup."),
        Case(label: "a dated day next year, far away, says the year", query: .read(.day(day("2027-03-15")), nil), events: [timed("Audit", "2027-03-15T09:00:00-07:00")],
             speech: "On Monday, March 15th, 2027, you have 1 event. At 9 AM, Audit."),
        Case(label: "an hour", query: .read(.day(day("2026-12-03")), .clock(hour: 15, minute: 0)), events: [timed("Review", "2026-12-03T15:00:00-08:00")],
             speech: "At 3 PM tomorrow you have 1 event. At 3 PM, Review."),
        Case(label: "a period of tomorrow", query: .read(.day(day("2026-12-03")), .period(.morning)), events: [standup, lunch],
             speech: "Tomorrow morning you have 1 event. At 9 AM, Standup."),
        Case(label: "right now", query: .read(.present, nil), events: [interview, dinner], speech: "Right now you have 1 event. At 2 PM, Interview."),
        Case(label: "messy subject: white space and a final period", query: tomorrow, events: [timed("  Weekly\n  sync. ", "2026-12-03T11:00:00-08:00")],
             speech: "Tomorrow you have 1 event. At 11 AM, Weekly sync."),
        Case(label: "no subject", query: tomorrow, events: [timed(" ", "2026-12-03T11:00:00-08:00", location: " ")],
             speech: "Tomorrow you have 1 event. At 11 AM, an untitled event."),

        // Evening events belong to the day they are on where the user is.
        Case(label: "LA evening event is today's", query: .read(nil, nil), events: [dinner], speech: "For the rest of today you have 1 event. At 7 PM, Dinner."),
        Case(label: "LA evening event is not tomorrow's", query: tomorrow, events: [dinner, standup], speech: "Tomorrow you have 1 event. At 9 AM, Standup."),
        Case(label: "LA tonight", query: .read(nil, .period(.tonight)), events: [dinner], speech: "Tonight you have 1 event. At 7 PM, Dinner."),
        Case(label: "Tokyo: the same instant is today at noon", zone: "Asia/Tokyo", now: WindowResolverTests.tokyo, query: .read(nil, nil), events: [dinner],
             speech: "For the rest of today you have 1 event. At noon, Dinner."),
        Case(label: "Berlin: the same instant is tomorrow at 4 AM", zone: "Europe/Berlin", now: WindowResolverTests.berlin, query: .read(.day(day("2026-12-03")), nil), events: [dinner],
             speech: "Tomorrow you have 1 event. At 4 AM, Dinner."),

        // Three and five events; "and N more".
        Case(label: "three events, all-day first", query: tomorrow, events: [lunch, standup, offsite],
             speech: "Tomorrow you have 3 events. All day, Company offsite. At 9 AM, Standup. At 12:30 PM, Lunch with Sam, at Cafe Rio."),
        Case(label: "five events: three read, and 2 more", query: tomorrow, events: fiveTomorrow,
             speech: "Tomorrow you have 5 events. All day, Company offsite. At 9 AM, Standup. At 10:15 AM, Design review, and 2 more."),
        Case(label: "five events, maxRead 5", query: tomorrow, events: fiveTomorrow, maxRead: 5,
             speech: "Tomorrow you have 5 events. All day, Company offsite. At 9 AM, Standup. At 10:15 AM, Design review. At 12:30 PM, Lunch with Sam, at Cafe Rio. At 4 PM, a private appointment."),
        Case(label: "five events, maxRead 1", query: tomorrow, events: fiveTomorrow, maxRead: 1,
             speech: "Tomorrow you have 5 events. All day, Company offsite, and 4 more."),
        Case(label: "five events, maxRead 0: the count only", query: tomorrow, events: fiveTomorrow, maxRead: 0, speech: "Tomorrow you have 5 events."),
        Case(label: "four events: and 1 more", query: tomorrow, events: [standup, review, lunch, doctor],
             speech: "Tomorrow you have 4 events. At 9 AM, Standup. At 10:15 AM, Design review. At 12:30 PM, Lunch with Sam, at Cafe Rio, and 1 more."),

        // Views of several days say each event's day.
        Case(label: "this week", query: .read(.week(year: 2026, week: 49), nil),
             events: [timed("Family call", "2026-12-06T20:00:00-08:00", minutes: 30), timed("Brunch", "2026-12-05T12:00:00-08:00", minutes: 90),
                      allDay("Company offsite", "2026-12-04T00:00:00-08:00"), standup, timed("Design review", "2026-12-02T16:00:00-08:00"),
                      timed("Breakfast", "2026-12-02T08:00:00-08:00")],
             speech: "This week you have 5 events. Today at 4 PM, Design review. Tomorrow at 9 AM, Standup. On Friday, all day, Company offsite, and 2 more."),
        Case(label: "this week, all read", query: .read(.week(year: 2026, week: 49), nil),
             events: [timed("Family call", "2026-12-06T20:00:00-08:00", minutes: 30), timed("Brunch", "2026-12-05T12:00:00-08:00", minutes: 90)], maxRead: 5,
             speech: "This week you have 2 events. On Saturday at noon, Brunch. On Sunday at 8 PM, Family call."),
        Case(label: "this week: an all-day event under way is today's", query: .read(.week(year: 2026, week: 49), nil),
             events: [allDay("Conference", "2026-12-01T00:00:00-08:00", days: 3)], speech: "This week you have 1 event. Today, all day, Conference."),
        Case(label: "next week", query: .read(.week(year: 2026, week: 50), nil),
             events: [timed("Lunch with Sam", "2026-12-09T12:00:00-08:00", location: "Cafe Rio"), timed("Standup", "2026-12-07T09:00:00-08:00", minutes: 15)],
             speech: "Next week you have 2 events. On Monday at 9 AM, Standup. On Wednesday, December 9th, at noon, Lunch with Sam, at Cafe Rio."),
        Case(label: "this weekend", query: .read(.weekend(year: 2026, week: 49), nil),
             events: [allDay("Hike", "2026-12-06T00:00:00-08:00"), timed("Soccer", "2026-12-05T10:00:00-08:00", minutes: 90)],
             speech: "This weekend you have 2 events. On Saturday at 10 AM, Soccer. On Sunday, all day, Hike."),
        Case(label: "a later week", query: .read(.week(year: 2026, week: 52), nil), events: [allDay("Christmas Eve", "2026-12-24T00:00:00-08:00")],
             speech: "In the week of December 21st, you have 1 event. On Thursday, December 24th, all day, Christmas Eve."),
        Case(label: "this month", query: .read(.month(year: 2026, month: 12), nil), events: [allDay("Christmas Eve", "2026-12-24T00:00:00-08:00"), standup],
             speech: "This month you have 2 events. Tomorrow at 9 AM, Standup. On Thursday, December 24th, all day, Christmas Eve."),
        Case(label: "next month", query: .read(.month(year: 2027, month: 1), nil), events: [timed("Kickoff", "2027-01-04T09:00:00-08:00")],
             speech: "In January, you have 1 event. On Monday, January 4th, at 9 AM, Kickoff."),

        // DST change days in New York.
        Case(label: "NY spring-forward day: 23 hours of events", zone: "America/New_York", now: "2027-03-13T12:00:00-05:00", query: .read(.day(day("2027-03-14")), nil),
             events: [timed("Monday", "2027-03-15T00:00:00-04:00"), timed("Late call", "2027-03-14T23:30:00-04:00", minutes: 30),
                      timed("Server patch", "2027-03-14T03:00:00-04:00"), timed("Night shift", "2027-03-14T00:30:00-05:00")],
             speech: "Tomorrow you have 3 events. At 12:30 AM, Night shift. At 3 AM, Server patch. At 11:30 PM, Late call."),
        Case(label: "NY fall-back day: 1:30 happens twice", zone: "America/New_York", now: "2026-10-31T12:00:00-04:00", query: .read(.day(day("2026-11-01")), nil),
             events: [timed("Monday", "2026-11-02T00:00:00-05:00"), timed("Late call", "2026-11-01T23:30:00-05:00", minutes: 30),
                      timed("Second", "2026-11-01T01:30:00-05:00", minutes: 15), timed("First", "2026-11-01T01:30:00-04:00", minutes: 15)],
             speech: "Tomorrow you have 3 events. At 1:30 AM, First. At 1:30 AM, Second. At 11:30 PM, Late call."),

        // The next event.
        Case(label: "next: not the one under way", query: .next, events: [standup, interview], speech: "Your next event is Standup, tomorrow at 9 AM."),
        Case(label: "next: nothing", query: .next, speech: "You have nothing scheduled in the next 7 days."),
        Case(label: "next: nothing within 7 days", query: .next, events: [timed("Far", "2026-12-10T09:00:00-08:00")], speech: "You have nothing scheduled in the next 7 days."),
        Case(label: "next: a weekday, with location", query: .next, events: [timed("Lunch with Sam", "2026-12-04T12:30:00-08:00", location: "Cafe Rio")],
             speech: "Your next event is Lunch with Sam, Friday at 12:30 PM, at Cafe Rio."),
        Case(label: "next: private", query: .next, events: [timed("Doctor", "2026-12-02T16:00:00-08:00", location: "Clinic", isPrivate: true), standup],
             speech: "Your next event is a private appointment, today at 4 PM."),
        Case(label: "next: all-day", query: .next, events: [standup, offsite], speech: "Your next event is Company offsite, tomorrow, all day."),
        Case(label: "next: LA evening is today", query: .next, events: [standup, dinner], speech: "Your next event is Dinner, today at 7 PM."),
        Case(label: "next: Tokyo noon", zone: "Asia/Tokyo", now: WindowResolverTests.tokyo, query: .next, events: [dinner], speech: "Your next event is Dinner, today at noon."),
        Case(label: "next: a week ahead is dated", query: .next, events: [timed("Standup", "2026-12-09T09:00:00-08:00")],
             speech: "Your next event is Standup, Wednesday, December 9th, at 9 AM."),
    ]

    @Test(arguments: cases) func spokenText(_ c: Case) {
        let now = instant(c.now)
        let renderer = SpeechRenderer(maxRead: c.maxRead)
        let speech: Speech
        switch c.query {
        case .read(let date, let time):
            speech = renderer.render(c.events, in: WindowResolver.window(date: date, time: time, now: now, timeZone: zone(c.zone)), now: now)
        case .next:
            speech = renderer.renderNextEvent(c.events, in: WindowResolver.nextEventWindow(now: now, timeZone: zone(c.zone)), now: now)
        }
        #expect(speech.plain == c.speech)
        #expect(speech.ssml == "<speak>" + c.speech + "</speak>")
    }

    /// Ordinals through the month, on days too far ahead for a weekday name.
    @Test(arguments: [
        ("2026-12-11", "Friday, December 11th"), ("2026-12-12", "Saturday, December 12th"), ("2026-12-13", "Sunday, December 13th"),
        ("2026-12-21", "Monday, December 21st"), ("2026-12-22", "Tuesday, December 22nd"), ("2026-12-23", "Wednesday, December 23rd"),
        ("2026-12-31", "Thursday, December 31st"), ("2027-01-01", "Friday, January 1st"), ("2027-01-02", "Saturday, January 2nd"),
        ("2027-01-03", "Sunday, January 3rd"), ("2027-01-04", "Monday, January 4th"), ("2026-11-30", "Monday, November 30th"),
    ])
    func datedDays(_ date: String, _ words: String) {
        let now = instant(WindowResolverTests.la)
        let window = WindowResolver.window(date: .day(day(date)), time: nil, now: now, timeZone: zone("America/Los_Angeles"))
        let speech = SpeechRenderer().render([], in: window, now: now)
        #expect(speech.plain == "You have no events scheduled on \(words).")
        #expect(speech.cardTitle == words)
    }

    // MARK: - Card

    @Test func theCardListsEveryEventAndKeepsPrivateOnesPrivate() {
        let now = instant(WindowResolverTests.la)
        let window = WindowResolver.window(date: .day(day("2026-12-03")), time: nil, now: now, timeZone: zone("America/Los_Angeles"))
        let speech = SpeechRenderer().render(Self.fiveTomorrow, in: window, now: now)
        #expect(speech.cardTitle == "Tomorrow")
        #expect(speech.cardText == """
            All day: Company offsite
            9 AM–9:30 AM: Standup
            10:15 AM–11 AM: Design review
            12:30 PM–1:30 PM: Lunch with Sam (Cafe Rio)
            4 PM–5 PM: Private appointment
            """)
        #expect(!(speech.cardText ?? "").contains("Doctor") && !(speech.cardText ?? "").contains("Clinic"))
        #expect(!speech.plain.contains("Doctor") && !speech.plain.contains("Clinic"))
    }

    @Test func aMultiDayCardDatesEachLine() {
        let now = instant(WindowResolverTests.la)
        let window = WindowResolver.window(date: .week(year: 2026, week: 49), time: nil, now: now, timeZone: zone("America/Los_Angeles"))
        let speech = SpeechRenderer().render([timed("Brunch", "2026-12-05T12:00:00-08:00", minutes: 90), allDay("Company offsite", "2026-12-04T00:00:00-08:00"), dinner],
                                             in: window, now: now)
        #expect(speech.cardTitle == "This week")
        #expect(speech.cardText == """
            Wednesday, December 2nd, 7 PM–8:30 PM: Dinner
            Friday, December 4th, all day: Company offsite
            Saturday, December 5th, 12 PM–1:30 PM: Brunch
            """)
    }

    @Test func emptyAndNextEventCards() {
        let now = instant(WindowResolverTests.la)
        let la = zone("America/Los_Angeles")
        let empty = SpeechRenderer().render([], in: WindowResolver.window(date: nil, time: nil, now: now, timeZone: la), now: now)
        #expect(empty.cardTitle == "Rest of today")
        #expect(empty.cardText == "You have no events scheduled for the rest of today.")
        let next = SpeechRenderer().renderNextEvent([lunch], in: WindowResolver.nextEventWindow(now: now, timeZone: la), now: now)
        #expect(next.cardTitle == "Next event")
        #expect(next.cardText == "Thursday, December 3rd, 12:30 PM–1:30 PM: Lunch with Sam (Cafe Rio)")
    }

    // MARK: - SSML

    @Test func ssmlEscapesAmpersandAndAngleBrackets() {
        let now = instant(WindowResolverTests.la)
        let window = WindowResolver.window(date: .day(day("2026-12-03")), time: nil, now: now, timeZone: zone("America/Los_Angeles"))
        let speech = SpeechRenderer().render([timed("Tom & Jerry <3>", "2026-12-03T09:00:00-08:00", location: "R&D <Lab>")], in: window, now: now)
        #expect(speech.plain == "Tomorrow you have 1 event. At 9 AM, Tom & Jerry <3>, at R&D <Lab>.")
        #expect(speech.ssml == "<speak>Tomorrow you have 1 event. At 9 AM, Tom &amp; Jerry &lt;3&gt;, at R&amp;D &lt;Lab&gt;.</speak>")
        #expect(Speech.escape("a \"quoted\" 'word'") == "a \"quoted\" 'word'")
    }

    @Test func fiveHundredEventsStayUnder8000Characters() throws {
        let now = instant(WindowResolverTests.la)
        let tomorrowStart = instant("2026-12-03T00:00:00-08:00")
        // Two minutes apart, subjects full of characters that escape to five bytes.
        let events = (0..<500).map { i in
            SpokenEvent(subject: "Tom & Jerry <\(i)>", start: tomorrowStart.addingTimeInterval(Double(i) * 120), end: tomorrowStart.addingTimeInterval(Double(i) * 120 + 60),
                        location: "R&D")
        }
        let window = WindowResolver.window(date: .day(day("2026-12-03")), time: nil, now: now, timeZone: zone("America/Los_Angeles"))
        let speech = SpeechRenderer(maxRead: 500).render(events.shuffled(), in: window, now: now)
        #expect(speech.ssml.utf8.count < 8000)
        // Sensibly truncated: close to the limit, whole sentences, the rest counted.
        #expect(speech.ssml.utf8.count > 7800)
        #expect(speech.ssml == Speech.speak(speech.plain))
        #expect(speech.plain.hasPrefix("Tomorrow you have 500 events. At midnight, Tom & Jerry <0>, at R&D. At 12:02 AM, Tom & Jerry <1>, at R&D."))
        let read = speech.plain.components(separatedBy: ", at R&D").count - 1
        #expect(read > 50 && read < 500)
        #expect(speech.plain.hasSuffix(", at R&D, and \(500 - read) more."))
        #expect(speech.ssml.hasSuffix(", at R&amp;D, and \(500 - read) more.</speak>"))
        // The card holds as many as fit under Alexa's card limit and counts the rest.
        let card = try #require(speech.cardText)
        #expect((speech.cardTitle ?? "").utf8.count + card.utf8.count < 8000)
        #expect(card.hasPrefix("12 AM–12:01 AM: Tom & Jerry <0> (R&D)\n12:02 AM–12:03 AM: Tom & Jerry <1> (R&D)\n"))
        let listed = card.split(separator: "\n").count - 1
        #expect(card.hasSuffix("\n…and \(500 - listed) more"))
    }

    @Test func aHugeSubjectIsCutAtAWordAndNeverMidEscape() {
        let now = instant(WindowResolverTests.la)
        let window = WindowResolver.window(date: .day(day("2026-12-03")), time: nil, now: now, timeZone: zone("America/Los_Angeles"))
        let subject = String(repeating: "R&D <x> ", count: 2000)
        let speech = SpeechRenderer(maxRead: 50).render((0..<50).map { timed(subject, "2026-12-03T09:00:00-08:00", minutes: $0 + 1) }, in: window, now: now)
        #expect(speech.ssml.utf8.count < 8000)
        #expect(speech.ssml == Speech.speak(speech.plain))
        // No escape cut in half: every & starts a whole entity.
        let ampersands = speech.ssml.components(separatedBy: "&").dropFirst()
        #expect(ampersands.allSatisfy { $0.hasPrefix("amp;") || $0.hasPrefix("lt;") || $0.hasPrefix("gt;") })
        #expect(speech.plain.contains("At 9 AM, R&D <x> R&D"))
        #expect(speech.plain.hasSuffix("more."))
    }

    // MARK: - Dialog

    static let la = zone("America/Los_Angeles")
    static let now = instant(WindowResolverTests.la)

    @Test(arguments: [
        (timed("lunch with Sam", "2026-12-04T12:00:00-08:00"), "Lunch with Sam, Friday at noon, for an hour"),
        (timed("Standup", "2026-12-03T09:00:00-08:00", minutes: 30), "Standup, tomorrow at 9 AM, for 30 minutes"),
        (timed("Design review", "2026-12-02T15:00:00-08:00", minutes: 90), "Design review, today at 3 PM, for an hour and a half"),
        (timed("Offsite planning", "2026-12-11T10:00:00-08:00", minutes: 120), "Offsite planning, Friday, December 11th, at 10 AM, for 2 hours"),
        (timed("Workshop", "2026-12-04T13:00:00-08:00", minutes: 150), "Workshop, Friday at 1 PM, for 2 and a half hours"),
        (timed("Sync", "2026-12-04T08:45:00-08:00", minutes: 75), "Sync, Friday at 8:45 AM, for an hour and 15 minutes"),
        (timed("Ping", "2026-12-04T00:00:00-08:00", minutes: 1), "Ping, Friday at midnight, for 1 minute"),
        (timed("Doctor", "2026-12-04T16:00:00-08:00", isPrivate: true), "A private appointment, Friday at 4 PM, for an hour"),
        (allDay("Company offsite", "2026-12-04T00:00:00-08:00"), "Company offsite, Friday, all day"),
    ])
    func describe(_ event: SpokenEvent, _ words: String) {
        #expect(SpeechRenderer().describe(event: event, now: Self.now, timeZone: Self.la) == words)
    }

    @Test func confirmationsAndResults() {
        let renderer = SpeechRenderer()
        let lunchFriday = timed("lunch with Sam", "2026-12-04T12:00:00-08:00")
        #expect(renderer.confirmAdd(event: lunchFriday, now: Self.now, timeZone: Self.la).plain == "Lunch with Sam, Friday at noon, for an hour. Should I add it?")
        #expect(renderer.added(event: lunchFriday, now: Self.now, timeZone: Self.la).plain == "Done. Lunch with Sam is on your calendar, Friday at noon.")
        #expect(renderer.confirmCancel(event: standup, now: Self.now, timeZone: Self.la).plain == "Should I cancel Standup, tomorrow at 9 AM?")
        #expect(renderer.canceled(event: standup, now: Self.now, timeZone: Self.la).plain == "Done. I canceled Standup, tomorrow at 9 AM.")
        #expect(renderer.confirmMove(event: standup, to: instant("2026-12-03T16:00:00-08:00"), now: Self.now, timeZone: Self.la).plain
            == "Should I move Standup, tomorrow at 9 AM, to 4 PM?")
        #expect(renderer.confirmMove(event: standup, to: instant("2026-12-04T16:00:00-08:00"), now: Self.now, timeZone: Self.la).plain
            == "Should I move Standup, tomorrow at 9 AM, to Friday at 4 PM?")
        #expect(renderer.moved(to: instant("2026-12-03T16:00:00-08:00"), now: Self.now, timeZone: Self.la).plain == "Done. I moved it to tomorrow at 4 PM.")
        let ssml = renderer.confirmAdd(event: timed("Tom & Jerry", "2026-12-04T12:00:00-08:00"), now: Self.now, timeZone: Self.la).ssml
        #expect(ssml == "<speak>Tom &amp; Jerry, Friday at noon, for an hour. Should I add it?</speak>")
    }

    @Test func askingWhichOne() {
        let renderer = SpeechRenderer()
        let twoPM = timed("Review", "2026-12-03T14:00:00-08:00")
        #expect(renderer.askWhich([twoPM, standup], now: Self.now, timeZone: Self.la).plain == "Which one: Standup at 9 AM or Review at 2 PM?")
        #expect(renderer.askWhich([twoPM, standup, lunch], now: Self.now, timeZone: Self.la).plain
            == "Which one: Standup at 9 AM, Lunch with Sam at 12:30 PM, or Review at 2 PM?")
        #expect(renderer.askWhich([standup, timed("Review", "2026-12-04T14:00:00-08:00")], now: Self.now, timeZone: Self.la).plain
            == "Which one: Standup, tomorrow at 9 AM or Review, Friday at 2 PM?")
        let many = renderer.askWhich([twoPM, standup, lunch, review, doctor], now: Self.now, timeZone: Self.la)
        #expect(many.plain == "I found 5 matching events. The first 3 are Standup at 9 AM, Design review at 10:15 AM, and Lunch with Sam at 12:30 PM. Which one?")
        #expect(many.cardText?.split(separator: "\n").count == 5)
    }

    @Test func fixedPromptsMatchTheInteractionModel() throws {
        #expect(Prompts.askTitle == "What's the event?")
        #expect(Prompts.askDate == "What day?")
        #expect(Prompts.askTime == "What time?")
        #expect(Prompts.calendarUnreachable == "Sorry, I can't reach your calendar right now.")
        #expect(Prompts.calendarNotLinked.contains("link Microsoft Exchange in the Alexa app under Settings, Calendar"))
        let url = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appending(path: "skill-package/interactionModels/custom/en-US.json")
        let model = try String(contentsOf: url, encoding: .utf8)
        for prompt in [Prompts.askTitle, Prompts.askDate, Prompts.askTime] {
            #expect(model.contains("\"value\": \"\(prompt)\""))
        }
        #expect(SpeechRenderer().prompt(Prompts.help).ssml == "<speak>" + Prompts.help + "</speak>")
    }
}
