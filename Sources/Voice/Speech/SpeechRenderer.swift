// SpeechRenderer: turns events and a window into what Alexa says and shows: read answers, the next event, and the
// dialog's confirmations.
import Foundation
import TextSupport

/// Renders speech in en-US. Pure: the same events, window and `now` give the same words.
///
/// A read answer is a lead sentence naming the window and the count ("Tomorrow you have 2 events."), then up to
/// ``maxRead`` events, all-day ones first on each day, then timed ones by start ("All day, Company offsite. At 9 AM,
/// Standup. At 12:30 PM, Lunch with Sam, at Cafe Rio."), and, when some are left unread, ", and 2 more." closing
/// the last one read. Views of several days say each event's day ("On Friday at 9 AM, Standup."); so does a
/// one-day view for an event that starts on another day (one that began yesterday evening). Private events are
/// "a private appointment", with no subject or location, in speech and card alike.
public struct SpeechRenderer: Hashable, Sendable {
    /// How many events a read answer says; the rest are counted ("and 2 more.") and listed on the card.
    public var maxRead: Int

    public init(maxRead: Int = 3) {
        self.maxRead = maxRead
    }

    /// The longest subject or location spoken, in characters (cut at a word): a pathological subject must not
    /// crowd the rest of the answer out of ``Speech/ssmlLimit``.
    static let maxFieldLength = 200

    // MARK: - Reads

    /// The answer to "what's on my calendar …" for `window`.
    ///
    /// `events` may come in any order; those that do not overlap `[window.start, window.end)` are left out (an
    /// event of no length counts when it starts inside). Times are said in `window.timeZone`, days relative to
    /// `now` there. The SSML stays under ``Speech/ssmlLimit``: fewer events are read (and the rest counted) when
    /// needed. The card lists every event (down to what fits under ``Speech/cardLimit``).
    public func render(_ events: [SpokenEvent], in window: TimeWindow, now: Date) -> Speech {
        let calendar = SpokenCalendar(now: now, timeZone: window.timeZone)
        let phrase = WindowPhrase(window, calendar: calendar)
        let items = sortedItems(events.filter { Self.shows($0, in: window) }, window: window, multiDay: phrase.isMultiDay, calendar: calendar)
        guard !items.isEmpty else {
            return Speech(plain: phrase.empty, cardTitle: phrase.cardTitle, cardText: phrase.empty)
        }
        let lead = phrase.lead + " you have " + (items.count == 1 ? "1 event." : "\(items.count) events.")
        let sentences = items.map(\.sentence)
        let read = readCount(lead: lead, sentences: sentences)
        var plain = lead
        for (index, sentence) in sentences.prefix(read).enumerated() {
            plain += " " + sentence
            let unread = sentences.count - read
            plain += index == read - 1 && unread > 0 ? ", and \(unread) more." : "."
        }
        return Speech(plain: plain, cardTitle: phrase.cardTitle, cardText: cardText(title: phrase.cardTitle, lines: items.map(\.cardLine)))
    }

    /// The answer to "what's my next meeting": the first event starting at or after `now` and before `window.end`
    /// (events already under way are not "next"; all-day events first among equal starts).
    /// "Your next event is Standup, tomorrow at 9 AM." / "… Lunch with Sam, Friday at 12:30 PM, at Cafe Rio." /
    /// "… Company offsite, tomorrow, all day."; none: the window's empty answer ("You have nothing scheduled in
    /// the next 7 days." for ``WindowResolver/nextEventWindow(now:timeZone:)``).
    public func renderNextEvent(_ events: [SpokenEvent], in window: TimeWindow, now: Date) -> Speech {
        let calendar = SpokenCalendar(now: now, timeZone: window.timeZone)
        guard let next = Self.nextEvent(in: events, before: window.end, now: now).map({ events[$0] }) else {
            let empty = WindowPhrase(window, calendar: calendar).empty
            return Speech(plain: empty, cardTitle: "Next event", cardText: empty)
        }
        var plain = "Your next event is " + mention(next, calendar: calendar)
        if let location = location(of: next) { plain += ", at " + location }
        plain += "."
        return Speech(plain: plain, cardTitle: "Next event", cardText: cardLine(next, day: calendar.day(of: next.start), withDay: true, calendar: calendar))
    }

    // MARK: - Dialog

    /// An event as a confirmation names it: "Lunch with Sam, Friday at noon, for an hour"; all day: "Company
    /// offsite, Friday, all day". The first letter is capitalized (titles come from speech in lower case);
    /// durations as ``SpokenCalendar/duration(seconds:)``: "for 30 minutes", "for an hour and a half", "for 2 hours".
    public func describe(event: SpokenEvent, now: Date, timeZone: TimeZone) -> String {
        let calendar = SpokenCalendar(now: now, timeZone: timeZone)
        var text = WindowPhrase.capitalized(mention(event, calendar: calendar))
        if !event.isAllDay {
            text += ", " + SpokenCalendar.duration(seconds: Int(event.end.timeIntervalSince(event.start).rounded()))
        }
        return text
    }

    /// "Lunch with Sam, Friday at noon, for an hour. Should I add it?"
    public func confirmAdd(event: SpokenEvent, now: Date, timeZone: TimeZone) -> Speech {
        Speech(plain: describe(event: event, now: now, timeZone: timeZone) + ". Should I add it?")
    }

    /// "Should I cancel Standup, tomorrow at 9 AM?"
    public func confirmCancel(event: SpokenEvent, now: Date, timeZone: TimeZone) -> Speech {
        Speech(plain: "Should I cancel " + mention(event, calendar: SpokenCalendar(now: now, timeZone: timeZone)) + "?")
    }

    /// "Should I move Standup, tomorrow at 9 AM, to 4 PM?" (the new day is said when it changes: "… to Friday at 4 PM?").
    public func confirmMove(event: SpokenEvent, to newStart: Date, now: Date, timeZone: TimeZone) -> Speech {
        let calendar = SpokenCalendar(now: now, timeZone: timeZone)
        let newDay = calendar.day(of: newStart)
        let target = newDay == calendar.day(of: event.start)
            ? calendar.clock(newStart)
            : calendar.bare(newDay, at: calendar.clock(newStart))
        return Speech(plain: "Should I move " + mention(event, calendar: calendar) + ", to " + target + "?")
    }

    /// After CreateItem: "Done. Lunch with Sam is on your calendar, Friday at noon."
    public func added(event: SpokenEvent, now: Date, timeZone: TimeZone) -> Speech {
        let calendar = SpokenCalendar(now: now, timeZone: timeZone)
        let day = calendar.day(of: event.start)
        let when = event.isAllDay ? calendar.bare(day) + ", all day" : calendar.bare(day, at: calendar.clock(event.start))
        return Speech(plain: "Done. " + WindowPhrase.capitalized(subject(of: event)) + " is on your calendar, " + when + ".")
    }

    /// After a move: "Done. I moved it to tomorrow at 4 PM." (said from `now`, like every day here).
    public func moved(to newStart: Date, now: Date, timeZone: TimeZone) -> Speech {
        let calendar = SpokenCalendar(now: now, timeZone: timeZone)
        return Speech(plain: "Done. I moved it to " + calendar.bare(calendar.day(of: newStart), at: calendar.clock(newStart)) + ".")
    }

    /// After a cancel: "Done. I canceled Standup, tomorrow at 9 AM."
    public func canceled(event: SpokenEvent, now: Date, timeZone: TimeZone) -> Speech {
        Speech(plain: "Done. I canceled " + mention(event, calendar: SpokenCalendar(now: now, timeZone: timeZone)) + ".")
    }

    /// When several events match a move or cancel: "Which one: Standup at 9 AM or Review at 2 PM?" (three or
    /// more: "Which one: A, B, or C?"). Candidates on different days are named with their day ("Standup, tomorrow
    /// at 9 AM"). More than `maxRead` (at least 2, at most 10): "I found 5 matching events. The first 3 are A, B,
    /// and C. Which one?" The card lists them all.
    public func askWhich(_ candidates: [SpokenEvent], now: Date, timeZone: TimeZone) -> Speech {
        let calendar = SpokenCalendar(now: now, timeZone: timeZone)
        let sorted = candidates.sorted(by: Self.precedes)
        let oneDay = Set(sorted.map { calendar.day(of: $0.start) }).count <= 1
        let names = sorted.map { event -> String in
            guard oneDay else { return mention(event, calendar: calendar) }
            return subject(of: event) + (event.isAllDay ? ", all day" : " at " + calendar.clock(event.start))
        }
        let limit = min(max(maxRead, 2), 10)
        let plain: String
        if names.count <= limit {
            plain = "Which one: " + Self.list(names, conjunction: "or") + "?"
        } else {
            plain = "I found \(names.count) matching events. The first \(limit) are " + Self.list(Array(names.prefix(limit)), conjunction: "and") + ". Which one?"
        }
        let lines = sorted.map { cardLine($0, day: calendar.day(of: $0.start), withDay: true, calendar: calendar) }
        return Speech(plain: plain, cardTitle: "Which one?", cardText: cardText(title: "Which one?", lines: lines))
    }

    /// A fixed sentence (see ``Prompts``) as speech.
    public func prompt(_ text: String) -> Speech {
        Speech(plain: text)
    }

    // MARK: - Events

    /// One event of a read answer: its sentence without the final period, its card line, and where it sorts.
    private struct Item {
        let day: CalendarDay
        let event: SpokenEvent
        let sentence: String
        let cardLine: String
    }

    private func sortedItems(_ events: [SpokenEvent], window: TimeWindow, multiDay: Bool, calendar: SpokenCalendar) -> [Item] {
        let windowDay = calendar.day(of: window.start)
        return events.map { event in
            // An all-day event under way since before the window belongs to the window's first day.
            let day = event.isAllDay ? max(calendar.day(of: event.start), windowDay) : calendar.day(of: event.start)
            let withDay = multiDay || day != windowDay
            return Item(day: day, event: event, sentence: sentence(event, day: day, withDay: withDay, calendar: calendar),
                        cardLine: cardLine(event, day: day, withDay: withDay, calendar: calendar))
        }
        .sorted { a, b in
            a.day != b.day ? a.day < b.day : Self.precedes(a.event, b.event)
        }
    }

    /// All-day before timed, then by start, end, subject (so that equal inputs in any order read the same).
    private static func precedes(_ a: SpokenEvent, _ b: SpokenEvent) -> Bool {
        if a.isAllDay != b.isAllDay { return a.isAllDay }
        if a.start != b.start { return a.start < b.start }
        if a.end != b.end { return a.end < b.end }
        return a.subject < b.subject
    }

    /// "At 9 AM, Standup" / "All day, Company offsite" / "On Friday at noon, Lunch with Sam, at Cafe Rio" /
    /// "Tomorrow, all day, a private appointment".
    private func sentence(_ event: SpokenEvent, day: CalendarDay, withDay: Bool, calendar: SpokenCalendar) -> String {
        let when: String
        if event.isAllDay {
            when = withDay ? WindowPhrase.capitalized(calendar.on(day)) + ", all day" : "All day"
        } else {
            let clock = calendar.clock(event.start)
            when = withDay ? WindowPhrase.capitalized(calendar.on(day, at: clock)) : "At " + clock
        }
        var text = when + ", " + subject(of: event)
        if let location = location(of: event) { text += ", at " + location }
        return text
    }

    /// "Standup, tomorrow at 9 AM" / "Company offsite, Friday, all day" (mid-sentence: not capitalized).
    private func mention(_ event: SpokenEvent, calendar: SpokenCalendar) -> String {
        let day = calendar.day(of: event.start)
        let when = event.isAllDay ? calendar.bare(day) + ", all day" : calendar.bare(day, at: calendar.clock(event.start))
        return subject(of: event) + ", " + when
    }

    /// The card's line: "9 AM–9:30 AM: Standup (Cafe Rio)", "All day: Company offsite", with the full date first in
    /// views of several days ("Friday, December 4th, 9 AM–9:30 AM: Standup").
    private func cardLine(_ event: SpokenEvent, day: CalendarDay, withDay: Bool, calendar: SpokenCalendar) -> String {
        let when = event.isAllDay ? "all day" : calendar.cardClock(event.start) + "–" + calendar.cardClock(event.end)
        var line = withDay ? calendar.full(day) + ", " + when : WindowPhrase.capitalized(when)
        line += ": " + (event.isPrivate ? "Private appointment" : subject(of: event))
        if let location = location(of: event) { line += " (" + location + ")" }
        return line
    }

    private func subject(of event: SpokenEvent) -> String {
        if event.isPrivate { return "a private appointment" }
        let text = Self.spoken(event.subject)
        return text.isEmpty ? "an untitled event" : text
    }

    private func location(of event: SpokenEvent) -> String? {
        guard !event.isPrivate, let location = event.location else { return nil }
        let text = Self.spoken(location)
        return text.isEmpty ? nil : text
    }

    /// Whether a read of `window` includes `event`: it overlaps `[window.start, window.end)` (an event of no length
    /// counts when it starts inside). A part of a day or an hour ("tomorrow afternoon", "at 4 PM") asks about
    /// meetings, so all-day events are left out of those.
    public static func shows(_ event: SpokenEvent, in window: TimeWindow) -> Bool {
        switch window.name {
        case .period, .tonight, .hour: if event.isAllDay { return false }
        default: break
        }
        return event.end > event.start
            ? event.start < window.end && event.end > window.start
            : event.start >= window.start && event.start < window.end
    }

    /// The index of the next event: the first to start at or after `now` and before `end` (events under way are
    /// not "next"); among equal starts all-day first, then by end and subject.
    public static func nextEvent(in events: [SpokenEvent], before end: Date, now: Date) -> Int? {
        events.indices.filter { events[$0].start >= now && events[$0].start < end }.min { a, b in
            events[a].start != events[b].start ? events[a].start < events[b].start : precedes(events[a], events[b])
        }
    }

    /// A subject or location as speech can carry it: control characters and runs of white space become one space,
    /// a trailing period or comma goes (the sentence adds its own), and it is cut at a word to ``maxFieldLength``.
    static func spoken(_ text: String) -> String {
        if isSpokenAlready(text) { return text }
        var words: [Substring] = []
        for word in text.split(whereSeparator: { $0.isWhitespace || $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } }) {
            words.append(word)
        }
        var result = words.joined(separator: " ")
        if result.count > maxFieldLength {
            let cut = result.prefix(maxFieldLength)
            if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > maxFieldLength / 2 {
                result = String(cut[..<space])
            } else {
                result = String(cut)
            }
        }
        while let last = result.last, ".,;:".contains(last) {
            result.removeLast()
        }
        return result.trimmingWhitespace()
    }

    /// The common case, told from the bytes alone: printable ASCII words with single spaces between them, short
    /// enough, no trailing period or comma. ``spoken(_:)`` would give it back unchanged (Character properties cost
    /// 4% of a voice turn's CPU).
    private static func isSpokenAlready(_ text: String) -> Bool {
        var count = 0
        var previous: UInt8 = 0x20  // a leading space is not spoken
        for byte in text.utf8 {
            guard byte >= 0x20 && byte < 0x7F, !(byte == 0x20 && previous == 0x20) else { return false }
            previous = byte
            count += 1
        }
        return count > 0 && count <= maxFieldLength && !" .,;:".utf8.contains(previous)
    }

    // MARK: - Limits

    /// How many sentences fit after `lead` under ``Speech/ssmlLimit`` (with their separators, the closing "and N
    /// more.", and `<speak></speak>`), at most ``maxRead``. Lengths are counted escaped, so no escape is ever cut.
    private func readCount(lead: String, sentences: [String]) -> Int {
        let limit = min(max(maxRead, 0), sentences.count)
        var length = Speech.speakTagsLength + Speech.escapedLength(lead)
        var best = 0
        guard limit > 0 else { return 0 }
        for count in 1...limit {
            length += 1 + Speech.escapedLength(sentences[count - 1]) + 1  // " " + sentence + "."
            let unread = sentences.count - count
            let closing = unread > 0 ? ", and \(unread) more.".utf8.count - 1 : 0
            if length + closing < Speech.ssmlLimit { best = count } else { break }
        }
        return best
    }

    /// The lines, one per event, as many as fit with the title under ``Speech/cardLimit``; a last line counts the rest.
    private func cardText(title: String, lines: [String]) -> String {
        var text = ""
        var length = title.utf8.count
        for (index, line) in lines.enumerated() {
            let unread = lines.count - index - 1
            let reserve = unread > 0 ? "\n…and \(unread) more".utf8.count : 0
            if length + (text.isEmpty ? 0 : 1) + line.utf8.count + reserve >= Speech.cardLimit {
                return text + (text.isEmpty ? "" : "\n") + "…and \(lines.count - index) more"
            }
            text += (text.isEmpty ? "" : "\n") + line
            length = title.utf8.count + text.utf8.count
        }
        return text
    }

    /// "A", "A or B", "A, B, or C".
    private static func list(_ items: [String], conjunction: String) -> String {
        switch items.count {
        case 0: return ""
        case 1: return items[0]
        case 2: return items[0] + " " + conjunction + " " + items[1]
        default: return items.dropLast().joined(separator: ", ") + ", " + conjunction + " " + items[items.count - 1]
        }
    }
}
