// DateSpec and TimeSpec: what a date or time slot names, before it is placed in a time zone.

/// What an AMAZON.DATE value (or the same words in free text) names.
public enum DateSpec: Hashable, Sendable {
    /// `2026-11-25`; "today", "tomorrow", "Friday", "on December 3rd", "on the 3rd".
    case day(CalendarDay)
    /// `2026-W48`; "this week", "next week" (ISO weeks, Monday to Sunday).
    case week(year: Int, week: Int)
    /// `2026-W48-WE`; "this weekend" (that week's Saturday and Sunday).
    case weekend(year: Int, week: Int)
    /// `2026-11`; "this month", "in December".
    case month(year: Int, month: Int)
    /// `PRESENT_REF`; "now", "right now".
    case present
}

/// The parts of a day, as AMAZON.TIME names them (`MO`, `AF`, `EV`, `NI`), plus "tonight".
public enum DayPeriod: String, Hashable, Sendable, CaseIterable {
    /// 05:00–12:00.
    case morning = "MO"
    /// 12:00–17:00.
    case afternoon = "AF"
    /// 17:00–21:00.
    case evening = "EV"
    /// 21:00–24:00.
    case night = "NI"
    /// 17:00–24:00 (free text only: AMAZON.TIME has no value for it).
    case tonight = "TONIGHT"

    /// Start and end hour of the local day (24 = the next midnight).
    public var hours: (start: Int, end: Int) {
        switch self {
        case .morning: (5, 12)
        case .afternoon: (12, 17)
        case .evening: (17, 21)
        case .night: (21, 24)
        case .tonight: (17, 24)
        }
    }
}

/// What an AMAZON.TIME value (or the same words in free text) names.
public enum TimeSpec: Hashable, Sendable {
    /// `14:00`; "at 3 PM", "at noon", "at 10".
    case clock(hour: Int, minute: Int)
    /// `MO`, `AF`, `EV`, `NI`; "this morning", "tonight".
    case period(DayPeriod)
}
