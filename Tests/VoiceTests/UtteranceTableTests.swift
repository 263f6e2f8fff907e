// UtteranceTableTests: free text to intent, window and exact speech, end to end through the pure Voice pipeline,
// in six zones on both sides of UTC, on DST change days, against a fixed calendar per zone.
//
// Per row: `today = CalendarDay(now, in: zone)`; `intent = UtteranceParser.parse(text, today:)`; for a read the
// window from `WindowResolver.window(date:time:now:timeZone:)` (or `nextEventWindow`) and the words of
// `SpeechRenderer().render` (or `renderNextEvent`); for an add, `WindowResolver.eventStart` and `confirmAdd`.
// Every expectation below was worked out by hand from the product rules, not copied from the code's output.
import Foundation
import Testing
import Voice

@Suite struct UtteranceTableTests {
    // MARK: - Places: a zone, an instant, and that zone's calendar

    struct Place: Sendable {
        let zone: String
        let now: String
        let events: [SpokenEvent]
    }

    /// An all-day event from one local midnight to another, both given with their offsets (a DST day is 23 or
    /// 25 hours, so the end is not `start + 86 400`).
    static func wholeDay(_ subject: String, from start: String, to end: String) -> SpokenEvent {
        SpokenEvent(subject: subject, start: instant(start), end: instant(end), isAllDay: true)
    }

    // Los Angeles (UTC−8 in December). Wednesday 2026-12-02, ISO week 49 (Nov 30 – Dec 6).
    static let losAngeles: [SpokenEvent] = [
        timed("Breakfast with Kim", "2026-12-02T08:00:00-08:00"),
        timed("Interview", "2026-12-02T14:00:00-08:00"),  // under way at 14:30
        timed("Call with Legal", "2026-12-02T15:00:00-08:00", minutes: 30),
        timed("Design review", "2026-12-02T16:00:00-08:00"),
        // 19:00 in Los Angeles is 03:00Z on the 3rd: still today's where the user is.
        timed("Dinner", "2026-12-02T19:00:00-08:00", minutes: 90),
        // Thursday: five events.
        allDay("Company offsite", "2026-12-03T00:00:00-08:00"),
        timed("Standup", "2026-12-03T09:00:00-08:00", minutes: 30),
        timed("Budget review", "2026-12-03T10:15:00-08:00", minutes: 45),
        timed("Lunch with Sam", "2026-12-03T12:00:00-08:00", location: "Cafe Rio"),
        timed("Doctor", "2026-12-03T16:00:00-08:00", location: "Clinic", isPrivate: true),
        // Friday.
        timed("Release", "2026-12-04T00:00:00-08:00", minutes: 30),
        timed("Team retro", "2026-12-04T11:00:00-08:00"),
        // The weekend.
        timed("Soccer", "2026-12-05T10:00:00-08:00", minutes: 90),
        allDay("Hike", "2026-12-06T00:00:00-08:00"),
        // The week after.
        timed("Planning", "2026-12-07T09:00:00-08:00"),
        timed("Dentist", "2026-12-09T08:30:00-08:00", minutes: 45),
    ]
    static let laWednesday = Place(zone: "America/Los_Angeles", now: "2026-12-02T14:30:00-08:00", events: losAngeles)
    static let laEvening = Place(zone: "America/Los_Angeles", now: "2026-12-02T18:00:00-08:00", events: losAngeles)
    static let laNight = Place(zone: "America/Los_Angeles", now: "2026-12-02T21:00:00-08:00", events: losAngeles)
    static let laSaturday = Place(zone: "America/Los_Angeles", now: "2026-12-05T10:30:00-08:00", events: losAngeles)

    // Tokyo (UTC+9, no DST). Thursday 2026-12-03 07:30, the same instant as Los Angeles' Wednesday 14:30.
    static let tokyo: [SpokenEvent] = [
        timed("Morning sync", "2026-12-03T09:00:00+09:00", minutes: 30),
        timed("Client visit", "2026-12-03T11:00:00+09:00", location: "Shibuya office"),
        timed("Lunch", "2026-12-03T12:00:00+09:00"),
        timed("Team dinner", "2026-12-03T19:00:00+09:00", minutes: 120),
        // Friday the 4th: nothing.
        timed("Karaoke", "2026-12-05T20:00:00+09:00", minutes: 120),
        allDay("Quarter close", "2026-12-07T00:00:00+09:00"),
        timed("Board meeting", "2026-12-07T10:00:00+09:00"),
    ]
    static let tokyoThursday = Place(zone: "Asia/Tokyo", now: "2026-12-03T07:30:00+09:00", events: tokyo)

    // Berlin. Summer time starts Sunday 2026-03-29 (02:00 CET becomes 03:00 CEST): a 23-hour day. ISO week 13.
    static let berlin: [SpokenEvent] = [
        timed("Standup", "2026-03-27T09:30:00+01:00", minutes: 15),
        timed("Sprint demo", "2026-03-27T14:00:00+01:00"),
        timed("Farmers market", "2026-03-28T10:00:00+01:00"),
        timed("Early run", "2026-03-29T07:00:00+02:00"),
        timed("Brunch", "2026-03-29T11:00:00+02:00", minutes: 120),
        timed("Late call", "2026-03-29T23:30:00+02:00", minutes: 30),
        timed("Kickoff", "2026-03-30T09:00:00+02:00"),
    ]
    static let berlinFriday = Place(zone: "Europe/Berlin", now: "2026-03-27T09:00:00+01:00", events: berlin)
    static let berlinSaturday = Place(zone: "Europe/Berlin", now: "2026-03-28T18:00:00+01:00", events: berlin)
    static let berlinSundayMidnight = Place(zone: "Europe/Berlin", now: "2026-03-29T00:00:00+01:00", events: berlin)

    // New York. Daylight time ends Sunday 2026-11-01 (02:00 EDT becomes 01:00 EST): a 25-hour day. ISO week 44.
    static let newYork: [SpokenEvent] = [
        timed("Halloween party", "2026-10-31T19:00:00-04:00", minutes: 180),
        wholeDay("Marathon", from: "2026-11-01T00:00:00-04:00", to: "2026-11-02T00:00:00-05:00"),
        timed("Shift handover", "2026-11-01T01:30:00-04:00", minutes: 30),  // the first 1:30
        timed("Brunch", "2026-11-01T11:00:00-05:00", minutes: 90),
        timed("Late call", "2026-11-01T23:30:00-05:00", minutes: 30),
        timed("Standup", "2026-11-02T09:00:00-05:00", minutes: 15),
        allDay("Election day", "2026-11-03T00:00:00-05:00"),
    ]
    static let nySaturday = Place(zone: "America/New_York", now: "2026-10-31T12:00:00-04:00", events: newYork)
    static let nySundayMidnight = Place(zone: "America/New_York", now: "2026-11-01T00:00:00-04:00", events: newYork)

    // Sydney. Daylight time starts Sunday 2026-10-04 (02:00 AEST becomes 03:00 AEDT): a 23-hour day. ISO week 40.
    static let sydney: [SpokenEvent] = [
        timed("Beach volleyball", "2026-10-03T16:00:00+10:00", minutes: 90),
        timed("Sunrise swim", "2026-10-04T06:30:00+11:00"),
        timed("Family lunch", "2026-10-04T12:00:00+11:00", minutes: 120, location: "Manly"),
        allDay("Labour Day", "2026-10-05T00:00:00+11:00"),
        timed("Gym", "2026-10-05T18:00:00+11:00"),
        timed("Therapy", "2026-10-07T17:00:00+11:00", location: "Surry Hills", isPrivate: true),
    ]
    static let sydneySaturday = Place(zone: "Australia/Sydney", now: "2026-10-03T15:00:00+10:00", events: sydney)
    static let sydneySundayMidnight = Place(zone: "Australia/Sydney", now: "2026-10-04T00:00:00+10:00", events: sydney)

    // Auckland. Daylight time ends Sunday 2026-04-05 (03:00 NZDT becomes 02:00 NZST): a 25-hour day. ISO week 14.
    static let auckland: [SpokenEvent] = [
        timed("Dinner at Mum's", "2026-04-04T18:00:00+13:00", minutes: 150),  // under way at 20:00
        wholeDay("Easter Sunday", from: "2026-04-05T00:00:00+13:00", to: "2026-04-06T00:00:00+12:00"),
        timed("Egg hunt", "2026-04-05T10:00:00+12:00"),
        allDay("Easter Monday", "2026-04-06T00:00:00+12:00"),
        timed("Quarterly review", "2026-04-09T14:00:00+12:00"),
    ]
    static let aucklandSaturday = Place(zone: "Pacific/Auckland", now: "2026-04-04T20:00:00+13:00", events: auckland)
    /// Two weeks later: nothing in the next 7 days.
    static let aucklandMonday = Place(zone: "Pacific/Auckland", now: "2026-04-20T09:00:00+12:00", events: auckland)

    // MARK: - Rows

    enum Expected: Sendable {
        /// GetEventsIntent: the window `[start, end)` (its length in hours where a DST day makes it 23 or 25) and the speech.
        case read(start: String, end: String, hours: Int? = nil, speech: String)
        /// NextEventIntent: the 7-day look-ahead `[now, end)` and the speech.
        case next(end: String, speech: String)
        /// AddEventIntent: the exact intent, the event's start and the confirmation (said for the duration given,
        /// else for ``defaultAddMinutes``).
        case add(VoiceIntent, start: String, confirm: String)
        /// MoveEventIntent or CancelEventIntent: the exact intent (what finds the event, and where it goes).
        case find(VoiceIntent)
        /// A whole-utterance intent (help, stop, cancel) or the fallback.
        case only(IntentName)
    }

    struct Row: Sendable, CustomTestStringConvertible {
        let text: String
        let place: Place
        let expected: Expected

        init(_ text: String, _ place: Place, _ expected: Expected) {
            self.text = text
            self.place = place
            self.expected = expected
        }

        var testDescription: String { "\"\(text)\" in \(place.zone) at \(place.now)" }
    }

    /// The length the confirmation of an add says when the utterance gave none: the table's assumption of the
    /// dialog's default (the Voice module leaves the default to its caller).
    static let defaultAddMinutes = 60

    static let rows: [Row] = [
        // MARK: Los Angeles, Wednesday 14:30
        Row("what's on my calendar today", laWednesday, .read(start: "2026-12-02T14:30:00-08:00", end: "2026-12-03T00:00:00-08:00",
            speech: "For the rest of today you have 4 events. At 2 PM, Interview. At 3 PM, Call with Legal. At 4 PM, Design review, and 1 more.")),
        Row("what's on my calendar tonight", laWednesday, .read(start: "2026-12-02T17:00:00-08:00", end: "2026-12-03T00:00:00-08:00",
            speech: "Tonight you have 1 event. At 7 PM, Dinner.")),
        Row("what do I have this afternoon", laWednesday, .read(start: "2026-12-02T14:30:00-08:00", end: "2026-12-02T17:00:00-08:00",
            speech: "This afternoon you have 3 events. At 2 PM, Interview. At 3 PM, Call with Legal. At 4 PM, Design review.")),
        Row("what's on my calendar this evening", laWednesday, .read(start: "2026-12-02T17:00:00-08:00", end: "2026-12-02T21:00:00-08:00",
            speech: "This evening you have 1 event. At 7 PM, Dinner.")),
        // The morning is over at 14:30: nothing of it is left (breakfast was at 8).
        Row("what's on my calendar this morning", laWednesday, .read(start: "2026-12-02T12:00:00-08:00", end: "2026-12-02T12:00:00-08:00",
            speech: "You have no events scheduled for this morning.")),
        // Tomorrow: five events, the all-day one first, three read; the 19:00 dinner (03:00Z on the 3rd) is not tomorrow's.
        Row("What's on my calendar tomorrow?", laWednesday, .read(start: "2026-12-03T00:00:00-08:00", end: "2026-12-04T00:00:00-08:00",
            speech: "Tomorrow you have 5 events. All day, Company offsite. At 9 AM, Standup. At 10:15 AM, Budget review, and 2 more.")),
        Row("what's on my calendar on December 3rd", laWednesday, .read(start: "2026-12-03T00:00:00-08:00", end: "2026-12-04T00:00:00-08:00",
            speech: "Tomorrow you have 5 events. All day, Company offsite. At 9 AM, Standup. At 10:15 AM, Budget review, and 2 more.")),
        Row("what's on my calendar on the 3rd", laWednesday, .read(start: "2026-12-03T00:00:00-08:00", end: "2026-12-04T00:00:00-08:00",
            speech: "Tomorrow you have 5 events. All day, Company offsite. At 9 AM, Standup. At 10:15 AM, Budget review, and 2 more.")),
        Row("what do I have tomorrow afternoon", laWednesday, .read(start: "2026-12-03T12:00:00-08:00", end: "2026-12-03T17:00:00-08:00",
            speech: "Tomorrow afternoon you have 2 events. At noon, Lunch with Sam, at Cafe Rio. At 4 PM, a private appointment.")),
        Row("am I free tomorrow at 4 PM", laWednesday, .read(start: "2026-12-03T16:00:00-08:00", end: "2026-12-03T17:00:00-08:00",
            speech: "At 4 PM tomorrow you have 1 event. At 4 PM, a private appointment.")),
        Row("what do I have on Friday", laWednesday, .read(start: "2026-12-04T00:00:00-08:00", end: "2026-12-05T00:00:00-08:00",
            speech: "On Friday you have 2 events. At midnight, Release. At 11 AM, Team retro.")),
        Row("what's on my calendar Friday at midnight", laWednesday, .read(start: "2026-12-04T00:00:00-08:00", end: "2026-12-04T01:00:00-08:00",
            speech: "At midnight on Friday you have 1 event. At midnight, Release.")),
        // A weekday name is the coming one, never today: on a Wednesday, next week's Wednesday (a week away: dated).
        Row("what do I have on Wednesday", laWednesday, .read(start: "2026-12-09T00:00:00-08:00", end: "2026-12-10T00:00:00-08:00",
            speech: "On Wednesday, December 9th, you have 1 event. At 8:30 AM, Dentist.")),
        Row("what's on my calendar next Monday", laWednesday, .read(start: "2026-12-07T00:00:00-08:00", end: "2026-12-08T00:00:00-08:00",
            speech: "On Monday you have 1 event. At 9 AM, Planning.")),
        Row("what's on my calendar on Tuesday", laWednesday, .read(start: "2026-12-08T00:00:00-08:00", end: "2026-12-09T00:00:00-08:00",
            speech: "You have no events scheduled on Tuesday.")),
        Row("what's on my calendar this week", laWednesday, .read(start: "2026-12-02T14:30:00-08:00", end: "2026-12-07T00:00:00-08:00",
            speech: "This week you have 13 events. Today at 2 PM, Interview. Today at 3 PM, Call with Legal. Today at 4 PM, Design review, and 10 more.")),
        Row("what's on my calendar next week", laWednesday, .read(start: "2026-12-07T00:00:00-08:00", end: "2026-12-14T00:00:00-08:00",
            speech: "Next week you have 2 events. On Monday at 9 AM, Planning. On Wednesday, December 9th, at 8:30 AM, Dentist.")),
        // This weekend asked on a weekday: the coming Saturday and Sunday, whole.
        Row("what's on my calendar this weekend", laWednesday, .read(start: "2026-12-05T00:00:00-08:00", end: "2026-12-07T00:00:00-08:00",
            speech: "This weekend you have 2 events. On Saturday at 10 AM, Soccer. On Sunday, all day, Hike.")),
        // "At 3 PM": the hour from 3; the interview ends at 3 and the review starts at 4, so neither is in it.
        Row("what meetings do I have at 3 PM", laWednesday, .read(start: "2026-12-02T15:00:00-08:00", end: "2026-12-02T16:00:00-08:00",
            speech: "At 3 PM today you have 1 event. At 3 PM, Call with Legal.")),
        Row("what do I have at noon", laWednesday, .read(start: "2026-12-02T12:00:00-08:00", end: "2026-12-02T13:00:00-08:00",
            speech: "You have no events scheduled at noon today.")),
        Row("what's my next meeting", laWednesday, .next(end: "2026-12-09T14:30:00-08:00",
            speech: "Your next event is Call with Legal, today at 3 PM.")),

        // MARK: Los Angeles, Wednesday evening and night
        // Only what is left of the day, said as "the rest of today".
        Row("what's on my calendar late in the day today", laEvening, .read(start: "2026-12-02T18:00:00-08:00", end: "2026-12-03T00:00:00-08:00",
            speech: "For the rest of today you have 1 event. At 7 PM, Dinner.")),
        Row("tell me what's left on my calendar today", laEvening, .read(start: "2026-12-02T18:00:00-08:00", end: "2026-12-03T00:00:00-08:00",
            speech: "For the rest of today you have 1 event. At 7 PM, Dinner.")),
        // The 19:00 dinner is 03:00Z on Thursday, and today's in Los Angeles.
        Row("when is my next meeting", laEvening, .next(end: "2026-12-09T18:00:00-08:00",
            speech: "Your next event is Dinner, today at 7 PM.")),
        Row("what's next", laNight, .next(end: "2026-12-09T21:00:00-08:00",
            speech: "Your next event is Company offsite, tomorrow, all day.")),

        // MARK: Los Angeles, Saturday 10:30
        // This weekend asked on a weekend: what is left of it.
        Row("what's on my calendar this weekend", laSaturday, .read(start: "2026-12-05T10:30:00-08:00", end: "2026-12-07T00:00:00-08:00",
            speech: "This weekend you have 2 events. Today at 10 AM, Soccer. Tomorrow, all day, Hike.")),
        Row("what do I have on Saturday", laSaturday, .read(start: "2026-12-12T00:00:00-08:00", end: "2026-12-13T00:00:00-08:00",
            speech: "You have no events scheduled on Saturday, December 12th.")),
        Row("what do I have on Sunday", laSaturday, .read(start: "2026-12-06T00:00:00-08:00", end: "2026-12-07T00:00:00-08:00",
            speech: "Tomorrow you have 1 event. All day, Hike.")),
        Row("what's on my calendar next week", laSaturday, .read(start: "2026-12-07T00:00:00-08:00", end: "2026-12-14T00:00:00-08:00",
            speech: "Next week you have 2 events. On Monday at 9 AM, Planning. On Wednesday at 8:30 AM, Dentist.")),

        // MARK: Los Angeles: adding, moving, cancelling
        Row("add lunch with Sam to my calendar on Friday at noon for an hour", laWednesday, .add(
            VoiceIntent(.addEvent, date: on(2026, 12, 4), time: at(12), title: "Lunch with Sam", durationSeconds: 3600),
            start: "2026-12-04T12:00:00-08:00", confirm: "Lunch with Sam, Friday at noon, for an hour. Should I add it?")),
        Row("schedule a meeting today at 3 PM", laWednesday, .add(
            VoiceIntent(.addEvent, date: on(2026, 12, 2), time: at(15), title: "Meeting"),
            start: "2026-12-02T15:00:00-08:00", confirm: "Meeting, today at 3 PM, for an hour. Should I add it?")),
        Row("schedule a one hour meeting tomorrow at 10", laWednesday, .add(
            VoiceIntent(.addEvent, date: on(2026, 12, 3), time: at(10), title: "Meeting", durationSeconds: 3600),
            start: "2026-12-03T10:00:00-08:00", confirm: "Meeting, tomorrow at 10 AM, for an hour. Should I add it?")),
        Row("add dentist on December 3rd at 8:30 am for 30 minutes", laWednesday, .add(
            VoiceIntent(.addEvent, date: on(2026, 12, 3), time: at(8, 30), title: "Dentist", durationSeconds: 1800),
            start: "2026-12-03T08:30:00-08:00", confirm: "Dentist, tomorrow at 8:30 AM, for 30 minutes. Should I add it?")),
        Row("cancel my meeting at 2 PM today", laWednesday, .find(VoiceIntent(.cancelEvent, date: on(2026, 12, 2), time: at(14)))),
        Row("cancel lunch with Sam tomorrow", laWednesday, .find(VoiceIntent(.cancelEvent, date: on(2026, 12, 3), title: "Lunch with Sam"))),
        Row("move my meeting at 2 PM today to 4 PM", laWednesday, .find(VoiceIntent(.moveEvent, date: on(2026, 12, 2), time: at(14), newTime: at(16)))),
        Row("move standup tomorrow to Friday at 10", laWednesday,
            .find(VoiceIntent(.moveEvent, date: on(2026, 12, 3), title: "Standup", newDate: on(2026, 12, 4), newTime: at(10)))),
        Row("reschedule the design review to 5 PM", laWednesday, .find(VoiceIntent(.moveEvent, title: "Design review", newTime: at(17)))),
        Row("help", laWednesday, .only(.help)),
        Row("stop", laWednesday, .only(.stop)),

        // MARK: Tokyo, Thursday 07:30
        Row("what's on my calendar this morning", tokyoThursday, .read(start: "2026-12-03T07:30:00+09:00", end: "2026-12-03T12:00:00+09:00",
            speech: "This morning you have 2 events. At 9 AM, Morning sync. At 11 AM, Client visit, at Shibuya office.")),
        Row("what's on my calendar today", tokyoThursday, .read(start: "2026-12-03T07:30:00+09:00", end: "2026-12-04T00:00:00+09:00",
            speech: "For the rest of today you have 4 events. At 9 AM, Morning sync. At 11 AM, Client visit, at Shibuya office. At noon, Lunch, and 1 more.")),
        // The 3rd is today in Tokyo: the rest of it, not next month's.
        Row("what is on my calendar on the 3rd", tokyoThursday, .read(start: "2026-12-03T07:30:00+09:00", end: "2026-12-04T00:00:00+09:00",
            speech: "For the rest of today you have 4 events. At 9 AM, Morning sync. At 11 AM, Client visit, at Shibuya office. At noon, Lunch, and 1 more.")),
        Row("what do I have tonight", tokyoThursday, .read(start: "2026-12-03T17:00:00+09:00", end: "2026-12-04T00:00:00+09:00",
            speech: "Tonight you have 1 event. At 7 PM, Team dinner.")),
        Row("do I have anything at noon", tokyoThursday, .read(start: "2026-12-03T12:00:00+09:00", end: "2026-12-03T13:00:00+09:00",
            speech: "At noon today you have 1 event. At noon, Lunch.")),
        Row("what do I have tomorrow", tokyoThursday, .read(start: "2026-12-04T00:00:00+09:00", end: "2026-12-05T00:00:00+09:00",
            speech: "You have no events scheduled for tomorrow.")),
        Row("what's on my calendar this weekend", tokyoThursday, .read(start: "2026-12-05T00:00:00+09:00", end: "2026-12-07T00:00:00+09:00",
            speech: "This weekend you have 1 event. On Saturday at 8 PM, Karaoke.")),
        Row("what's on my calendar next Monday", tokyoThursday, .read(start: "2026-12-07T00:00:00+09:00", end: "2026-12-08T00:00:00+09:00",
            speech: "On Monday you have 2 events. All day, Quarter close. At 10 AM, Board meeting.")),
        Row("what's on my calendar this week", tokyoThursday, .read(start: "2026-12-03T07:30:00+09:00", end: "2026-12-07T00:00:00+09:00",
            speech: "This week you have 5 events. Today at 9 AM, Morning sync. Today at 11 AM, Client visit, at Shibuya office. Today at noon, Lunch, and 2 more.")),
        Row("what's my next meeting", tokyoThursday, .next(end: "2026-12-10T07:30:00+09:00",
            speech: "Your next event is Morning sync, today at 9 AM.")),
        Row("add dentist tomorrow at 3 PM", tokyoThursday, .add(
            VoiceIntent(.addEvent, date: on(2026, 12, 4), time: at(15), title: "Dentist"),
            start: "2026-12-04T15:00:00+09:00", confirm: "Dentist, tomorrow at 3 PM, for an hour. Should I add it?")),
        Row("book a call with Kenji on Monday at 9:30 for 30 minutes", tokyoThursday, .add(
            VoiceIntent(.addEvent, date: on(2026, 12, 7), time: at(9, 30), title: "Call with Kenji", durationSeconds: 1800),
            start: "2026-12-07T09:30:00+09:00", confirm: "Call with Kenji, Monday at 9:30 AM, for 30 minutes. Should I add it?")),
        Row("push my 11 AM client visit to 1 PM", tokyoThursday, .find(VoiceIntent(.moveEvent, time: at(11), title: "Client visit", newTime: at(13)))),
        Row("what can I say", tokyoThursday, .only(.help)),

        // MARK: Berlin, the week of the spring change (Sunday 2026-03-29 has 23 hours)
        Row("what's on my calendar on Sunday", berlinFriday, .read(start: "2026-03-29T00:00:00+01:00", end: "2026-03-30T00:00:00+02:00", hours: 23,
            speech: "On Sunday you have 3 events. At 7 AM, Early run. At 11 AM, Brunch. At 11:30 PM, Late call.")),
        Row("what's on my calendar this weekend", berlinFriday, .read(start: "2026-03-28T00:00:00+01:00", end: "2026-03-30T00:00:00+02:00", hours: 47,
            speech: "This weekend you have 4 events. Tomorrow at 10 AM, Farmers market. On Sunday at 7 AM, Early run. On Sunday at 11 AM, Brunch, and 1 more.")),
        Row("what's on my calendar this afternoon", berlinFriday, .read(start: "2026-03-27T12:00:00+01:00", end: "2026-03-27T17:00:00+01:00",
            speech: "This afternoon you have 1 event. At 2 PM, Sprint demo.")),
        Row("what's on my calendar this week", berlinFriday, .read(start: "2026-03-27T09:00:00+01:00", end: "2026-03-30T00:00:00+02:00",
            speech: "This week you have 6 events. Today at 9:30 AM, Standup. Today at 2 PM, Sprint demo. Tomorrow at 10 AM, Farmers market, and 3 more.")),
        Row("what do I have next week", berlinFriday, .read(start: "2026-03-30T00:00:00+02:00", end: "2026-04-06T00:00:00+02:00",
            speech: "Next week you have 1 event. On Monday at 9 AM, Kickoff.")),
        Row("what's on my calendar tomorrow", berlinSaturday, .read(start: "2026-03-29T00:00:00+01:00", end: "2026-03-30T00:00:00+02:00", hours: 23,
            speech: "Tomorrow you have 3 events. At 7 AM, Early run. At 11 AM, Brunch. At 11:30 PM, Late call.")),
        Row("what's on my calendar on the 29th", berlinSaturday, .read(start: "2026-03-29T00:00:00+01:00", end: "2026-03-30T00:00:00+02:00", hours: 23,
            speech: "Tomorrow you have 3 events. At 7 AM, Early run. At 11 AM, Brunch. At 11:30 PM, Late call.")),
        Row("what do I have tomorrow morning", berlinSaturday, .read(start: "2026-03-29T05:00:00+02:00", end: "2026-03-29T12:00:00+02:00",
            speech: "Tomorrow morning you have 2 events. At 7 AM, Early run. At 11 AM, Brunch.")),
        // This weekend asked on a Saturday evening: the market is over; Sunday is left.
        Row("what's on my calendar this weekend", berlinSaturday, .read(start: "2026-03-28T18:00:00+01:00", end: "2026-03-30T00:00:00+02:00",
            speech: "This weekend you have 3 events. Tomorrow at 7 AM, Early run. Tomorrow at 11 AM, Brunch. Tomorrow at 11:30 PM, Late call.")),
        // Seven calendar days ahead across the change: the same wall-clock time, 167 hours.
        Row("what's my next meeting", berlinSaturday, .next(end: "2026-04-04T18:00:00+02:00",
            speech: "Your next event is Early run, tomorrow at 7 AM.")),
        // At exactly midnight the whole of today, all 23 hours of it.
        Row("what's on my calendar today", berlinSundayMidnight, .read(start: "2026-03-29T00:00:00+01:00", end: "2026-03-30T00:00:00+02:00", hours: 23,
            speech: "Today you have 3 events. At 7 AM, Early run. At 11 AM, Brunch. At 11:30 PM, Late call.")),
        Row("add brunch with Mia on Sunday at 11 for 2 hours", berlinFriday, .add(
            VoiceIntent(.addEvent, date: on(2026, 3, 29), time: at(11), title: "Brunch with Mia", durationSeconds: 7200),
            start: "2026-03-29T11:00:00+02:00", confirm: "Brunch with Mia, Sunday at 11 AM, for 2 hours. Should I add it?")),
        Row("move the kickoff on Monday to Tuesday at 9", berlinFriday,
            .find(VoiceIntent(.moveEvent, date: on(2026, 3, 30), title: "Kickoff", newDate: on(2026, 3, 31), newTime: at(9)))),
        Row("stop", berlinSaturday, .only(.stop)),

        // MARK: New York, the weekend of the autumn change (Sunday 2026-11-01 has 25 hours)
        Row("what's on my calendar tomorrow", nySaturday, .read(start: "2026-11-01T00:00:00-04:00", end: "2026-11-02T00:00:00-05:00", hours: 25,
            speech: "Tomorrow you have 4 events. All day, Marathon. At 1:30 AM, Shift handover. At 11 AM, Brunch, and 1 more.")),
        Row("what's on my calendar on November 1st", nySaturday, .read(start: "2026-11-01T00:00:00-04:00", end: "2026-11-02T00:00:00-05:00", hours: 25,
            speech: "Tomorrow you have 4 events. All day, Marathon. At 1:30 AM, Shift handover. At 11 AM, Brunch, and 1 more.")),
        Row("what's on my calendar today", nySundayMidnight, .read(start: "2026-11-01T00:00:00-04:00", end: "2026-11-02T00:00:00-05:00", hours: 25,
            speech: "Today you have 4 events. All day, Marathon. At 1:30 AM, Shift handover. At 11 AM, Brunch, and 1 more.")),
        // A part of a day asks about meetings: the all-day Marathon is left out (SpeechRenderer.shows).
        Row("what do I have on Sunday morning", nySaturday, .read(start: "2026-11-01T05:00:00-05:00", end: "2026-11-01T12:00:00-05:00",
            speech: "Tomorrow morning you have 1 event. At 11 AM, Brunch.")),
        Row("what's on my calendar this weekend", nySaturday, .read(start: "2026-10-31T12:00:00-04:00", end: "2026-11-02T00:00:00-05:00",
            speech: "This weekend you have 5 events. Today at 7 PM, Halloween party. Tomorrow, all day, Marathon. Tomorrow at 1:30 AM, Shift handover, and 2 more.")),
        Row("what do I have tonight", nySaturday, .read(start: "2026-10-31T17:00:00-04:00", end: "2026-11-01T00:00:00-04:00",
            speech: "Tonight you have 1 event. At 7 PM, Halloween party.")),
        Row("what do I have on Monday", nySaturday, .read(start: "2026-11-02T00:00:00-05:00", end: "2026-11-03T00:00:00-05:00",
            speech: "On Monday you have 1 event. At 9 AM, Standup.")),
        Row("what's on my calendar next week", nySaturday, .read(start: "2026-11-02T00:00:00-05:00", end: "2026-11-09T00:00:00-05:00",
            speech: "Next week you have 2 events. On Monday at 9 AM, Standup. On Tuesday, all day, Election day.")),
        Row("what's my next meeting", nySaturday, .next(end: "2026-11-07T12:00:00-05:00",
            speech: "Your next event is Halloween party, today at 7 PM.")),
        Row("schedule a call with Priya on Monday at 9:30 am for 45 minutes", nySaturday, .add(
            VoiceIntent(.addEvent, date: on(2026, 11, 2), time: at(9, 30), title: "Call with Priya", durationSeconds: 2700),
            start: "2026-11-02T09:30:00-05:00", confirm: "Call with Priya, Monday at 9:30 AM, for 45 minutes. Should I add it?")),
        Row("cancel brunch on Sunday", nySaturday, .find(VoiceIntent(.cancelEvent, date: on(2026, 11, 1), title: "Brunch"))),
        Row("cancel", nySaturday, .only(.cancel)),

        // MARK: Sydney, the weekend of the spring change (Sunday 2026-10-04 has 23 hours)
        Row("what do I have tomorrow", sydneySaturday, .read(start: "2026-10-04T00:00:00+10:00", end: "2026-10-05T00:00:00+11:00", hours: 23,
            speech: "Tomorrow you have 2 events. At 6:30 AM, Sunrise swim. At noon, Family lunch, at Manly.")),
        Row("Alexa, ask work calendar what's on my calendar tomorrow", sydneySaturday, .read(start: "2026-10-04T00:00:00+10:00", end: "2026-10-05T00:00:00+11:00", hours: 23,
            speech: "Tomorrow you have 2 events. At 6:30 AM, Sunrise swim. At noon, Family lunch, at Manly.")),
        Row("what's on my calendar today", sydneySundayMidnight, .read(start: "2026-10-04T00:00:00+10:00", end: "2026-10-05T00:00:00+11:00", hours: 23,
            speech: "Today you have 2 events. At 6:30 AM, Sunrise swim. At noon, Family lunch, at Manly.")),
        Row("what's on my calendar this weekend", sydneySaturday, .read(start: "2026-10-03T15:00:00+10:00", end: "2026-10-05T00:00:00+11:00",
            speech: "This weekend you have 3 events. Today at 4 PM, Beach volleyball. Tomorrow at 6:30 AM, Sunrise swim. Tomorrow at noon, Family lunch, at Manly.")),
        Row("what's on my calendar on Monday", sydneySaturday, .read(start: "2026-10-05T00:00:00+11:00", end: "2026-10-06T00:00:00+11:00",
            speech: "On Monday you have 2 events. All day, Labour Day. At 6 PM, Gym.")),
        Row("what's on my calendar next week", sydneySaturday, .read(start: "2026-10-05T00:00:00+11:00", end: "2026-10-12T00:00:00+11:00",
            speech: "Next week you have 3 events. On Monday, all day, Labour Day. On Monday at 6 PM, Gym. On Wednesday at 5 PM, a private appointment.")),
        Row("what do I have on Wednesday evening", sydneySaturday, .read(start: "2026-10-07T17:00:00+11:00", end: "2026-10-07T21:00:00+11:00",
            speech: "Wednesday evening you have 1 event. At 5 PM, a private appointment.")),
        Row("what's my next meeting", sydneySaturday, .next(end: "2026-10-10T15:00:00+11:00",
            speech: "Your next event is Beach volleyball, today at 4 PM.")),
        Row("schedule a one hour meeting tomorrow at 10", sydneySaturday, .add(
            VoiceIntent(.addEvent, date: on(2026, 10, 4), time: at(10), title: "Meeting", durationSeconds: 3600),
            start: "2026-10-04T10:00:00+11:00", confirm: "Meeting, tomorrow at 10 AM, for an hour. Should I add it?")),
        Row("delete the gym session on Monday", sydneySaturday, .find(VoiceIntent(.cancelEvent, date: on(2026, 10, 5), title: "Gym session"))),
        Row("never mind", sydneySaturday, .only(.cancel)),

        // MARK: Auckland, Easter weekend and the autumn change (Sunday 2026-04-05 has 25 hours)
        Row("what do I have tomorrow", aucklandSaturday, .read(start: "2026-04-05T00:00:00+13:00", end: "2026-04-06T00:00:00+12:00", hours: 25,
            speech: "Tomorrow you have 2 events. All day, Easter Sunday. At 10 AM, Egg hunt.")),
        Row("what's on my calendar tonight", aucklandSaturday, .read(start: "2026-04-04T20:00:00+13:00", end: "2026-04-05T00:00:00+13:00",
            speech: "Tonight you have 1 event. At 6 PM, Dinner at Mum's.")),
        Row("what's on my calendar this weekend", aucklandSaturday, .read(start: "2026-04-04T20:00:00+13:00", end: "2026-04-06T00:00:00+12:00",
            speech: "This weekend you have 3 events. Today at 6 PM, Dinner at Mum's. Tomorrow, all day, Easter Sunday. Tomorrow at 10 AM, Egg hunt.")),
        Row("what's on my calendar on Monday", aucklandSaturday, .read(start: "2026-04-06T00:00:00+12:00", end: "2026-04-07T00:00:00+12:00",
            speech: "On Monday you have 1 event. All day, Easter Monday.")),
        Row("what do I have next Thursday", aucklandSaturday, .read(start: "2026-04-09T00:00:00+12:00", end: "2026-04-10T00:00:00+12:00",
            speech: "On Thursday you have 1 event. At 2 PM, Quarterly review.")),
        Row("what's on my calendar on December 3rd", aucklandSaturday, .read(start: "2026-12-03T00:00:00+13:00", end: "2026-12-04T00:00:00+13:00",
            speech: "You have no events scheduled on Thursday, December 3rd.")),
        Row("what's my next meeting", aucklandSaturday, .next(end: "2026-04-11T20:00:00+12:00",
            speech: "Your next event is Easter Sunday, tomorrow, all day.")),
        Row("when is my next meeting", aucklandMonday, .next(end: "2026-04-27T09:00:00+12:00",
            speech: "You have nothing scheduled in the next 7 days.")),
        Row("what's on my calendar this week", aucklandMonday, .read(start: "2026-04-20T09:00:00+12:00", end: "2026-04-27T00:00:00+12:00",
            speech: "You have no events scheduled for this week.")),
        Row("add yoga on Thursday at 7 am for 45 minutes", aucklandSaturday, .add(
            VoiceIntent(.addEvent, date: on(2026, 4, 9), time: at(7), title: "Yoga", durationSeconds: 2700),
            start: "2026-04-09T07:00:00+12:00", confirm: "Yoga, Thursday at 7 AM, for 45 minutes. Should I add it?")),
        Row("cancel the egg hunt tomorrow", aucklandSaturday, .find(VoiceIntent(.cancelEvent, date: on(2026, 4, 5), title: "Egg hunt"))),

        // MARK: Nonsense
        Row("purple monkey dishwasher", aucklandSaturday, .only(.fallback)),
        Row("what's the weather in Paris", laWednesday, .only(.fallback)),
        Row("sing me a song", tokyoThursday, .only(.fallback)),
    ]

    @Test func theTableIsLargeEnough() {
        #expect(Self.rows.count >= 70)
    }

    @Test(arguments: rows) func utterance(_ row: Row) throws {
        let timeZone = zone(row.place.zone)
        let now = instant(row.place.now)
        let today = CalendarDay(now, in: timeZone)
        let intent = UtteranceParser.parse(row.text, today: today)
        let renderer = SpeechRenderer()
        switch row.expected {
        case .read(let start, let end, let hours, let speech):
            #expect(intent.name == .getEvents, "\(intent)")
            let window = WindowResolver.window(date: intent.date, time: intent.time, now: now, timeZone: timeZone)
            #expect(window.start == instant(start), "start \(window.start)")
            #expect(window.end == instant(end), "end \(window.end)")
            if let hours {
                #expect(window.end.timeIntervalSince(window.start) == Double(hours) * 3600)
            }
            let spoken = renderer.render(row.place.events, in: window, now: now)
            #expect(spoken.plain == speech)
            #expect(spoken.ssml == Speech.speak(speech))
        case .next(let end, let speech):
            #expect(intent.name == .nextEvent, "\(intent)")
            let window = WindowResolver.nextEventWindow(now: now, timeZone: timeZone)
            #expect(window.start == now)
            #expect(window.end == instant(end), "end \(window.end)")
            let spoken = renderer.renderNextEvent(row.place.events, in: window, now: now)
            #expect(spoken.plain == speech)
        case .add(let expected, let start, let confirm):
            #expect(intent == expected)
            let begin = try #require(WindowResolver.eventStart(date: intent.date, time: intent.time, now: now, timeZone: timeZone))
            #expect(begin == instant(start), "start \(begin)")
            let seconds = intent.durationSeconds ?? Self.defaultAddMinutes * 60
            let event = SpokenEvent(subject: intent.title ?? "", start: begin, end: begin.addingTimeInterval(Double(seconds)))
            #expect(renderer.confirmAdd(event: event, now: now, timeZone: timeZone).plain == confirm)
        case .find(let expected):
            #expect(intent == expected)
        case .only(let name):
            #expect(intent == VoiceIntent(name))
        }
    }
}
