// HostileUtteranceTests: no input crashes the understanding; what is not an utterance is a fallback.
import Testing
import Voice

@Suite struct HostileUtteranceTests {
    static let garbage: [String] = [
        "",
        "   \t\n  ",
        String(repeating: "x", count: 10_000),
        String(repeating: "what's on my calendar tomorrow ", count: 400),
        String(repeating: "🍕", count: 3000),
        "🍕 🎉 👩‍👩‍👧‍👦 🇺🇸",
        "\u{0}\u{1}\u{7F}\u{FFFD}",
        "'''''''''",
        "-----",
        "::::",
        "...",
    ]

    /// Words, but no request: a fallback, and no answer but to "What's the event?" (where any words are a title).
    static let foreign: [String] = [
        "e\u{301}\u{301}\u{301}\u{301}\u{301}",
        "مرحبا بالعالم",
        "\u{202E}radnelac ym no s'tahw",
        "$(rm -rf /); <script>alert()</script>",
        "asdf qwer zxcv",
    ]

    /// Words in a valid order but with impossible values: each gives some intent, none traps.
    static let impossible: [String] = [
        "what's on my calendar at 99:99",
        "what's on my calendar at 12345678901234567890 pm",
        "what's on my calendar on the 99th",
        "what's on my calendar on the 0th",
        "add lunch for 999999999 hours",
        "add lunch for 1.5.5 hours",
        "add lunch for 99999 days",
        "move to to to to to",
        "the the the the",
        "at at at at at",
        "next next next next",
        "on on on on",
        "add",
        "cancel cancel cancel",
        "move",
        "schedule called",
        "add an event called",
        "what's on my calendar on December",
        "what's on my calendar December 99th 99999",
        "what do I have on the thirty-ninth",
        "what do I have at 0",
        "what do I have at 12 am",
        "what do I have at 13 pm",
        "what do I have at half past",
        "what do I have at quarter to 1",
        "what do I have the day after",
        "push my 3 o'clock to",
        "9999-99-99",
        "-1",
        "P1D",
    ]

    @Test(arguments: garbage)
    func garbageIsAFallback(_ text: String) {
        let today = UtteranceCase.wednesday
        #expect(UtteranceParser.parse(text, today: today) == VoiceIntent(.fallback))
        for question in ExpectedAnswer.allCases {
            #expect(UtteranceParser.answer(text, to: question, pending: VoiceIntent(.addEvent), today: today).name == .fallback)
        }
    }

    @Test(arguments: foreign)
    func foreignWordsAreAFallback(_ text: String) {
        let today = UtteranceCase.wednesday
        #expect(UtteranceParser.parse(text, today: today) == VoiceIntent(.fallback))
        for question in ExpectedAnswer.allCases where question != .title {
            #expect(UtteranceParser.answer(text, to: question, pending: VoiceIntent(.addEvent), today: today).name == .fallback)
        }
    }

    @Test(arguments: impossible)
    func impossibleValuesNeverTrap(_ text: String) {
        for today in [UtteranceCase.wednesday, UtteranceCase.newYearsEve, day(2028, 2, 29), day(9999, 12, 31), day(1, 1, 1)] {
            let intent = UtteranceParser.parse(text, today: today)
            // Whatever was understood is a value the model can carry to ASK and back.
            if let time = intent.time, case .clock(let hour, let minute) = time { #expect((0...23).contains(hour) && (0...59).contains(minute)) }
            if let seconds = intent.durationSeconds { #expect(seconds > 0 && seconds <= 366 * 86_400) }
            for question in ExpectedAnswer.allCases {
                _ = UtteranceParser.answer(text, to: question, pending: intent, today: today)
            }
        }
    }

    @Test func aQuarterToOneIsTwelveFortyFive() {
        let intent = UtteranceParser.parse("what do I have at quarter to 1", today: UtteranceCase.wednesday)
        #expect(intent == VoiceIntent(.getEvents, time: .clock(hour: 12, minute: 45)))
        #expect(UtteranceParser.parse("what do I have at 12 am", today: UtteranceCase.wednesday) == VoiceIntent(.getEvents, time: .clock(hour: 0, minute: 0)))
    }

    @Test(arguments: garbage + foreign + impossible)
    func slotValuesNeverTrap(_ text: String) {
        _ = SlotValues.date(text)
        _ = SlotValues.time(text)
        _ = SlotValues.durationSeconds(text)
        for name in ["GetEventsIntent", "AddEventIntent", "MoveEventIntent", "CancelEventIntent", text] {
            _ = SlotValues.intent(name: name, slots: ["date": text, "time": text, "title": text, "duration": text, "newDate": text, "newTime": text])
            _ = SlotValues.intent(name: name, slots: ["title": text])
        }
    }

    @Test func aTitleSlotIsBoundedLikeAnExchangeSubject() throws {
        let intent = try #require(SlotValues.intent(name: "AddEventIntent", slots: ["title": String(repeating: "party ", count: 2000)]))
        #expect((intent.title?.count ?? 0) <= 255)
    }
}
