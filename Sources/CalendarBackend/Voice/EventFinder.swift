// EventFinder: which events a move or cancel means ("my meeting at 2 PM today", "the standup"), and where to look.
import Foundation
import Voice

/// Finds the events a move or cancel names, by time, by title words, or both.
enum EventFinder {
    /// Where to look: the named day (no date but a time: today), the named week or month, or, for a title alone,
    /// today and the 7 days after it.
    static func searchWindow(for intent: VoiceIntent, now: Date, timeZone: TimeZone) -> (start: Date, end: Date) {
        let today = CalendarDay(now, in: timeZone)
        switch intent.date {
        case .day(let day):
            return (day.start(in: timeZone), day.adding(days: 1).start(in: timeZone))
        case .week, .weekend, .month:
            let window = WindowResolver.window(date: intent.date, time: nil, now: now, timeZone: timeZone)
            return (window.start, window.end)
        case .present, nil:
            let days = intent.time == nil ? WindowResolver.nextEventDays + 1 : 1
            return (today.start(in: timeZone), today.adding(days: days).start(in: timeZone))
        }
    }

    /// The events matching the intent's time (a clock time: the start; a part of the day: a start inside it) and
    /// title (every word of it in the subject, ignoring case). With a title and no day or time, only the earliest
    /// match still to come (a daily standup is "the next standup"), or the earliest one of today if none is.
    static func matches(_ events: [VoiceEvent], for intent: VoiceIntent, now: Date, timeZone: TimeZone) -> [VoiceEvent] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let titleWords = intent.title.map(words) ?? []
        let found = events.filter { event in
            switch intent.time {
            case .clock(let hour, let minute):
                let parts = calendar.dateComponents([.hour, .minute], from: event.start)
                guard !event.isAllDay, parts.hour == hour, parts.minute == minute else { return false }
            case .period(let period):
                let hour = calendar.component(.hour, from: event.start)
                guard !event.isAllDay, hour >= period.hours.start, hour < period.hours.end else { return false }
            case nil:
                break
            }
            guard !titleWords.isEmpty else { return true }
            return Set(words(event.subject)).isSuperset(of: titleWords)
        }
        .sorted { ($0.start, $0.end, $0.subject) < ($1.start, $1.end, $1.subject) }
        guard intent.date == nil, intent.time == nil, !found.isEmpty else { return found }
        let upcoming = found.filter { $0.start >= now }
        let first = upcoming.first?.start ?? found[0].start
        return found.filter { $0.start == first }
    }

    /// Lower-case letters and digits, split at anything else: "Lunch w/ Sam!" → lunch, w, sam.
    static func words(_ text: String) -> [String] {
        text.lowercased().split { !$0.isLetter && !$0.isNumber }.map(String.init)
    }
}
