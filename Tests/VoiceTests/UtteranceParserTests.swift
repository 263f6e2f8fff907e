// UtteranceParserTests: free text (en-US) to the exact VoiceIntent, with a fixed "today", and answers to follow-up questions.
import Testing
import Voice

/// A calendar day in a test table (the tables only name real days).
func day(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> CalendarDay {
    CalendarDay(year: year, month: month, day: dayOfMonth)!
}

func on(_ year: Int, _ month: Int, _ dayOfMonth: Int) -> DateSpec {
    .day(day(year, month, dayOfMonth))
}

func at(_ hour: Int, _ minute: Int = 0) -> TimeSpec {
    .clock(hour: hour, minute: minute)
}

struct UtteranceCase: Sendable, CustomTestStringConvertible {
    let text: String
    let today: CalendarDay
    let expected: VoiceIntent

    init(_ text: String, on today: CalendarDay = UtteranceCase.wednesday, _ expected: VoiceIntent) {
        self.text = text
        self.today = today
        self.expected = expected
    }

    var testDescription: String { "\"\(text)\" on \(today)" }

    /// 2026-12-02, a Wednesday in ISO week 49 of 2026.
    static let wednesday = day(2026, 12, 2)
    static let saturday = day(2026, 12, 5)
    static let sunday = day(2026, 12, 6)
    /// 2026-12-31, a Thursday in ISO week 53 of 2026.
    static let newYearsEve = day(2026, 12, 31)
}

@Suite struct UtteranceParserTests {
    static let reads: [UtteranceCase] = [
        UtteranceCase("what's on my calendar", VoiceIntent(.getEvents)),
        UtteranceCase("what's on my calendar today", VoiceIntent(.getEvents, date: on(2026, 12, 2))),
        UtteranceCase("What's on my calendar tomorrow?", VoiceIntent(.getEvents, date: on(2026, 12, 3))),
        UtteranceCase("what's on my calendar tonight", VoiceIntent(.getEvents, date: on(2026, 12, 2), time: .period(.tonight))),
        UtteranceCase("what's on my calendar this morning", VoiceIntent(.getEvents, date: on(2026, 12, 2), time: .period(.morning))),
        UtteranceCase("what is on my calendar this afternoon", VoiceIntent(.getEvents, date: on(2026, 12, 2), time: .period(.afternoon))),
        UtteranceCase("whats on my calendar this evening", VoiceIntent(.getEvents, date: on(2026, 12, 2), time: .period(.evening))),
        UtteranceCase("what's on my calendar on Friday", VoiceIntent(.getEvents, date: on(2026, 12, 4))),
        UtteranceCase("what's on my calendar next Monday", VoiceIntent(.getEvents, date: on(2026, 12, 7))),
        UtteranceCase("what's on my calendar on December 3rd", VoiceIntent(.getEvents, date: on(2026, 12, 3))),
        UtteranceCase("what's on my calendar on the 3rd", VoiceIntent(.getEvents, date: on(2026, 12, 3))),
        UtteranceCase("what's on my calendar this week", VoiceIntent(.getEvents, date: .week(year: 2026, week: 49))),
        UtteranceCase("what's on my calendar next week", VoiceIntent(.getEvents, date: .week(year: 2026, week: 50))),
        UtteranceCase("what's on my calendar this weekend", VoiceIntent(.getEvents, date: .weekend(year: 2026, week: 49))),
        UtteranceCase("what do I have tomorrow", VoiceIntent(.getEvents, date: on(2026, 12, 3))),
        UtteranceCase("do I have anything on Saturday", VoiceIntent(.getEvents, date: on(2026, 12, 5))),
        UtteranceCase("what's on my schedule for next week", VoiceIntent(.getEvents, date: .week(year: 2026, week: 50))),
        UtteranceCase("what meetings do I have at 3 PM", VoiceIntent(.getEvents, time: at(15))),
        // A bare weekday is the coming one, never today: on a Wednesday, "Wednesday" is next week's.
        UtteranceCase("what do I have on Wednesday", VoiceIntent(.getEvents, date: on(2026, 12, 9))),
        UtteranceCase("what do I have next Wednesday", VoiceIntent(.getEvents, date: on(2026, 12, 9))),
        UtteranceCase("what do I have this Wednesday", VoiceIntent(.getEvents, date: on(2026, 12, 2))),
        UtteranceCase("what do I have tomorrow morning", VoiceIntent(.getEvents, date: on(2026, 12, 3), time: .period(.morning))),
        UtteranceCase("what's on my calendar Friday evening", VoiceIntent(.getEvents, date: on(2026, 12, 4), time: .period(.evening))),
        UtteranceCase("what do I have tomorrow night", VoiceIntent(.getEvents, date: on(2026, 12, 3), time: .period(.night))),
        UtteranceCase("what do I have this month", VoiceIntent(.getEvents, date: .month(year: 2026, month: 12))),
        UtteranceCase("what do I have next month", VoiceIntent(.getEvents, date: .month(year: 2027, month: 1))),
        UtteranceCase("what's on my calendar in January", VoiceIntent(.getEvents, date: .month(year: 2027, month: 1))),
        UtteranceCase("what's on my calendar December 1st", VoiceIntent(.getEvents, date: on(2027, 12, 1))),
        UtteranceCase("what's on my calendar December 2nd", VoiceIntent(.getEvents, date: on(2026, 12, 2))),
        UtteranceCase("what do I have on Dec 25th", VoiceIntent(.getEvents, date: on(2026, 12, 25))),
        UtteranceCase("what do I have on the 24th of December", VoiceIntent(.getEvents, date: on(2026, 12, 24))),
        UtteranceCase("what's on my calendar on December the 3rd", VoiceIntent(.getEvents, date: on(2026, 12, 3))),
        UtteranceCase("what's on my calendar on the 1st", VoiceIntent(.getEvents, date: on(2027, 1, 1))),
        UtteranceCase("what's on my calendar on the 2nd", VoiceIntent(.getEvents, date: on(2026, 12, 2))),
        UtteranceCase("what is on my calendar on the twenty-first", VoiceIntent(.getEvents, date: on(2026, 12, 21))),
        UtteranceCase("what's on my calendar on March 3rd 2027", VoiceIntent(.getEvents, date: on(2027, 3, 3))),
        UtteranceCase("what's on my calendar right now", VoiceIntent(.getEvents, date: .present)),
        UtteranceCase("what do I have tomorrow at 10", VoiceIntent(.getEvents, date: on(2026, 12, 3), time: at(10))),
        UtteranceCase("what do I have at noon", VoiceIntent(.getEvents, time: at(12))),
        UtteranceCase("what do I have at midnight", VoiceIntent(.getEvents, time: at(0))),
        UtteranceCase("what do I have at 3", VoiceIntent(.getEvents, time: at(15))),
        UtteranceCase("what do I have at 7", VoiceIntent(.getEvents, time: at(7))),
        UtteranceCase("what's on my calendar at 15:00", VoiceIntent(.getEvents, time: at(15))),
        UtteranceCase("what do I have at 10 in the morning", VoiceIntent(.getEvents, time: at(10))),
        UtteranceCase("what do I have at 3:30 pm", VoiceIntent(.getEvents, time: at(15, 30))),
        UtteranceCase("what do I have at 9 p.m.", VoiceIntent(.getEvents, time: at(21))),
        UtteranceCase("what do I have tomorrow evening at 7", VoiceIntent(.getEvents, date: on(2026, 12, 3), time: at(19))),
        UtteranceCase("what's on my calendar the day after tomorrow", VoiceIntent(.getEvents, date: on(2026, 12, 4))),
        UtteranceCase("Alexa, ask work calendar what's on my calendar tomorrow", VoiceIntent(.getEvents, date: on(2026, 12, 3))),
        UtteranceCase("ask work calendar what do I have on Friday please", VoiceIntent(.getEvents, date: on(2026, 12, 4))),
        UtteranceCase("WHAT IS ON MY CALENDAR TOMORROW!!!", VoiceIntent(.getEvents, date: on(2026, 12, 3))),
        UtteranceCase("how does my day look", VoiceIntent(.getEvents)),
        UtteranceCase("am I free tomorrow afternoon", VoiceIntent(.getEvents, date: on(2026, 12, 3), time: .period(.afternoon))),
        UtteranceCase("am I busy at 10 tonight", VoiceIntent(.getEvents, date: on(2026, 12, 2), time: at(22))),
        UtteranceCase("what have I got on Thursday at half past two", VoiceIntent(.getEvents, date: on(2026, 12, 3), time: at(14, 30))),
        UtteranceCase("what's on my calendar in the afternoon", VoiceIntent(.getEvents, time: .period(.afternoon))),
        UtteranceCase("what do I have on Friday, December 4th", VoiceIntent(.getEvents, date: on(2026, 12, 4))),
        UtteranceCase("what's on my calendar on 12/3", VoiceIntent(.getEvents, date: on(2026, 12, 3))),
        UtteranceCase("what's on my calendar on 11/3", VoiceIntent(.getEvents, date: on(2027, 11, 3))),
        UtteranceCase("what does my week look like", VoiceIntent(.getEvents, date: .week(year: 2026, week: 49))),
        UtteranceCase("what's happening this weekend", VoiceIntent(.getEvents, date: .weekend(year: 2026, week: 49))),
        // A date that was meant but is not understood is not answered as today.
        UtteranceCase("what's on my calendar on February 30th", VoiceIntent(.fallback)),
        UtteranceCase("what's on my calendar in two weeks", VoiceIntent(.fallback)),
        UtteranceCase("what's on my calendar this year", VoiceIntent(.fallback)),
    ]

    static let nextEvents: [UtteranceCase] = [
        UtteranceCase("what's my next meeting", VoiceIntent(.nextEvent)),
        UtteranceCase("when is my next meeting", VoiceIntent(.nextEvent)),
        UtteranceCase("when's my next meeting?", VoiceIntent(.nextEvent)),
        UtteranceCase("What’s my next event?", VoiceIntent(.nextEvent)),
        UtteranceCase("what's next on my calendar", VoiceIntent(.nextEvent)),
        UtteranceCase("what's coming up next", VoiceIntent(.nextEvent)),
        UtteranceCase("what do I have next", VoiceIntent(.nextEvent)),
        UtteranceCase("ask work calendar for my next meeting", VoiceIntent(.nextEvent)),
    ]

    static let adds: [UtteranceCase] = [
        UtteranceCase("add lunch with Sam to my calendar on Friday at noon for an hour",
                      VoiceIntent(.addEvent, date: on(2026, 12, 4), time: at(12), title: "Lunch with Sam", durationSeconds: 3600)),
        UtteranceCase("add dentist tomorrow at 3 PM", VoiceIntent(.addEvent, date: on(2026, 12, 3), time: at(15), title: "Dentist")),
        UtteranceCase("schedule a meeting today at 3 PM", VoiceIntent(.addEvent, date: on(2026, 12, 2), time: at(15), title: "Meeting")),
        UtteranceCase("schedule a one hour meeting tomorrow at 10",
                      VoiceIntent(.addEvent, date: on(2026, 12, 3), time: at(10), title: "Meeting", durationSeconds: 3600)),
        UtteranceCase("create an event called standup tomorrow at 9:15 am",
                      VoiceIntent(.addEvent, date: on(2026, 12, 3), time: at(9, 15), title: "Standup")),
        UtteranceCase("add an event", VoiceIntent(.addEvent)),
        UtteranceCase("add an event to my calendar", VoiceIntent(.addEvent)),
        UtteranceCase("schedule a meeting", VoiceIntent(.addEvent, title: "Meeting")),
        UtteranceCase("add coffee with Dana on Monday at 8 for 30 minutes",
                      VoiceIntent(.addEvent, date: on(2026, 12, 7), time: at(8), title: "Coffee with Dana", durationSeconds: 1800)),
        UtteranceCase("add budget review next Tuesday at 2 for an hour and a half",
                      VoiceIntent(.addEvent, date: on(2026, 12, 8), time: at(14), title: "Budget review", durationSeconds: 5400)),
        UtteranceCase("schedule design review for 2 hours on Friday at 1 pm",
                      VoiceIntent(.addEvent, date: on(2026, 12, 4), time: at(13), title: "Design review", durationSeconds: 7200)),
        UtteranceCase("please add gym tonight at 7", VoiceIntent(.addEvent, date: on(2026, 12, 2), time: at(19), title: "Gym")),
        UtteranceCase("can you put dinner with Alex on my calendar for December 12th at 7:30 pm",
                      VoiceIntent(.addEvent, date: on(2026, 12, 12), time: at(19, 30), title: "Dinner with Alex")),
        UtteranceCase("add the team sync to my calendar", VoiceIntent(.addEvent, title: "Team sync")),
        UtteranceCase("add dinner at Cafe Rio tomorrow at 7 pm",
                      VoiceIntent(.addEvent, date: on(2026, 12, 3), time: at(19), title: "Dinner at Cafe Rio")),
        UtteranceCase("set up a 30 minute call with Bob on the 10th at 4",
                      VoiceIntent(.addEvent, date: on(2026, 12, 10), time: at(16), title: "Call with Bob", durationSeconds: 1800)),
        UtteranceCase("add doctor's appointment January 5th at 9 am",
                      VoiceIntent(.addEvent, date: on(2027, 1, 5), time: at(9), title: "Doctor's appointment")),
        UtteranceCase("add one-on-one with Kim on Thursday at 11",
                      VoiceIntent(.addEvent, date: on(2026, 12, 3), time: at(11), title: "One-on-one with Kim")),
        UtteranceCase("add a half hour meeting with Sam tomorrow at 2",
                      VoiceIntent(.addEvent, date: on(2026, 12, 3), time: at(14), title: "Meeting with Sam", durationSeconds: 1800)),
        UtteranceCase("add interview for the 3rd", VoiceIntent(.addEvent, date: on(2026, 12, 3), title: "Interview")),
        UtteranceCase("book a two-hour planning session next week",
                      VoiceIntent(.addEvent, date: .week(year: 2026, week: 50), title: "Planning session", durationSeconds: 7200)),
        UtteranceCase("add lunch with Sam, Bob and Ann on Friday",
                      VoiceIntent(.addEvent, date: on(2026, 12, 4), title: "Lunch with Sam, Bob and Ann")),
        UtteranceCase("schedule a meeting at 0930", VoiceIntent(.addEvent, time: at(9, 30), title: "Meeting")),
        UtteranceCase("add Q1/Q2 review on 1/15", VoiceIntent(.addEvent, date: on(2027, 1, 15), title: "Q1/Q2 review")),
    ]

    static let moves: [UtteranceCase] = [
        UtteranceCase("move my meeting at 2 PM today to 4 PM", VoiceIntent(.moveEvent, date: on(2026, 12, 2), time: at(14), newTime: at(16))),
        UtteranceCase("move my 2 PM meeting to tomorrow at 10", VoiceIntent(.moveEvent, time: at(14), newDate: on(2026, 12, 3), newTime: at(10))),
        UtteranceCase("reschedule lunch with Sam to 1 PM", VoiceIntent(.moveEvent, title: "Lunch with Sam", newTime: at(13))),
        UtteranceCase("push my 3 o'clock to 4", VoiceIntent(.moveEvent, time: at(15), newTime: at(16))),
        UtteranceCase("move trip to Paris to Friday", VoiceIntent(.moveEvent, title: "Trip to Paris", newDate: on(2026, 12, 4))),
        UtteranceCase("move my 8 PM dinner to 9", VoiceIntent(.moveEvent, time: at(20), title: "Dinner", newTime: at(21))),
        UtteranceCase("move my 2 PM meeting to 11", VoiceIntent(.moveEvent, time: at(14), newTime: at(11))),
        UtteranceCase("move my meeting from 2 to 4", VoiceIntent(.moveEvent, time: at(14), newTime: at(16))),
        UtteranceCase("reschedule budget review to next Monday at 11",
                      VoiceIntent(.moveEvent, title: "Budget review", newDate: on(2026, 12, 7), newTime: at(11))),
        UtteranceCase("move the standup on Friday to the same time on Monday",
                      VoiceIntent(.moveEvent, date: on(2026, 12, 4), title: "Standup", newDate: on(2026, 12, 7))),
        UtteranceCase("reschedule my meeting", VoiceIntent(.moveEvent)),
        UtteranceCase("push my 4 pm back to 5", VoiceIntent(.moveEvent, time: at(16), newTime: at(17))),
    ]

    static let cancels: [UtteranceCase] = [
        UtteranceCase("cancel my meeting at 2 PM today", VoiceIntent(.cancelEvent, date: on(2026, 12, 2), time: at(14))),
        UtteranceCase("cancel lunch with Sam", VoiceIntent(.cancelEvent, title: "Lunch with Sam")),
        UtteranceCase("delete my 3 PM meeting tomorrow", VoiceIntent(.cancelEvent, date: on(2026, 12, 3), time: at(15))),
        UtteranceCase("remove dentist from my calendar", VoiceIntent(.cancelEvent, title: "Dentist")),
        UtteranceCase("cancel the team sync on Friday", VoiceIntent(.cancelEvent, date: on(2026, 12, 4), title: "Team sync")),
        UtteranceCase("cancel my 2 o'clock", VoiceIntent(.cancelEvent, time: at(14))),
        UtteranceCase("cancel all my meetings tomorrow", VoiceIntent(.cancelEvent, date: on(2026, 12, 3))),
        UtteranceCase("could you cancel my 2 pm", VoiceIntent(.cancelEvent, time: at(14))),
    ]

    static let conversation: [UtteranceCase] = [
        UtteranceCase("cancel", VoiceIntent(.cancel)),
        UtteranceCase("never mind", VoiceIntent(.cancel)),
        UtteranceCase("Stop.", VoiceIntent(.stop)),
        UtteranceCase("help", VoiceIntent(.help)),
        UtteranceCase("what can I say", VoiceIntent(.help)),
        UtteranceCase("What can you do?", VoiceIntent(.help)),
        UtteranceCase("yes", VoiceIntent(.yes)),
        UtteranceCase("yeah", VoiceIntent(.yes)),
        UtteranceCase("sure", VoiceIntent(.yes)),
        UtteranceCase("yes please", VoiceIntent(.yes)),
        UtteranceCase("do it", VoiceIntent(.yes)),
        UtteranceCase("no", VoiceIntent(.no)),
        UtteranceCase("nope", VoiceIntent(.no)),
        UtteranceCase("don't", VoiceIntent(.no)),
        UtteranceCase("no thank you", VoiceIntent(.no)),
        UtteranceCase("what's the weather like", VoiceIntent(.fallback)),
        UtteranceCase("tell me a joke", VoiceIntent(.fallback)),
        UtteranceCase("", VoiceIntent(.fallback)),
        UtteranceCase("🍕🍕🍕", VoiceIntent(.fallback)),
        UtteranceCase("please", VoiceIntent(.fallback)),
    ]

    /// The weekend and week rules on a weekend day, and rollovers at the end of a month and year.
    static let aroundTheCalendar: [UtteranceCase] = [
        UtteranceCase("what's on my calendar this weekend", on: UtteranceCase.saturday, VoiceIntent(.getEvents, date: .weekend(year: 2026, week: 49))),
        UtteranceCase("what do I have next weekend", on: UtteranceCase.saturday, VoiceIntent(.getEvents, date: .weekend(year: 2026, week: 50))),
        UtteranceCase("what do I have on Saturday", on: UtteranceCase.saturday, VoiceIntent(.getEvents, date: on(2026, 12, 12))),
        UtteranceCase("what do I have on Sunday", on: UtteranceCase.saturday, VoiceIntent(.getEvents, date: on(2026, 12, 6))),
        UtteranceCase("what's on my calendar this week", on: UtteranceCase.saturday, VoiceIntent(.getEvents, date: .week(year: 2026, week: 49))),
        UtteranceCase("what's on my calendar this weekend", on: UtteranceCase.sunday, VoiceIntent(.getEvents, date: .weekend(year: 2026, week: 49))),
        UtteranceCase("what do I have on Sunday", on: UtteranceCase.sunday, VoiceIntent(.getEvents, date: on(2026, 12, 13))),
        UtteranceCase("what do I have next week", on: UtteranceCase.sunday, VoiceIntent(.getEvents, date: .week(year: 2026, week: 50))),
        UtteranceCase("do I have anything Monday", on: UtteranceCase.sunday, VoiceIntent(.getEvents, date: on(2026, 12, 7))),
        UtteranceCase("what's on my calendar on the 1st", on: UtteranceCase.newYearsEve, VoiceIntent(.getEvents, date: on(2027, 1, 1))),
        UtteranceCase("what's on my calendar tomorrow", on: UtteranceCase.newYearsEve, VoiceIntent(.getEvents, date: on(2027, 1, 1))),
        UtteranceCase("what's on my calendar this week", on: UtteranceCase.newYearsEve, VoiceIntent(.getEvents, date: .week(year: 2026, week: 53))),
        UtteranceCase("what's on my calendar next week", on: UtteranceCase.newYearsEve, VoiceIntent(.getEvents, date: .week(year: 2027, week: 1))),
        UtteranceCase("what's on my calendar this weekend", on: UtteranceCase.newYearsEve, VoiceIntent(.getEvents, date: .weekend(year: 2026, week: 53))),
        UtteranceCase("what do I have next month", on: UtteranceCase.newYearsEve, VoiceIntent(.getEvents, date: .month(year: 2027, month: 1))),
        UtteranceCase("what do I have on January 5th", on: UtteranceCase.newYearsEve, VoiceIntent(.getEvents, date: on(2027, 1, 5))),
        UtteranceCase("what do I have on Friday", on: UtteranceCase.newYearsEve, VoiceIntent(.getEvents, date: on(2027, 1, 1))),
        UtteranceCase("what do I have on December 31st", on: UtteranceCase.newYearsEve, VoiceIntent(.getEvents, date: on(2026, 12, 31))),
        UtteranceCase("what's on my calendar on the 31st", on: UtteranceCase.newYearsEve, VoiceIntent(.getEvents, date: on(2026, 12, 31))),
        // The 31st asked in a 30-day month is next month's; the 30th asked in February is March's.
        UtteranceCase("what's on my calendar on the 31st", on: day(2026, 11, 5), VoiceIntent(.getEvents, date: on(2026, 12, 31))),
        UtteranceCase("what's on my calendar on the 30th", on: day(2027, 2, 10), VoiceIntent(.getEvents, date: on(2027, 3, 30))),
        UtteranceCase("what's on my calendar on February 29th", on: day(2027, 3, 1), VoiceIntent(.getEvents, date: on(2028, 2, 29))),
    ]

    static var all: [UtteranceCase] { reads + nextEvents + adds + moves + cancels + conversation + aroundTheCalendar }

    @Test(arguments: reads + nextEvents)
    func questions(_ example: UtteranceCase) {
        #expect(UtteranceParser.parse(example.text, today: example.today) == example.expected)
    }

    @Test(arguments: adds + moves + cancels)
    func commands(_ example: UtteranceCase) {
        #expect(UtteranceParser.parse(example.text, today: example.today) == example.expected)
    }

    @Test(arguments: conversation + aroundTheCalendar)
    func conversationAndCalendarEdges(_ example: UtteranceCase) {
        #expect(UtteranceParser.parse(example.text, today: example.today) == example.expected)
    }

    @Test func theTablesAreLargeEnough() {
        #expect(Self.all.count >= 80)
    }

    /// Free text and ASK slots give the same intent: every parsed intent survives the trip through slot values.
    @Test(arguments: all)
    func freeTextAndSlotsAgree(_ example: UtteranceCase) throws {
        let parsed = UtteranceParser.parse(example.text, today: example.today)
        let viaSlots = try #require(SlotValues.intent(name: parsed.name.rawValue, slots: SlotValues.slots(of: parsed)))
        #expect(viaSlots == parsed)
    }

    // MARK: Answers to follow-up questions

    struct AnswerCase: Sendable, CustomTestStringConvertible {
        let text: String
        let question: ExpectedAnswer
        let pending: VoiceIntent
        let expected: VoiceIntent
        var testDescription: String { "\(question): \"\(text)\"" }
    }

    static let lunch = VoiceIntent(.addEvent, title: "Lunch with Sam")
    static let untitled = VoiceIntent(.addEvent, date: on(2026, 12, 4), time: at(12))
    static let moving = VoiceIntent(.moveEvent, time: at(14))

    static let answers: [AnswerCase] = [
        AnswerCase(text: "Friday", question: .date, pending: lunch, expected: VoiceIntent(.addEvent, date: on(2026, 12, 4), title: "Lunch with Sam")),
        AnswerCase(text: "on the 3rd", question: .date, pending: lunch, expected: VoiceIntent(.addEvent, date: on(2026, 12, 3), title: "Lunch with Sam")),
        AnswerCase(text: "Friday at noon", question: .date, pending: lunch,
                   expected: VoiceIntent(.addEvent, date: on(2026, 12, 4), time: at(12), title: "Lunch with Sam")),
        AnswerCase(text: "at 3", question: .time, pending: lunch, expected: VoiceIntent(.addEvent, time: at(15), title: "Lunch with Sam")),
        AnswerCase(text: "3", question: .time, pending: lunch, expected: VoiceIntent(.addEvent, time: at(15), title: "Lunch with Sam")),
        AnswerCase(text: "3 PM", question: .time, pending: lunch, expected: VoiceIntent(.addEvent, time: at(15), title: "Lunch with Sam")),
        AnswerCase(text: "noon", question: .time, pending: lunch, expected: VoiceIntent(.addEvent, time: at(12), title: "Lunch with Sam")),
        AnswerCase(text: "half past ten", question: .time, pending: lunch, expected: VoiceIntent(.addEvent, time: at(10, 30), title: "Lunch with Sam")),
        AnswerCase(text: "in the morning", question: .time, pending: lunch, expected: VoiceIntent(.fallback)),
        AnswerCase(text: "lunch with Sam", question: .title, pending: untitled,
                   expected: VoiceIntent(.addEvent, date: on(2026, 12, 4), time: at(12), title: "Lunch with Sam")),
        AnswerCase(text: "it's called standup", question: .title, pending: untitled,
                   expected: VoiceIntent(.addEvent, date: on(2026, 12, 4), time: at(12), title: "Standup")),
        AnswerCase(text: "meeting with Bob for 30 minutes", question: .title, pending: untitled,
                   expected: VoiceIntent(.addEvent, date: on(2026, 12, 4), time: at(12), title: "Meeting with Bob", durationSeconds: 1800)),
        AnswerCase(text: "an event", question: .title, pending: untitled, expected: VoiceIntent(.fallback)),
        AnswerCase(text: "an hour and a half", question: .duration, pending: lunch,
                   expected: VoiceIntent(.addEvent, title: "Lunch with Sam", durationSeconds: 5400)),
        AnswerCase(text: "4", question: .newTime, pending: moving, expected: VoiceIntent(.moveEvent, time: at(14), newTime: at(16))),
        AnswerCase(text: "tomorrow", question: .newDate, pending: moving, expected: VoiceIntent(.moveEvent, time: at(14), newDate: on(2026, 12, 3))),
        AnswerCase(text: "yes please", question: .confirmation, pending: lunch, expected: VoiceIntent(.yes)),
        AnswerCase(text: "nope", question: .confirmation, pending: lunch, expected: VoiceIntent(.no)),
        AnswerCase(text: "maybe later", question: .confirmation, pending: lunch, expected: VoiceIntent(.fallback)),
        AnswerCase(text: "stop", question: .time, pending: lunch, expected: VoiceIntent(.stop)),
        AnswerCase(text: "never mind", question: .date, pending: lunch, expected: VoiceIntent(.cancel)),
        AnswerCase(text: "what's on my calendar tomorrow", question: .date, pending: lunch,
                   expected: VoiceIntent(.getEvents, date: on(2026, 12, 3))),
        AnswerCase(text: "add it for tomorrow at 1 pm instead", question: .time, pending: lunch,
                   expected: VoiceIntent(.addEvent, date: on(2026, 12, 3), time: at(13), title: "Lunch with Sam")),
        AnswerCase(text: "", question: .title, pending: untitled, expected: VoiceIntent(.fallback)),
        AnswerCase(text: "blue", question: .date, pending: lunch, expected: VoiceIntent(.fallback)),
    ]

    @Test(arguments: answers)
    func answersToFollowUpQuestions(_ example: AnswerCase) {
        #expect(UtteranceParser.answer(example.text, to: example.question, pending: example.pending, today: UtteranceCase.wednesday) == example.expected)
    }
}
