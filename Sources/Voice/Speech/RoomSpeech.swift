// RoomSpeech: what a device in a meeting room says about the room's calendar: free or booked, until when, its
// meetings, and instant bookings.
import Foundation

/// Sentences about one room (`roomName`) as seen from `now` in the room's time zone. Private meetings are "a
/// private meeting", never by subject. Times are on the 12-hour clock of that zone ("until 2:30 PM").
public struct RoomSpeech: Sendable {
    public let roomName: String
    public let now: Date
    public let timeZone: TimeZone
    let calendar: SpokenCalendar
    let renderer: SpeechRenderer

    public init(roomName: String, now: Date, timeZone: TimeZone, renderer: SpeechRenderer = SpeechRenderer()) {
        self.roomName = roomName
        self.now = now
        self.timeZone = timeZone
        calendar = SpokenCalendar(now: now, timeZone: timeZone)
        self.renderer = renderer
    }

    /// "Boardroom is free until 2 PM." / "… is free for the rest of the day." / "… is booked until 3 PM, for Quarterly planning."
    /// `events` are the room's events from `at` to the end of its day, in any order.
    public func availability(at instant: Date, events: [SpokenEvent], askedTime: Bool) -> Speech {
        let sorted = events.sorted { $0.start < $1.start }
        let day = calendar.day(of: instant)
        let lead = askedTime ? "At \(when(instant)), \(roomName)"
            : day == calendar.today ? roomName : "\(WindowPhrase.capitalized(calendar.bare(day))), \(roomName)"
        if let current = sorted.first(where: { $0.start <= instant && instant < $0.end }) {
            let freeAt = Self.freeFrom(instant, in: sorted)
            return renderer.prompt("\(lead) is booked until \(calendar.clock(freeAt))\(forSubject(current)).")
        }
        if let next = sorted.first(where: { $0.start > instant }), calendar.day(of: next.start) == calendar.day(of: instant) {
            return renderer.prompt("\(lead) is free until \(calendar.clock(next.start)).")
        }
        return renderer.prompt("\(lead) is free for the rest of the day.")
    }

    /// "Boardroom is free now, until 2 PM." / "Boardroom is booked now; it's free from 3:30 PM." / "… is booked for the
    /// rest of the day."
    public func nextFree(events: [SpokenEvent], dayEnd: Date) -> Speech {
        let sorted = events.sorted { $0.start < $1.start }
        guard sorted.contains(where: { $0.start <= now && now < $0.end }) else {
            if let next = sorted.first(where: { $0.start > now && $0.start < dayEnd }) {
                return renderer.prompt("\(roomName) is free now, until \(calendar.clock(next.start)).")
            }
            return renderer.prompt("\(roomName) is free now, for the rest of the day.")
        }
        let free = Self.freeFrom(now, in: sorted)
        guard free < dayEnd else { return renderer.prompt("\(roomName) is booked for the rest of the day.") }
        return renderer.prompt("\(roomName) is booked now; it's free from \(calendar.clock(free)).")
    }

    /// The room's meetings of a day: "Boardroom has 2 meetings today: Quarterly planning from 1 to 2:30 PM, and a
    /// private meeting from 4 to 5 PM." / "Nothing is booked in Boardroom today."
    public func schedule(_ events: [SpokenEvent], day: CalendarDay) -> Speech {
        let when = calendar.bare(day)
        let sorted = events.sorted { $0.start < $1.start }
        guard !sorted.isEmpty else { return renderer.prompt("Nothing is booked in \(roomName) \(when).") }
        let items = sorted.map { event in
            event.isAllDay ? "\(subject(event)) all day" : "\(subject(event)) from \(calendar.clock(event.start)) to \(calendar.clock(event.end))"
        }
        let count = sorted.count == 1 ? "1 meeting" : "\(sorted.count) meetings"
        let list = items.count == 1 ? items[0] : items.dropLast().joined(separator: ", ") + ", and " + items.last!
        return Speech(plain: "\(roomName) has \(count) \(when): \(list).", cardTitle: "\(roomName), \(when)", cardText: items.joined(separator: "\n"))
    }

    /// "Book Boardroom now, until 2:30 PM?"
    public func confirmBooking(until end: Date) -> Speech {
        renderer.prompt("Book \(roomName) now, until \(when(end))?")
    }

    /// "Booked. Boardroom is yours until 2:30 PM."
    public func booked(until end: Date) -> Speech {
        renderer.prompt("Booked. \(roomName) is yours until \(when(end)).")
    }

    /// "Boardroom is booked from 2 to 3 PM, so I can't book it for 30 minutes now."
    public func cannotBook(seconds: Int, conflict: SpokenEvent) -> Speech {
        let busy = conflict.start <= now ? "is booked until \(when(conflict.end))" :
            "is booked from \(when(conflict.start)) to \(calendar.clock(conflict.end))"
        return renderer.prompt("\(roomName) \(busy), so I can't book it \(SpokenCalendar.duration(seconds: seconds)) now.")
    }

    /// "OK, I ended the meeting. Boardroom is free now."
    public var ended: Speech { renderer.prompt("OK, I ended the meeting. \(roomName) is free now.") }

    /// When no meeting the room booked is going on.
    public var nothingToEnd: Speech {
        renderer.prompt("There's no meeting booked from this room going on right now. I can only end meetings booked with \"book this room\".")
    }

    // MARK: -

    /// The first instant from `instant` on that no event covers (back-to-back meetings are one busy stretch).
    static func freeFrom(_ instant: Date, in sorted: [SpokenEvent]) -> Date {
        var free = instant
        for event in sorted where event.start <= free && free < event.end { free = event.end }
        for event in sorted where event.start <= free && free < event.end { free = event.end }
        return free
    }

    func when(_ instant: Date) -> String {
        calendar.day(of: instant) == calendar.today ? calendar.clock(instant) : calendar.bare(calendar.day(of: instant), at: calendar.clock(instant))
    }

    func subject(_ event: SpokenEvent) -> String {
        event.isPrivate ? "a private meeting" : SpeechRenderer.spoken(event.subject)
    }

    func forSubject(_ event: SpokenEvent) -> String {
        event.isPrivate ? ", for a private meeting" : ", for \(SpeechRenderer.spoken(event.subject))"
    }
}
