// DatePhrases: date words ("tomorrow", "next Monday", "on the 3rd", "this weekend") to the DateSpec AMAZON.DATE would send.

/// A date phrase found in an utterance: what it names, the part of the day it carried ("tomorrow morning"), and
/// how many words it used (a leading "on" or "for" included).
struct DatePhrase: Equatable {
    var date: DateSpec
    var period: DayPeriod?
    var length: Int
}

/// Turns date words into values relative to `today` (the user's local date). The meanings, from issue 10:
/// - "today", "tonight" (today, with the period 17:00–24:00), "this morning/afternoon/evening/night", "tomorrow",
///   "the day after tomorrow", "yesterday"; a day word may carry a part of the day ("tomorrow evening").
/// - A bare weekday name, "next <weekday>" and "this coming <weekday>": the coming one, never today (on a
///   Wednesday, "Wednesday" is next week's). "this <weekday>": today when today is that weekday, else the coming
///   one (the issue is silent; "this Friday" said on a Friday means today). "last <weekday>": the previous one.
/// - "this week" / "the week" / "my week": the current ISO week (Monday to Sunday); "next week" the following one; "last week".
/// - "this weekend" / "the weekend" / "my weekend" / "weekend": the ISO week whose Saturday is the coming Saturday, or the
///   current weekend on a Saturday or Sunday. Both are the current ISO week, since ISO weeks end on Sunday.
///   "next weekend": the following ISO week's.
/// - "this month", "next month", "last month"; "in December": that month this year, or next year when it has
///   passed.
/// - "on the 3rd": the next 3rd on or after today (this month if not passed, else the next month that has one).
/// - "on December 3rd", "December 3", "Dec 3rd", "the 3rd of December", "3 December": that day this year, or
///   next year when it has passed; with a year ("December 3rd 2027"), that year. A day that does not exist
///   ("February 30th") is no date phrase at all.
/// - "12/3", "12/3/2027": month/day as written in the US, the next such day when the year is not written.
/// - "now", "right now": `.present`.
struct DatePhrases {
    let today: CalendarDay

    /// The date phrase starting at `start`, reading no further than `end`.
    func match(_ words: [String], at start: Int, end: Int) -> DatePhrase? {
        var index = start
        if index < end, words[index] == "on" || words[index] == "for" { index += 1 }
        guard let found = core(words, at: index, end: end, introduced: index > start) else { return nil }
        return DatePhrase(date: found.date, period: found.period, length: index - start + found.length)
    }

    private typealias Found = (date: DateSpec, period: DayPeriod?, length: Int)

    private func core(_ words: [String], at start: Int, end: Int, introduced: Bool) -> Found? {
        func word(_ index: Int) -> String? { index < end ? words[index] : nil }
        /// A day named by `length` words, and the part of the day that may follow ("tomorrow morning").
        func day(_ day: CalendarDay, _ length: Int) -> Found {
            if let period = word(start + length).flatMap({ CalendarWords.periods[$0] }) { return (.day(day), period, length + 1) }
            return (.day(day), nil, length)
        }
        guard let first = word(start) else { return nil }
        switch first {
        case "today": return day(today, 1)
        case "tonight": return (.day(today), .tonight, 1)
        case "tomorrow": return day(today.adding(days: 1), 1)
        case "yesterday": return day(today.adding(days: -1), 1)
        case "now": return (.present, nil, 1)
        case "right" where word(start + 1) == "now": return (.present, nil, 2)
        case "day" where word(start + 1) == "after" && word(start + 2) == "tomorrow": return day(today.adding(days: 2), 3)
        case "weekend": return (weekend(offset: 0), nil, 1)
        // "what does my week look like".
        case "my" where word(start + 1) == "week": return (week(offset: 0), nil, 2)
        case "my" where word(start + 1) == "weekend": return (weekend(offset: 0), nil, 2)
        case "this", "next", "last", "coming": return relative(first, words, at: start + 1, end: end).map { ($0.date, $0.period, $0.length + 1) }
        case "in", "during":
            guard let month = word(start + 1).flatMap({ CalendarWords.months[$0] }) else { return nil }
            return (.month(year: month >= today.month ? today.year : today.year + 1, month: month), nil, 2)
        case "the":
            if word(start + 1) == "day", word(start + 2) == "after", word(start + 3) == "tomorrow" { return day(today.adding(days: 2), 4) }
            if word(start + 1) == "week" { return (week(offset: 0), nil, 2) }
            if word(start + 1) == "weekend" { return (weekend(offset: 0), nil, 2) }
            if let explicit = explicitDay(words, at: start, end: end) { return (.day(explicit.day), nil, explicit.length) }
            // "the 3rd", but not "the first meeting" or "the 2 o'clock".
            guard let number = dayNumber(words, at: start + 1, end: end), !Self.notADay.contains(word(start + 1 + number.length) ?? ""),
                  let next = nextDay(ofMonth: number.value) else { return nil }
            return (.day(next), nil, 1 + number.length)
        default:
            if let weekday = CalendarWords.weekdays[first] { return weekdayPhrase(weekday, words, at: start, end: end, from: coming(weekday)) }
            if let explicit = explicitDay(words, at: start, end: end) { return (.day(explicit.day), nil, explicit.length) }
            if let numeric = numericDay(first) { return (.day(numeric), nil, 1) }
            // "on 3rd"; a spelled ordinal alone only after "on" ("on third"), since "first" is an ordinary word.
            guard introduced || NumberWords.suffixed(first) != nil, let ordinal = NumberWords.ordinal(words, at: start, end: end),
                  !Self.notADay.contains(word(start + ordinal.length) ?? ""), let next = nextDay(ofMonth: ordinal.value) else { return nil }
            return (.day(next), nil, ordinal.length)
        }
    }

    /// After "this", "next", "last" or "coming": `start` is the word that follows it.
    private func relative(_ kind: String, _ words: [String], at start: Int, end: Int) -> Found? {
        guard start < end else { return nil }
        let word = words[start]
        if kind == "this", let period = CalendarWords.periods[word] { return (.day(today), period, 1) }
        let offset = kind == "next" ? 1 : kind == "last" ? -1 : 0
        if kind != "coming" {
            switch word {
            case "week": return (week(offset: offset), nil, 1)
            case "weekend": return (weekend(offset: offset), nil, 1)
            case "month": return (month(offset: offset), nil, 1)
            default: break
            }
        }
        if kind == "this", word == "coming", start + 1 < end, let weekday = CalendarWords.weekdays[words[start + 1]] {
            return weekdayPhrase(weekday, words, at: start + 1, end: end, from: coming(weekday)).map { ($0.date, $0.period, $0.length + 1) }
        }
        guard let weekday = CalendarWords.weekdays[word] else { return nil }
        let day = switch kind {
        case "this": today.adding(days: (weekday - today.isoWeekday + 7) % 7)
        case "last": previous(weekday)
        default: coming(weekday)
        }
        return weekdayPhrase(weekday, words, at: start, end: end, from: day)
    }

    /// A weekday name at `start` naming `day`, with an optional part of the day; when an explicit date follows
    /// ("Friday, December 4th", "Friday the 4th"), that date is what was meant.
    private func weekdayPhrase(_ weekday: Int, _ words: [String], at start: Int, end: Int, from day: CalendarDay) -> Found? {
        if let explicit = explicitDay(words, at: start + 1, end: end) { return (.day(explicit.day), nil, 1 + explicit.length) }
        if start + 1 < end, words[start + 1] == "the", let number = dayNumber(words, at: start + 2, end: end), let next = nextDay(ofMonth: number.value) {
            return (.day(next), nil, 2 + number.length)
        }
        if start + 1 < end, let period = CalendarWords.periods[words[start + 1]] { return (.day(day), period, 2) }
        return (.day(day), nil, 1)
    }

    /// "December 3rd [2027]", "Dec the 3rd", "[the] 3rd of December [2027]", "3 December": a day of a named month.
    private func explicitDay(_ words: [String], at start: Int, end: Int) -> (day: CalendarDay, length: Int)? {
        var index = start
        if index < end, words[index] == "the" { index += 1 }
        if index < end, let month = CalendarWords.months[words[index]] {
            // Month first: "December 3rd", "December the 3rd".
            var dayIndex = index + 1
            if dayIndex < end, words[dayIndex] == "the" { dayIndex += 1 }
            guard index == start, let number = dayNumber(words, at: dayIndex, end: end) else { return nil }
            return named(month: month, day: number.value, words, yearAt: dayIndex + number.length, end: end, from: start)
        }
        // Day first: "the 3rd of December", "3rd December", "3 December".
        guard let number = dayNumber(words, at: index, end: end) else { return nil }
        var monthIndex = index + number.length
        if monthIndex < end, words[monthIndex] == "of" { monthIndex += 1 }
        guard monthIndex < end, let month = CalendarWords.months[words[monthIndex]] else { return nil }
        return named(month: month, day: number.value, words, yearAt: monthIndex + 1, end: end, from: start)
    }

    /// The day `month`/`day` with the year that may follow at `yearAt`, or else this year's or next year's.
    private func named(month: Int, day: Int, _ words: [String], yearAt index: Int, end: Int, from start: Int) -> (day: CalendarDay, length: Int)? {
        if index < end, words[index].count == 4, let year = NumberWords.digits(words[index]), year >= 1000 {
            return CalendarDay(year: year, month: month, day: day).map { ($0, index + 1 - start) }
        }
        return nextDay(month: month, day: day).map { ($0, index - start) }
    }

    /// `month`/`day` this year, or next year when it has passed (or does not exist this year).
    func nextDay(month: Int, day: Int) -> CalendarDay? {
        if let thisYear = CalendarDay(year: today.year, month: month, day: day), thisYear >= today { return thisYear }
        return CalendarDay(year: today.year + 1, month: month, day: day)
    }

    /// "12/3", "12/3/2027", "12/3/27": month/day[/year] as written in the US; without a year, the next such day.
    private func numericDay(_ word: String) -> CalendarDay? {
        let parts = word.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2 || parts.count == 3, parts.allSatisfy({ !$0.isEmpty && $0.count <= 4 }),
              let month = NumberWords.digits(parts[0]), let dayOfMonth = NumberWords.digits(parts[1]),
              parts[0].count <= 2, parts[1].count <= 2 else { return nil }
        guard parts.count == 3 else { return nextDay(month: month, day: dayOfMonth) }
        guard let year = NumberWords.digits(parts[2]), parts[2].count == 2 || parts[2].count == 4 else { return nil }
        return CalendarDay(year: parts[2].count == 2 ? 2000 + year : year, month: month, day: dayOfMonth)
    }

    /// A day of the month said as an ordinal ("3rd", "third") or a number ("3"), 1 to 31.
    private func dayNumber(_ words: [String], at start: Int, end: Int) -> (value: Int, length: Int)? {
        guard let number = NumberWords.ordinal(words, at: start, end: end) ?? NumberWords.cardinal(words, at: start, end: end),
              (1...31).contains(number.value) else { return nil }
        return number
    }

    /// Words after "the <number>" that make it something else than a day: "the first meeting", "the 2 o'clock".
    private static let notADay: Set<String> = [
        "meeting", "meetings", "event", "events", "appointment", "appointments", "one", "thing", "call", "time", "oclock",
        "am", "pm", "hour", "hours", "minute", "minutes",
    ]

    // MARK: Arithmetic

    /// The next day numbered `day` on or after today: this month's if it has not passed, else the next month that
    /// has such a day (the 31st asked on April 5th is May 31st).
    func nextDay(ofMonth day: Int) -> CalendarDay? {
        var year = today.year, month = today.month
        for _ in 0..<13 {
            if let candidate = CalendarDay(year: year, month: month, day: day), candidate >= today { return candidate }
            (year, month) = month == 12 ? (year + 1, 1) : (year, month + 1)
        }
        return nil
    }

    /// The coming `weekday` (1 = Monday): 1 to 7 days ahead, never today.
    func coming(_ weekday: Int) -> CalendarDay {
        let ahead = (weekday - today.isoWeekday + 7) % 7
        return today.adding(days: ahead == 0 ? 7 : ahead)
    }

    /// The previous `weekday`: 1 to 7 days back, never today.
    func previous(_ weekday: Int) -> CalendarDay {
        let back = (today.isoWeekday - weekday + 7) % 7
        return today.adding(days: -(back == 0 ? 7 : back))
    }

    func week(offset: Int) -> DateSpec {
        let week = today.adding(days: 7 * offset).isoWeek
        return .week(year: week.year, week: week.week)
    }

    func weekend(offset: Int) -> DateSpec {
        let week = today.adding(days: 7 * offset).isoWeek
        return .weekend(year: week.year, week: week.week)
    }

    func month(offset: Int) -> DateSpec {
        let index = today.year * 12 + (today.month - 1) + offset
        return .month(year: index / 12, month: index % 12 + 1)
    }
}
