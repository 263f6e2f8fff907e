// CalendarWords: the en-US names of weekdays, months and parts of the day, and which words are about time.

enum CalendarWords {
    /// ISO weekday (1 = Monday) by name. "wed", "sat" and "sun" are left out: they are also ordinary words.
    static let weekdays: [String: Int] = [
        "monday": 1, "mon": 1, "tuesday": 2, "tue": 2, "tues": 2, "wednesday": 3, "weds": 3,
        "thursday": 4, "thu": 4, "thur": 4, "thurs": 4, "friday": 5, "fri": 5, "saturday": 6, "sunday": 7,
    ]

    /// Month number by name and abbreviation. An abbreviation, "may" and "march" count only before a day
    /// number ("Dec 3rd", "May 5"), or after "in" ("in May"), never alone.
    static let months: [String: Int] = [
        "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4, "may": 5,
        "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9,
        "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
    ]

    /// The parts of a day a date word can carry: "tomorrow morning", "Friday evening", "Monday night".
    static let periods: [String: DayPeriod] = ["morning": .morning, "afternoon": .afternoon, "evening": .evening, "night": .night]

    /// Words that only make sense as (part of) a date or time. A question that still has one of these after its
    /// dates and times were read ("what's on my calendar on February 30th", "in two weeks") asked about a time
    /// the parser did not understand, and must not be answered as if it had asked about today.
    static func isTemporal(_ word: String) -> Bool {
        if weekdays[word] != nil || NumberWords.suffixed(word) != nil { return true }
        if NumberWords.digits(word) != nil || word.contains(":" as Character) && NumberWords.isNumeric(word) { return true }
        return temporalWords.contains(word)
    }

    private static let temporalWords: Set<String> = [
        "january", "february", "april", "june", "july", "august", "september", "october", "november", "december",
        "am", "pm", "oclock", "noon", "midnight", "morning", "afternoon", "evening", "night", "tonight",
        "week", "weeks", "weekend", "weekends", "month", "months", "year", "years", "days", "hour", "hours",
        "yesterday", "tomorrow", "today", "fortnight",
    ]
}
