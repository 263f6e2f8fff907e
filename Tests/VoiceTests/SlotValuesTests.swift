// SlotValuesTests: AMAZON.DATE, AMAZON.TIME and AMAZON.DURATION values and ASK IntentRequests to the model, and back.
import Testing
import Voice

@Suite struct SlotValuesTests {
    struct DateCase: Sendable, CustomTestStringConvertible {
        let value: String
        let expected: DateSpec?
        var testDescription: String { "\"\(value)\"" }
    }

    static let dates: [DateCase] = [
        DateCase(value: "2026-11-25", expected: on(2026, 11, 25)),
        DateCase(value: "2026-W48", expected: .week(year: 2026, week: 48)),
        DateCase(value: "2026-W48-WE", expected: .weekend(year: 2026, week: 48)),
        DateCase(value: "2026-W05", expected: .week(year: 2026, week: 5)),
        DateCase(value: "2026-W53", expected: .week(year: 2026, week: 53)),
        DateCase(value: "2026-11", expected: .month(year: 2026, month: 11)),
        DateCase(value: "PRESENT_REF", expected: .present),
        DateCase(value: " 2026-11-25 ", expected: on(2026, 11, 25)),
        DateCase(value: "2028-02-29", expected: on(2028, 2, 29)),
        // What the model cannot say is refused, not approximated.
        DateCase(value: "2026", expected: nil),
        DateCase(value: "201X", expected: nil),
        DateCase(value: "2026-WI", expected: nil),
        DateCase(value: "2026-SP", expected: nil),
        DateCase(value: "2026-SU", expected: nil),
        DateCase(value: "2026-FA", expected: nil),
        DateCase(value: "2025-W53", expected: nil),
        DateCase(value: "2026-W54", expected: nil),
        DateCase(value: "2026-W48-XX", expected: nil),
        DateCase(value: "2026-02-30", expected: nil),
        DateCase(value: "2026-13", expected: nil),
        DateCase(value: "2026-00", expected: nil),
        DateCase(value: "2026-1-5", expected: nil),
        DateCase(value: "XXXX-11-25", expected: nil),
        DateCase(value: "2026-11-25T10:00", expected: nil),
        DateCase(value: "present_ref", expected: nil),
        DateCase(value: "?", expected: nil),
        DateCase(value: "", expected: nil),
        DateCase(value: "tomorrow", expected: nil),
    ]

    @Test(arguments: dates)
    func amazonDate(_ example: DateCase) {
        #expect(SlotValues.date(example.value) == example.expected)
    }

    struct TimeCase: Sendable, CustomTestStringConvertible {
        let value: String
        let expected: TimeSpec?
        var testDescription: String { "\"\(value)\"" }
    }

    static let times: [TimeCase] = [
        TimeCase(value: "14:00", expected: at(14)),
        TimeCase(value: "09:05", expected: at(9, 5)),
        TimeCase(value: "00:00", expected: at(0)),
        TimeCase(value: "23:59", expected: at(23, 59)),
        TimeCase(value: "7:30", expected: at(7, 30)),
        TimeCase(value: "MO", expected: .period(.morning)),
        TimeCase(value: "AF", expected: .period(.afternoon)),
        TimeCase(value: "EV", expected: .period(.evening)),
        TimeCase(value: "NI", expected: .period(.night)),
        TimeCase(value: "TONIGHT", expected: .period(.tonight)),
        TimeCase(value: "24:00", expected: nil),
        TimeCase(value: "12:60", expected: nil),
        TimeCase(value: "12:5", expected: nil),
        TimeCase(value: "1400", expected: nil),
        TimeCase(value: "14", expected: nil),
        TimeCase(value: "mo", expected: nil),
        TimeCase(value: "noon", expected: nil),
        TimeCase(value: "-1:00", expected: nil),
        TimeCase(value: "", expected: nil),
    ]

    @Test(arguments: times)
    func amazonTime(_ example: TimeCase) {
        #expect(SlotValues.time(example.value) == example.expected)
    }

    struct DurationCase: Sendable, CustomTestStringConvertible {
        let value: String
        let expected: Int?
        var testDescription: String { "\"\(value)\"" }
    }

    static let durations: [DurationCase] = [
        DurationCase(value: "PT30M", expected: 1800),
        DurationCase(value: "PT1H30M", expected: 5400),
        DurationCase(value: "PT2H", expected: 7200),
        DurationCase(value: "PT45S", expected: 45),
        DurationCase(value: "PT1H0M30S", expected: 3630),
        DurationCase(value: "P1D", expected: 86_400),
        DurationCase(value: "P1W", expected: 604_800),
        DurationCase(value: "P1DT2H", expected: 93_600),
        DurationCase(value: "PT1.5H", expected: 5400),
        DurationCase(value: "pt30m", expected: 1800),
        DurationCase(value: "PT0M", expected: nil),
        DurationCase(value: "P", expected: nil),
        DurationCase(value: "PT", expected: nil),
        DurationCase(value: "P1DT", expected: nil),
        DurationCase(value: "PT30", expected: nil),
        DurationCase(value: "PT1M2H", expected: nil),
        DurationCase(value: "PT1H1H", expected: nil),
        DurationCase(value: "P1Y", expected: nil),
        DurationCase(value: "P1M", expected: nil),
        DurationCase(value: "P400D", expected: nil),
        DurationCase(value: "PT99999999999H", expected: nil),
        DurationCase(value: "PT1..5H", expected: nil),
        DurationCase(value: "30M", expected: nil),
        DurationCase(value: "garbage", expected: nil),
        DurationCase(value: "", expected: nil),
    ]

    @Test(arguments: durations)
    func amazonDuration(_ example: DurationCase) {
        #expect(SlotValues.durationSeconds(example.value) == example.expected)
    }

    @Test func valuesWriteBackToWhatTheyRead() {
        for example in Self.dates {
            guard let spec = example.expected else { continue }
            #expect(SlotValues.date(SlotValues.value(of: spec)) == spec)
        }
        for example in Self.times {
            guard let spec = example.expected else { continue }
            #expect(SlotValues.time(SlotValues.value(of: spec)) == spec)
        }
        #expect(SlotValues.value(ofDurationSeconds: 5400) == "PT1H30M")
        #expect(SlotValues.value(ofDurationSeconds: 86_400) == "P1D")
        #expect(SlotValues.value(ofDurationSeconds: 45) == "PT45S")
        for seconds in [45, 60, 1800, 3600, 5400, 86_400, 93_600, 604_800] {
            #expect(SlotValues.durationSeconds(SlotValues.value(ofDurationSeconds: seconds)) == seconds)
        }
    }

    struct IntentCase: Sendable, CustomTestStringConvertible {
        let name: String
        let slots: [String: String]
        let expected: VoiceIntent?
        var testDescription: String { "\(name) \(slots.sorted { $0.key < $1.key })" }
    }

    static let intents: [IntentCase] = [
        IntentCase(name: "GetEventsIntent", slots: [:], expected: VoiceIntent(.getEvents)),
        IntentCase(name: "GetEventsIntent", slots: ["date": "2026-12-03"], expected: VoiceIntent(.getEvents, date: on(2026, 12, 3))),
        IntentCase(name: "GetEventsIntent", slots: ["date": "2026-W49-WE", "time": "EV"],
                   expected: VoiceIntent(.getEvents, date: .weekend(year: 2026, week: 49), time: .period(.evening))),
        IntentCase(name: "GetEventsIntent", slots: ["date": ""], expected: VoiceIntent(.getEvents)),
        IntentCase(name: "GetEventsIntent", slots: ["date": "2026"], expected: VoiceIntent(.fallback)),
        IntentCase(name: "GetEventsIntent", slots: ["time": "?"], expected: VoiceIntent(.fallback)),
        IntentCase(name: "GetEventsIntent", slots: ["title": "ignored", "duration": "garbage"], expected: VoiceIntent(.getEvents)),
        IntentCase(name: "NextEventIntent", slots: ["date": "2026"], expected: VoiceIntent(.nextEvent)),
        IntentCase(name: "AddEventIntent", slots: ["title": "lunch with Sam", "date": "2026-12-04", "time": "12:00", "duration": "PT1H"],
                   expected: VoiceIntent(.addEvent, date: on(2026, 12, 4), time: at(12), title: "Lunch with Sam", durationSeconds: 3600)),
        IntentCase(name: "AddEventIntent", slots: ["title": "an event"], expected: VoiceIntent(.addEvent)),
        IntentCase(name: "AddEventIntent", slots: ["title": "a meeting"], expected: VoiceIntent(.addEvent, title: "Meeting")),
        IntentCase(name: "AddEventIntent", slots: ["title": "  doctor's appointment "], expected: VoiceIntent(.addEvent, title: "Doctor's appointment")),
        IntentCase(name: "AddEventIntent", slots: ["duration": "P1Y"], expected: VoiceIntent(.fallback)),
        IntentCase(name: "MoveEventIntent", slots: ["time": "14:00", "newTime": "16:00", "title": "my meeting"],
                   expected: VoiceIntent(.moveEvent, time: at(14), newTime: at(16))),
        IntentCase(name: "MoveEventIntent", slots: ["title": "lunch with Sam", "newDate": "2026-12-07"],
                   expected: VoiceIntent(.moveEvent, title: "Lunch with Sam", newDate: on(2026, 12, 7))),
        IntentCase(name: "CancelEventIntent", slots: ["title": "the team sync", "date": "2026-12-04"],
                   expected: VoiceIntent(.cancelEvent, date: on(2026, 12, 4), title: "Team sync")),
        IntentCase(name: "CancelEventIntent", slots: ["newTime": "16:00"], expected: VoiceIntent(.cancelEvent)),
        IntentCase(name: "AMAZON.HelpIntent", slots: [:], expected: VoiceIntent(.help)),
        IntentCase(name: "AMAZON.StopIntent", slots: [:], expected: VoiceIntent(.stop)),
        IntentCase(name: "AMAZON.CancelIntent", slots: [:], expected: VoiceIntent(.cancel)),
        IntentCase(name: "AMAZON.FallbackIntent", slots: [:], expected: VoiceIntent(.fallback)),
        IntentCase(name: "AMAZON.YesIntent", slots: [:], expected: VoiceIntent(.yes)),
        IntentCase(name: "AMAZON.NoIntent", slots: [:], expected: VoiceIntent(.no)),
        IntentCase(name: "AMAZON.NavigateHomeIntent", slots: [:], expected: VoiceIntent(.stop)),
        IntentCase(name: "OrderPizzaIntent", slots: [:], expected: nil),
        IntentCase(name: "getEventsIntent", slots: [:], expected: nil),
        IntentCase(name: "", slots: [:], expected: nil),
    ]

    @Test(arguments: intents)
    func intentRequests(_ example: IntentCase) {
        #expect(SlotValues.intent(name: example.name, slots: example.slots) == example.expected)
    }

    /// The same words, said to the skill (ASK slots) or typed (free text), are the same intent.
    @Test func slotsAndFreeTextAgree() {
        let today = UtteranceCase.wednesday
        let pairs: [(String, String, [String: String])] = [
            ("what's on my calendar tomorrow", "GetEventsIntent", ["date": "2026-12-03"]),
            ("what's on my calendar this weekend", "GetEventsIntent", ["date": "2026-W49-WE"]),
            ("what's on my calendar next week", "GetEventsIntent", ["date": "2026-W50"]),
            ("what do I have this month", "GetEventsIntent", ["date": "2026-12"]),
            ("what meetings do I have at 3 PM", "GetEventsIntent", ["time": "15:00"]),
            ("what's on my calendar", "GetEventsIntent", [:]),
            ("add lunch with Sam to my calendar on Friday at noon for an hour", "AddEventIntent",
             ["title": "lunch with Sam", "date": "2026-12-04", "time": "12:00", "duration": "PT1H"]),
            ("move my 2 PM meeting to tomorrow at 10", "MoveEventIntent", ["time": "14:00", "newDate": "2026-12-03", "newTime": "10:00"]),
            ("cancel lunch with Sam", "CancelEventIntent", ["title": "lunch with Sam"]),
            ("what's my next meeting", "NextEventIntent", [:]),
        ]
        for (text, name, slots) in pairs {
            #expect(UtteranceParser.parse(text, today: today) == SlotValues.intent(name: name, slots: slots), "\(text)")
        }
    }
}
