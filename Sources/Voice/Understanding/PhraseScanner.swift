// PhraseScanner: finds the date, time and duration phrases in a run of words, and which words are left over.

/// What the date, time and duration phrases of some words say. The first phrase of each kind counts; later
/// ones are consumed but ignored ("tomorrow, on Friday" is tomorrow).
struct WhenPhrases: Equatable {
    var date: DateSpec?
    var period: DayPeriod?
    var clock: ClockReading?
    var durationSeconds: Int?
    /// Indices (into the scanned words) of the words no phrase used, in order.
    var leftover: [Int] = []

    /// The time said: a clock time (with the bare-hour rule and the day's part applied), else the part of the day.
    var time: TimeSpec? {
        if let clock {
            let resolved = clock.resolved(period: period)
            return .clock(hour: resolved.hour, minute: resolved.minute)
        }
        return period.map { .period($0) }
    }

    var isEmpty: Bool { date == nil && period == nil && clock == nil && durationSeconds == nil }
}

/// Scans words for phrases. Which bare numbers count as clock times depends on where the words are.
struct PhraseScanner {
    enum BareNumbers {
        /// Only numbers introduced by "at", "around", "from" ("at 3"), or explicit ones ("3 PM", "3:30").
        case introduced
        /// Also a number right after "my" or "the" ("my 3 meeting"): how moves and cancels name an event.
        case afterPossessive
        /// Any number: an answer to "What time?", or where a move goes ("to 4").
        case always
    }

    let words: [String]
    let dates: DatePhrases

    init(words: [String], today: CalendarDay) {
        self.words = words
        self.dates = DatePhrases(today: today)
    }

    /// The phrases in `range`, reading left to right; at each word the longest reading wins in the order
    /// duration, date, time, part of the day ("for 2 hours" is a length, "on the 3rd" a date, "at 3" a time).
    func scan(_ range: Range<Int>, bareNumbers: BareNumbers = .introduced) -> WhenPhrases {
        var found = WhenPhrases()
        var index = range.lowerBound
        let end = range.upperBound
        while index < end {
            if let duration = DurationPhrases.match(words, at: index, end: end) {
                if found.durationSeconds == nil { found.durationSeconds = duration.seconds }
                index += duration.length
            } else if let date = dates.match(words, at: index, end: end) {
                if found.date == nil {
                    found.date = date.date
                    if found.period == nil { found.period = date.period }
                }
                index += date.length
            } else if let time = clock(at: index, end: end, start: range.lowerBound, bareNumbers: bareNumbers) {
                if found.clock == nil { found.clock = time.clock }
                index += time.length
            } else if let period = TimePhrases.period(words, at: index, end: end) {
                if found.period == nil { found.period = period.period }
                index += period.length
            } else {
                found.leftover.append(index)
                index += 1
            }
        }
        return found
    }

    /// A clock time at `index`, with what introduces it ("at", "at around", "from"), if it counts here.
    private func clock(at index: Int, end: Int, start: Int, bareNumbers: BareNumbers) -> TimePhrase? {
        var first = index
        while first < end, first - index < 2, Self.introducers.contains(words[first]) { first += 1 }
        guard var phrase = TimePhrases.clock(words, at: first, end: end) else { return nil }
        let introduced = first > index
        let afterPossessive = index > start && (words[index - 1] == "my" || words[index - 1] == "the")
        let counts = switch bareNumbers {
        case .introduced: phrase.clock.explicit || introduced
        case .afterPossessive: phrase.clock.explicit || introduced || afterPossessive
        case .always: true
        }
        guard counts else { return nil }
        phrase.length += first - index
        return phrase
    }

    /// Words that introduce a clock time: "at 3", "at around 3", "around 3", "from 2 to 4".
    private static let introducers: Set<String> = ["at", "around", "about", "from", "starting"]
}
