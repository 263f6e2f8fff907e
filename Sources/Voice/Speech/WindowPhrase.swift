// WindowPhrase: how speech names a TimeWindow: the lead sentence's opening, the empty answer, and the card's title.
import Foundation

/// The words for one window, seen from `now`.
///
/// | name | lead ("… you have 2 events.") | empty ("You have no events scheduled …") | card title |
/// |---|---|---|---|
/// | today, remainder | For the rest of today | for the rest of today | Rest of today |
/// | today | Today | for today | Today |
/// | tonight | Tonight | for tonight | Tonight |
/// | tomorrow | Tomorrow | for tomorrow | Tomorrow |
/// | day | On Friday / On Friday, December 4th, | on Friday / on Friday, December 4th | Friday, December 4th |
/// | period | This morning / Tomorrow evening / Friday morning / On the morning of Friday, December 4th, | for this morning / … / for the morning of Friday, December 4th | This morning / … |
/// | hour | At 3 PM today / At noon on Friday / At 3 PM on Friday, December 4th, | at 3 PM today / … | At 3 PM today / … |
/// | this week | This week | for this week | This week |
/// | next week | Next week | for next week | Next week |
/// | week | In the week of November 23rd, | for the week of November 23rd | Week of November 23rd |
/// | this weekend | This weekend | for this weekend | This weekend |
/// | weekend | On the weekend of November 28th, | for the weekend of November 28th | Weekend of November 28th |
/// | month | This month / In January, | for this month / for January | This month / January |
/// | now | Right now | right now | Right now |
/// | upcoming | In the next 7 days | (You have nothing scheduled in the next 7 days.) | Next 7 days |
///
/// Today and tomorrow keep those words even when named as ``TimeWindow/Name/day(_:)``. A night or tonight period is
/// "tonight" on today and "tomorrow night" / "Friday night" on other days.
struct WindowPhrase {
    /// Opens the lead sentence; a phrase ending in a date carries its closing comma ("On Friday, December 4th,").
    let lead: String
    /// The whole answer when the window has no events.
    let empty: String
    let cardTitle: String
    /// Spans several days: each event is read with its day ("On Friday at 9 AM, Standup.").
    let isMultiDay: Bool

    init(_ window: TimeWindow, calendar: SpokenCalendar) {
        let none = "You have no events scheduled "
        switch window.name {
        case .today(let remainder):
            lead = remainder ? "For the rest of today" : "Today"
            empty = none + (remainder ? "for the rest of today." : "for today.")
            cardTitle = remainder ? "Rest of today" : "Today"
            isMultiDay = false
        case .tonight:
            (lead, empty, cardTitle, isMultiDay) = ("Tonight", none + "for tonight.", "Tonight", false)
        case .tomorrow:
            (lead, empty, cardTitle, isMultiDay) = ("Tomorrow", none + "for tomorrow.", "Tomorrow", false)
        case .day(let day):
            let on = calendar.on(day)
            switch calendar.relation(day) {
            case .today, .tomorrow: (lead, empty) = (Self.capitalized(on), none + "for \(on).")
            case .weekday: (lead, empty) = (Self.capitalized(on), none + on + ".")
            case .dated: (lead, empty) = (Self.capitalized(on) + ",", none + on + ".")
            }
            cardTitle = calendar.full(day)
            isMultiDay = false
        case .period(let period, let day):
            let words = Self.period(period, of: day, calendar: calendar)
            let dated = calendar.relation(day) == .dated
            lead = dated ? "On " + words + "," : Self.capitalized(words)
            empty = none + "for " + words + "."
            cardTitle = Self.capitalized(words)
            isMultiDay = false
        case .hour(let day, let hour, let minute):
            let clock = SpokenCalendar.clock(hour: hour, minute: minute)
            let words = "at " + clock + " " + calendar.on(day)
            lead = Self.capitalized(words) + (calendar.relation(day) == .dated ? "," : "")
            empty = none + words + "."
            cardTitle = Self.capitalized(words)
            isMultiDay = false
        case .thisWeek:
            (lead, empty, cardTitle, isMultiDay) = ("This week", none + "for this week.", "This week", true)
        case .nextWeek:
            (lead, empty, cardTitle, isMultiDay) = ("Next week", none + "for next week.", "Next week", true)
        case .week(let year, let week):
            let monday = CalendarDay.monday(ofISOWeek: week, year: year) ?? calendar.day(of: window.start)
            let date = calendar.monthDay(monday)
            (lead, empty, cardTitle, isMultiDay) =
                ("In the week of \(date),", none + "for the week of \(date).", "Week of \(date)", true)
        case .thisWeekend:
            (lead, empty, cardTitle, isMultiDay) = ("This weekend", none + "for this weekend.", "This weekend", true)
        case .weekend(let year, let week):
            let saturday = (CalendarDay.monday(ofISOWeek: week, year: year) ?? WindowResolver.mondayOfWeek(containing: calendar.day(of: window.start)))
                .adding(days: 5)
            let date = calendar.monthDay(saturday)
            (lead, empty, cardTitle, isMultiDay) =
                ("On the weekend of \(date),", none + "for the weekend of \(date).", "Weekend of \(date)", true)
        case .month(let year, let month):
            if year == calendar.today.year && month == calendar.today.month {
                (lead, empty, cardTitle) = ("This month", none + "for this month.", "This month")
            } else {
                let name = calendar.month(year: year, month: month)
                (lead, empty, cardTitle) = ("In \(name),", none + "for \(name).", name)
            }
            isMultiDay = true
        case .now:
            (lead, empty, cardTitle, isMultiDay) = ("Right now", none + "right now.", "Right now", false)
        case .upcoming:
            (lead, empty, cardTitle, isMultiDay) =
                ("In the next 7 days", "You have nothing scheduled in the next 7 days.", "Next 7 days", true)
        }
    }

    /// "this morning", "tonight", "tomorrow evening", "Friday night", "the afternoon of Friday, December 4th".
    static func period(_ period: DayPeriod, of day: CalendarDay, calendar: SpokenCalendar) -> String {
        let word: String = switch period {
        case .morning: "morning"
        case .afternoon: "afternoon"
        case .evening: "evening"
        case .night, .tonight: "night"
        }
        switch calendar.relation(day) {
        case .today: return word == "night" ? "tonight" : "this " + word
        case .tomorrow: return "tomorrow " + word
        case .weekday: return calendar.bare(day) + " " + word
        case .dated: return "the \(word) of " + calendar.full(day)
        }
    }

    /// The first letter in upper case (the rest untouched: subjects keep their own spelling).
    static func capitalized(_ text: String) -> String {
        guard let first = text.first else { return text }
        return first.uppercased() + text.dropFirst()
    }
}
