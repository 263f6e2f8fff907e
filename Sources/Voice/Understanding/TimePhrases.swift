// TimePhrases: clock times ("3 PM", "3:30 pm", "15:00", "0930", "noon", "half past three") and parts of the day ("in the morning").

enum Meridiem: Equatable {
    case am, pm
}

/// A clock time as it was said, before deciding what a bare "3" means.
struct ClockReading: Equatable {
    var hour: Int
    var minute: Int
    var meridiem: Meridiem?
    /// Said exactly ("15:00", "09:05", noon, midnight): taken as is, no rule applies.
    var exact: Bool
    /// The part of the day said with it: "at 10 in the morning", "at 7 at night".
    var hint: DayPeriod?
    /// Whether the words alone make it a time (a meridiem, "o'clock", "3:30", noon, a part of the day), rather
    /// than a bare number that is a time only where one is expected ("at 3", "move it to 4").
    var explicit: Bool

    /// The hour (0–23) and minute meant, where `period` is the part of the day the rest of the utterance names
    /// ("tomorrow evening at 7" is 19:00).
    ///
    /// The bare-hour rule: an hour from 1 to 6 said with no AM/PM and no part of the day is PM ("at 3" is 15:00:
    /// meetings are at 3 PM, not 3 AM); 7 to 11 are AM ("at 10" is 10:00); 12 is noon; 0 and 13–23 are the
    /// 24-hour clock. With a part of the day, afternoon, evening, night and tonight make 1–11 PM, morning AM.
    func resolved(period: DayPeriod?) -> (hour: Int, minute: Int) {
        if exact { return (hour, minute) }
        switch meridiem {
        case .am: return (hour % 12, minute)
        case .pm: return (hour % 12 + 12, minute)
        case nil: break
        }
        guard (1...11).contains(hour) else { return (hour, minute) }
        switch hint ?? period {
        case .morning: return (hour, minute)
        case .afternoon, .evening, .night, .tonight: return (hour + 12, minute)
        case nil: return ((1...6).contains(hour) ? hour + 12 : hour, minute)
        }
    }
}

struct TimePhrase: Equatable {
    var clock: ClockReading
    var length: Int
}

enum TimePhrases {
    /// The clock time starting at `start` (no leading "at": the scanner decides what introduces a time).
    static func clock(_ words: [String], at start: Int, end: Int) -> TimePhrase? {
        func word(_ index: Int) -> String? { index < end ? words[index] : nil }
        guard let first = word(start) else { return nil }
        var index = start + 1
        var reading: ClockReading
        switch first {
        case "noon", "midday":
            reading = ClockReading(hour: 12, minute: 0, exact: true, explicit: true)
        case "midnight":
            reading = ClockReading(hour: 0, minute: 0, exact: true, explicit: true)
        case "half", "quarter":
            // "half past three", "quarter past 3", "quarter to four".
            guard let relation = word(start + 1), ["past", "after", "to", "till"].contains(relation),
                  let hour = NumberWords.cardinal(words, at: start + 2, end: end), (1...12).contains(hour.value) else { return nil }
            let before = relation == "to" || relation == "till"
            guard !(before && first == "half") else { return nil }
            let minute = first == "half" ? 30 : before ? 45 : 15
            let hourValue = before ? (hour.value == 1 ? 12 : hour.value - 1) : hour.value
            reading = ClockReading(hour: hourValue, minute: minute, exact: false, explicit: true)
            index = start + 2 + hour.length
        default:
            if first.contains(":" as Character) {
                // "3:30", "15:00", "09:05": a leading zero or an hour past 12 is the 24-hour clock.
                let parts = first.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
                guard parts.count == 2, (1...2).contains(parts[0].count), parts[1].count == 2,
                      let hour = NumberWords.digits(parts[0]), let minute = NumberWords.digits(parts[1]),
                      (0...23).contains(hour), (0...59).contains(minute) else { return nil }
                let exact = parts[0].hasPrefix("0") || hour == 0 || hour >= 13
                reading = ClockReading(hour: hour, minute: minute, exact: exact, explicit: true)
            } else if first.count == 4, let packed = NumberWords.digits(first), (0...23).contains(packed / 100), packed % 100 < 60 {
                // "0930", "1500": the 24-hour clock without a colon (a time only where one is introduced).
                reading = ClockReading(hour: packed / 100, minute: packed % 100, exact: true, explicit: false)
            } else {
                guard let hour = NumberWords.cardinal(words, at: start, end: end), (0...23).contains(hour.value),
                      !Self.units.contains(word(start + hour.length) ?? "") else { return nil }
                index = start + hour.length
                reading = ClockReading(hour: hour.value, minute: 0, exact: hour.value == 0 || hour.value >= 13, explicit: false)
                if let minute = minutes(words, at: index, end: end) {
                    reading.minute = minute.value
                    index += minute.length
                } else if reading.hour == 12, let named = word(index), named == "noon" || named == "midnight" {
                    // "12 noon", "12 midnight".
                    reading = ClockReading(hour: named == "noon" ? 12 : 0, minute: 0, exact: true, explicit: true)
                    return TimePhrase(clock: reading, length: index + 1 - start)
                }
            }
        }
        if !reading.exact || reading.hour <= 12 {
            if word(index) == "oclock", reading.minute == 0 || first == "half" || first == "quarter" {
                reading.explicit = true
                index += 1
            }
            if let said = word(index), said == "am" || said == "pm" {
                // "15 pm" is no time; "12:30 am" is 00:30.
                guard (1...12).contains(reading.hour) else { return nil }
                reading.meridiem = said == "am" ? .am : .pm
                reading.exact = false
                reading.explicit = true
                index += 1
            }
        }
        if let hint = period(words, at: index, end: end) {
            reading.hint = hint.period
            reading.explicit = true
            index += hint.length
        }
        return TimePhrase(clock: reading, length: index - start)
    }

    /// "in the morning", "in the afternoon", "in the evening", "at night", "during the evening".
    static func period(_ words: [String], at start: Int, end: Int) -> (period: DayPeriod, length: Int)? {
        guard start + 1 < end else { return nil }
        if words[start] == "at", words[start + 1] == "night" { return (.night, 2) }
        guard start + 2 < end, words[start] == "in" || words[start] == "during", words[start + 1] == "the",
              let period = CalendarWords.periods[words[start + 2]] else { return nil }
        return (period, 3)
    }

    /// The minutes after a said hour: "thirty", "forty five", "oh five", "30" (two digits), not "30 minutes".
    private static func minutes(_ words: [String], at start: Int, end: Int) -> (value: Int, length: Int)? {
        guard start < end else { return nil }
        if words[start] == "oh" || words[start] == "o", start + 1 < end, let unit = NumberWords.units[words[start + 1]], (1...9).contains(unit) {
            return (unit, 2)
        }
        let spelled = NumberWords.digits(words[start]) == nil
        guard spelled || words[start].count == 2, let number = NumberWords.cardinal(words, at: start, end: end),
              (spelled ? 10...59 : 0...59).contains(number.value),
              !units.contains(start + number.length < end ? words[start + number.length] : "") else { return nil }
        return number
    }

    /// Words after a number that make it a length, not a time: "3 hours", "30 minutes".
    private static let units: Set<String> = ["hour", "hours", "hr", "hrs", "minute", "minutes", "min", "mins", "day", "days", "weeks", "week"]
}
