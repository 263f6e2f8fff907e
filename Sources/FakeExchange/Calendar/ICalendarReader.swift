// ICalendarReader: parses the iCalendar a CalDAV client or DavMail sends as MimeContent into one event's fields.
import Foundation

/// An address on an incoming event (ORGANIZER), as the client wrote it.
struct ICalendarOrganizer: Sendable, Equatable {
    var address: String
    var name: String?
}

/// One event (a single appointment or a series with its exceptions) read from iCalendar, in the
/// fake's terms, ready to become a `CalendarEvent`. Times are absolute.
struct ICalendarEventData: Sendable, Equatable {
    var uid: String?
    var subject: String
    var body: String
    var location: String
    var start: Date
    var end: Date
    var isAllDay: Bool
    /// The zone of DTSTART's TZID; UTC for `Z` and floating times. All-day dates (VALUE=DATE carry no
    /// zone) are read in the document's only VTIMEZONE, else X-WR-TIMEZONE, else UTC.
    var timeZone: TimeZone
    /// EWS Sensitivity: Normal, Private or Confidential.
    var sensitivity: String
    /// EWS LegacyFreeBusyStatus: Free, Tentative, Busy, OOF or WorkingElsewhere.
    var freeBusy: String
    var categories: [String]
    /// Minutes before the start of the first VALARM; nil when there is none.
    var reminderMinutes: Int?
    var organizer: ICalendarOrganizer?
    var requiredAttendees: [Attendee]
    var optionalAttendees: [Attendee]
    var resources: [Attendee]
    var recurrence: RecurrencePattern?
    /// EXDATE values: original starts of deleted occurrences.
    var deletedOccurrences: Set<Date>
    /// VEVENTs with RECURRENCE-ID, keyed by the original start. A field equal to the master's is nil.
    var exceptions: [Date: OccurrenceOverride]
}

/// Why an iCalendar text was refused, in words for the developer whose client sent it.
struct ICalendarError: Error, Equatable, CustomStringConvertible {
    var message: String

    init(_ message: String) { self.message = message }

    var description: String { message }
}

/// Reads iCalendar (RFC 5545) as CalDAV clients write it: folded lines (CRLF or LF), escaped TEXT,
/// quoted parameters, TZIDs that are IANA names, Windows ids or only defined by the document's
/// VTIMEZONE. What the fake cannot store (RRULE parts beyond FREQ/INTERVAL/COUNT/UNTIL/BYDAY/
/// BYMONTHDAY/BYMONTH, RDATE, tasks, several events) is refused with an `ICalendarError` saying
/// so, never dropped: a client that thinks it stored a rule must not get a different series.
///
/// As Exchange does, a day of month a month lacks (BYMONTHDAY=31 in April) falls on the month's
/// last day; the writer's own forms for that (`BYMONTHDAY=-1`, `BYMONTHDAY=28,29,30;BYSETPOS=-1`)
/// are read back as the same day. Attendees with the organizer's address are not attendees in EWS
/// and are left out.
enum ICalendarReader {
    /// Larger documents are refused before any parsing (the input comes from clients).
    static let maximumBytes = 1_048_576

    static func parse(_ text: String) throws(ICalendarError) -> ICalendarEventData {
        let size = text.utf8.count
        guard size <= maximumBytes else {
            throw ICalendarError("the iCalendar text is \(size) bytes; fake-exchange accepts at most 1 MB (\(maximumBytes) bytes)")
        }
        // A byte-order mark some editors put first is not part of the first line.
        let root = try Component.parse(unfold(text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text))
        var reader = EventReader(calendar: root)
        return try reader.read()
    }

    // MARK: - Lines and components

    /// One content line: `NAME;PARAM=value,"quoted":value`. Names are upper-cased; `number` is the
    /// physical line it starts on, for error messages.
    struct ContentLine {
        var name: String
        var parameters: [(name: String, values: [String])]
        var value: String
        var number: Int

        /// The first value of parameter `name` (case-insensitive), or nil.
        func parameter(_ name: String) -> String? {
            parameters.first { $0.name == name }?.values.first
        }

        /// `line 12 (DTSTART)`, the prefix of messages about this line.
        var place: String { "line \(number) (\(name))" }
    }

    /// Undoes line folding (a line break followed by a space or tab continues the line) on the bytes,
    /// so even a producer that folded inside a UTF-8 sequence is read right.
    static func unfold(_ text: String) -> [(number: Int, text: String)] {
        let bytes = Array(text.utf8)
        let cr = UInt8(ascii: "\r"), lf = UInt8(ascii: "\n"), space = UInt8(ascii: " "), tab = UInt8(ascii: "\t")
        var lines: [(number: Int, text: String)] = []
        var current: [UInt8] = []
        var physical = 1
        var startLine = 1
        var index = 0
        func finish() {
            if !current.isEmpty { lines.append((startLine, String(decoding: current, as: UTF8.self))) }
            current = []
        }
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == cr || byte == lf else {
                current.append(byte)
                index += 1
                continue
            }
            var next = index + 1
            if byte == cr, next < bytes.count, bytes[next] == lf { next += 1 }
            physical += 1
            if next < bytes.count, bytes[next] == space || bytes[next] == tab {
                index = next + 1  // a continuation: drop the break and the one whitespace
                continue
            }
            finish()
            startLine = physical
            index = next
        }
        finish()
        return lines
    }

    /// Splits one unfolded line into name, parameters and value.
    static func contentLine(_ text: String, number: Int) throws(ICalendarError) -> ContentLine {
        let scalars = Array(text.unicodeScalars)
        var index = 0
        func isNameScalar(_ s: Unicode.Scalar) -> Bool {
            (s >= "A" && s <= "Z") || (s >= "a" && s <= "z") || (s >= "0" && s <= "9") || s == "-"
        }
        func take(while condition: (Unicode.Scalar) -> Bool) -> String {
            var out = String.UnicodeScalarView()
            while index < scalars.count, condition(scalars[index]) {
                out.append(scalars[index])
                index += 1
            }
            return String(out)
        }
        let name = take(while: isNameScalar).uppercased()
        let preview = String(text.prefix(40))
        guard !name.isEmpty, index < scalars.count, scalars[index] == ";" || scalars[index] == ":" else {
            throw ICalendarError("line \(number): \"\(preview)\" is not an iCalendar content line (NAME[;PARAM=value]:value)")
        }
        var parameters: [(name: String, values: [String])] = []
        while index < scalars.count, scalars[index] == ";" {
            index += 1
            let parameterName = take(while: isNameScalar).uppercased()
            guard !parameterName.isEmpty, index < scalars.count, scalars[index] == "=" else {
                throw ICalendarError("line \(number) (\(name)): a parameter has no name or no \"=\"")
            }
            index += 1
            var values: [String] = []
            while true {
                if index < scalars.count, scalars[index] == "\"" {
                    index += 1
                    values.append(take { $0 != "\"" })
                    guard index < scalars.count else {
                        throw ICalendarError("line \(number) (\(name)): the quoted value of parameter \(parameterName) is never closed")
                    }
                    index += 1
                } else {
                    values.append(take { $0 != "," && $0 != ";" && $0 != ":" && $0 != "\"" })
                }
                guard index < scalars.count, scalars[index] == "," else { break }
                index += 1
            }
            parameters.append((parameterName, values))
        }
        guard index < scalars.count, scalars[index] == ":" else {
            throw ICalendarError("line \(number) (\(name)): no \":\" before the value")
        }
        index += 1
        var value = String.UnicodeScalarView()
        value.append(contentsOf: scalars[index...])
        return ContentLine(name: name, parameters: parameters, value: String(value), number: number)
    }

    /// A BEGIN/END block with its properties and nested blocks.
    struct Component {
        var name: String
        var number: Int
        var properties: [ContentLine] = []
        var children: [Component] = []

        func first(_ name: String) -> ContentLine? { properties.first { $0.name == name } }
        func all(_ name: String) -> [ContentLine] { properties.filter { $0.name == name } }

        /// VCALENDAR > VEVENT > VALARM is three levels; more than this is not a calendar (and a deep
        /// tree would be released recursively).
        static let maximumDepth = 8

        /// The document's one VCALENDAR. Nesting is tracked with a stack, not recursion.
        static func parse(_ lines: [(number: Int, text: String)]) throws(ICalendarError) -> Component {
            var stack: [Component] = []
            var roots: [Component] = []
            for (number, text) in lines {
                let line = try contentLine(text, number: number)
                switch line.name {
                case "BEGIN":
                    let name = line.value.trimmingCharacters(in: .whitespaces).uppercased()
                    guard !name.isEmpty else { throw ICalendarError("line \(number): BEGIN without a component name") }
                    guard stack.count < maximumDepth else {
                        throw ICalendarError("line \(number): BEGIN:\(name) nests components deeper than \(maximumDepth) levels")
                    }
                    stack.append(Component(name: name, number: number))
                case "END":
                    let name = line.value.trimmingCharacters(in: .whitespaces).uppercased()
                    guard let open = stack.popLast() else {
                        throw ICalendarError("line \(number): END:\(name) without a matching BEGIN")
                    }
                    guard open.name == name else {
                        throw ICalendarError("line \(number): END:\(name) does not close BEGIN:\(open.name) of line \(open.number)")
                    }
                    if stack.isEmpty { roots.append(open) } else { stack[stack.count - 1].children.append(open) }
                default:
                    guard !stack.isEmpty else {
                        throw ICalendarError("line \(number): \(line.name) is outside BEGIN:VCALENDAR ... END:VCALENDAR")
                    }
                    stack[stack.count - 1].properties.append(line)
                }
            }
            if let open = stack.last {
                throw ICalendarError("BEGIN:\(open.name) of line \(open.number) is never closed by END:\(open.name)")
            }
            guard let calendar = roots.first else { throw ICalendarError("the text holds no BEGIN:VCALENDAR ... END:VCALENDAR") }
            guard calendar.name == "VCALENDAR" else {
                throw ICalendarError("line \(calendar.number): the document starts with BEGIN:\(calendar.name), not BEGIN:VCALENDAR")
            }
            guard roots.count == 1 else {
                throw ICalendarError("the text holds \(roots.count) top-level components; fake-exchange takes one VCALENDAR per item")
            }
            return calendar
        }
    }

    // MARK: - Values

    /// Undoes TEXT escaping: `\\`, `\;`, `\,`, `\n`/`\N`; any other escaped character stands for itself.
    static func unescapeText(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var out = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                out.append(scalar == "n" || scalar == "N" ? "\n" : scalar)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else {
                out.append(scalar)
            }
        }
        if escaped { out.append("\\") }
        return String(out)
    }

    /// Splits a TEXT list (CATEGORIES) at commas that are not escaped, then unescapes each item.
    static func textList(_ text: String) -> [String] {
        var items: [String] = []
        var current = String.UnicodeScalarView()
        var escaped = false
        for scalar in text.unicodeScalars {
            if escaped {
                current.append("\\")
                current.append(scalar)
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "," {
                items.append(String(current))
                current = String.UnicodeScalarView()
            } else {
                current.append(scalar)
            }
        }
        if escaped { current.append("\\") }
        items.append(String(current))
        return items.map { unescapeText($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A DATE or DATE-TIME as written: `20261203`, `20261203T150000`, `20261203T150000Z`.
    struct RawDate {
        var year: Int
        var month: Int
        var day: Int
        /// Hour, minute, second; nil for a DATE.
        var time: (hour: Int, minute: Int, second: Int)?
        var isUTC: Bool

        init?(_ text: String) {
            let chars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
            func number(_ start: Int, _ length: Int) -> Int? { EWSDateTime.number(chars, start, length) }
            guard chars.count == 8 || chars.count == 15 || (chars.count == 16 && chars[15] == UInt8(ascii: "Z")),
                let year = number(0, 4), let month = number(4, 2), let day = number(6, 2), (1...12).contains(month),
                day >= 1, day <= RawDate.days(month: month, year: year)
            else { return nil }
            self.year = year
            self.month = month
            self.day = day
            isUTC = chars.count == 16
            if chars.count == 8 {
                time = nil
            } else {
                guard chars[8] == UInt8(ascii: "T"), let hour = number(9, 2), let minute = number(11, 2),
                    let second = number(13, 2), hour <= 23, minute <= 59, second <= 60
                else { return nil }
                time = (hour, minute, min(second, 59))
            }
        }

        var isDate: Bool { time == nil }
        var dateComponents: DateComponents { DateComponents(year: year, month: month, day: day) }

        /// This date-time (or midnight of this date) as local time in `zone`.
        func date(in zone: TimeZone) -> Date? {
            var components = DateComponents(year: year, month: month, day: day)
            components.hour = time?.hour ?? 0
            components.minute = time?.minute ?? 0
            components.second = time?.second ?? 0
            return EWSDateTime.gregorian(in: zone).date(from: components)
        }

        static func days(month: Int, year: Int) -> Int {
            switch month {
            case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
            case 4, 6, 9, 11: return 30
            default: return 31
            }
        }
    }

    /// A DURATION (`PT1H30M`, `P1D`, `-PT15M`, `P2W`): whole days (nominal, calendar days) and seconds.
    struct Duration {
        var negative: Bool
        var days: Int
        var seconds: Int

        init?(_ text: String) {
            var chars = Array(text.trimmingCharacters(in: .whitespaces).uppercased().utf8)
            negative = chars.first == UInt8(ascii: "-")
            if chars.first == UInt8(ascii: "-") || chars.first == UInt8(ascii: "+") { chars.removeFirst() }
            guard chars.first == UInt8(ascii: "P"), chars.count > 1 else { return nil }
            var days = 0, seconds = 0, number = 0, digits = 0, inTime = false, any = false
            for char in chars.dropFirst() {
                if (48...57).contains(char) {
                    digits += 1
                    guard digits <= 9 else { return nil }  // no overflow from hostile input
                    number = number * 10 + Int(char - 48)
                    continue
                }
                switch char {
                case UInt8(ascii: "T"):
                    guard !inTime, digits == 0 else { return nil }
                    inTime = true
                    continue
                case UInt8(ascii: "W") where !inTime: days += number * 7
                case UInt8(ascii: "D") where !inTime: days += number
                case UInt8(ascii: "H") where inTime: seconds += number * 3600
                case UInt8(ascii: "M") where inTime: seconds += number * 60
                case UInt8(ascii: "S") where inTime: seconds += number
                default: return nil
                }
                guard digits > 0 else { return nil }
                any = true
                number = 0
                digits = 0
            }
            guard any, digits == 0 else { return nil }
            self.days = days
            self.seconds = seconds
        }

        /// `date` moved by this duration, days counted on the calendar of `zone` (so P1D over a DST change is 23 or 25 hours).
        func added(to date: Date, in zone: TimeZone) -> Date? {
            let sign = negative ? -1 : 1
            let calendar = EWSDateTime.gregorian(in: zone)
            guard let moved = calendar.date(byAdding: .day, value: sign * days, to: date) else { return nil }
            return moved.addingTimeInterval(TimeInterval(sign * seconds))
        }
    }

    /// `+0100`, `-0500`, `+053000` as seconds east of UTC.
    static func offset(_ text: String) -> Int? {
        let chars = Array(text.trimmingCharacters(in: .whitespaces).utf8)
        guard chars.count == 5 || chars.count == 7, chars[0] == UInt8(ascii: "+") || chars[0] == UInt8(ascii: "-") else { return nil }
        var parts: [Int] = []
        var index = 1
        while index + 1 < chars.count {
            let high = chars[index], low = chars[index + 1]
            guard (48...57).contains(high), (48...57).contains(low) else { return nil }
            parts.append(Int(high - 48) * 10 + Int(low - 48))
            index += 2
        }
        guard parts.count >= 2, parts[0] <= 18, parts[1] <= 59, parts.count < 3 || parts[2] <= 59 else { return nil }
        let seconds = parts[0] * 3600 + parts[1] * 60 + (parts.count == 3 ? parts[2] : 0)
        return chars[0] == UInt8(ascii: "-") ? -seconds : seconds
    }
}

// MARK: - Reading the event

/// Reads the VEVENTs of one VCALENDAR; holds the zone lookups so each TZID is resolved once.
private struct EventReader {
    typealias ContentLine = ICalendarReader.ContentLine
    typealias Component = ICalendarReader.Component
    typealias RawDate = ICalendarReader.RawDate

    let calendar: Component
    /// VTIMEZONE components by TZID.
    let definitions: [String: Component]
    var zones: [String: TimeZone] = [:]
    /// Year used to compare a VTIMEZONE's rules with known zones (the master's DTSTART year).
    var referenceYear = 2026
    /// The zone all-day dates are read in (see `ICalendarEventData.timeZone`).
    var dateZone = TimeZone(secondsFromGMT: 0) ?? .current

    static let utc = TimeZone(secondsFromGMT: 0) ?? .current

    init(calendar: Component) {
        self.calendar = calendar
        var definitions: [String: Component] = [:]
        for zone in calendar.children where zone.name == "VTIMEZONE" {
            if let id = zone.first("TZID")?.value, definitions[id] == nil { definitions[id] = zone }
        }
        self.definitions = definitions
    }

    mutating func read() throws(ICalendarError) -> ICalendarEventData {
        if let version = calendar.first("VERSION"), version.value.trimmingCharacters(in: .whitespaces) != "2.0" {
            throw ICalendarError("\(version.place): VERSION:\(version.value) is not iCalendar 2.0 (vCalendar 1.0 is not supported by fake-exchange)")
        }
        let events = calendar.children.filter { $0.name == "VEVENT" }
        let others = calendar.children.filter { ["VTODO", "VJOURNAL", "VFREEBUSY", "VAVAILABILITY"].contains($0.name) }
        if let other = others.first {
            throw ICalendarError(
                events.isEmpty
                    ? "the calendar holds a \(other.name) (line \(other.number)) and no VEVENT; fake-exchange stores only events (VEVENT)"
                    : "the calendar holds a \(other.name) (line \(other.number)) next to its VEVENT; fake-exchange stores only events, send the \(other.name) separately")
        }
        guard !events.isEmpty else { throw ICalendarError("the calendar holds no VEVENT") }
        let uids = events.map { $0.first("UID").map { ICalendarReader.unescapeText($0.value) } }
        if Set(uids).count > 1 {
            let shown = uids.map { $0.map { "\"\($0)\"" } ?? "(none)" }.joined(separator: ", ")
            throw ICalendarError("the VEVENTs have different UIDs (\(shown)); fake-exchange takes one event or one series per item")
        }
        let masters = events.filter { $0.first("RECURRENCE-ID") == nil }
        guard masters.count == 1, let master = masters.first else {
            throw ICalendarError(
                masters.isEmpty
                    ? "every VEVENT has a RECURRENCE-ID; fake-exchange needs the series' master VEVENT (the one without RECURRENCE-ID)"
                    : "the calendar holds \(masters.count) VEVENTs without RECURRENCE-ID (lines \(masters.map { String($0.number) }.joined(separator: ", "))); exactly one master is allowed")
        }
        for unsupported in ["RDATE", "EXRULE"] {
            if let line = events.lazy.compactMap({ $0.first(unsupported) }).first {
                throw ICalendarError("\(line.place): \(unsupported) is not supported by fake-exchange (a series is one RRULE with EXDATEs and RECURRENCE-ID exceptions)")
            }
        }

        guard let dtstart = master.first("DTSTART") else {
            throw ICalendarError("the VEVENT of line \(master.number) has no DTSTART")
        }
        if let year = RawDate(dtstart.value)?.year { referenceYear = year }
        dateZone = allDayZone()
        let start = try instant(dtstart, dtstart.value)
        var isAllDay = start.isDate
        let zone = start.zone
        var end = try endDate(of: master, start: start.date, isAllDay: isAllDay, zone: zone)
        // Outlook's own exports mark all-day items with the CDO flag and local midnights.
        if !isAllDay, master.first("X-MICROSOFT-CDO-ALLDAYEVENT")?.value.uppercased() == "TRUE" {
            let local = EWSDateTime.gregorian(in: zone)
            if local.startOfDay(for: start.date) == start.date, local.startOfDay(for: end) == end, end > start.date {
                isAllDay = true
            }
        }
        if isAllDay, end <= start.date {
            end = EWSDateTime.gregorian(in: zone).date(byAdding: .day, value: 1, to: start.date) ?? end
        }

        if let status = master.first("STATUS"), status.value.uppercased() == "CANCELLED" {
            throw ICalendarError("\(status.place): STATUS:CANCELLED is not kept by fake-exchange (a new item is never cancelled)")
        }
        if master.children.filter({ $0.name == "VALARM" }).count > 1 {
            throw ICalendarError("the VEVENT of line \(master.number) has several VALARMs; fake-exchange keeps one reminder per item")
        }
        let subject = text(master, "SUMMARY")
        let body = text(master, "DESCRIPTION")
        let location = text(master, "LOCATION")
        let sensitivity = Self.sensitivity(master)
        let freeBusy = Self.freeBusy(master)
        var data = ICalendarEventData(
            uid: uids.first ?? nil, subject: subject, body: body, location: location, start: start.date, end: end,
            isAllDay: isAllDay, timeZone: zone, sensitivity: sensitivity, freeBusy: freeBusy,
            categories: master.all("CATEGORIES").flatMap { ICalendarReader.textList($0.value) },
            reminderMinutes: try reminder(of: master, start: start.date, end: end, zone: zone),
            organizer: try organizer(of: master), requiredAttendees: [], optionalAttendees: [], resources: [],
            recurrence: nil, deletedOccurrences: [], exceptions: [:])
        try readAttendees(of: master, into: &data)

        let rules = master.all("RRULE")
        guard rules.count <= 1 else {
            throw ICalendarError("line \(rules[1].number) (RRULE): a second RRULE is not supported by fake-exchange (one rule per series)")
        }
        let exceptionEvents = events.filter { $0.first("RECURRENCE-ID") != nil }
        guard let rule = rules.first else {
            if let exdate = master.first("EXDATE") {
                throw ICalendarError("\(exdate.place): EXDATE on a VEVENT without RRULE")
            }
            if let recurrenceID = exceptionEvents.first?.first("RECURRENCE-ID") {
                throw ICalendarError("\(recurrenceID.place): a VEVENT with RECURRENCE-ID but the master VEVENT has no RRULE")
            }
            return data
        }
        data.recurrence = try recurrence(rule, data: data)
        try checkSynchronized(rule, data: data)

        var exdates: [Date] = []
        for exdate in master.all("EXDATE") {
            for value in exdate.value.split(separator: ",") { exdates.append(try slot(exdate, String(value), data: data)) }
        }
        var exceptions: [(event: Component, recurrenceID: ContentLine, originalStart: Date)] = []
        for exception in exceptionEvents {
            guard let recurrenceID = exception.first("RECURRENCE-ID") else { continue }
            if let rule = exception.first("RRULE") {
                throw ICalendarError("\(rule.place): a VEVENT with RECURRENCE-ID may not have an RRULE of its own")
            }
            if let range = recurrenceID.parameter("RANGE"), range.uppercased() != "THISINSTANCE" {
                throw ICalendarError("\(recurrenceID.place): RECURRENCE-ID;RANGE=\(range) (this and future instances) is not supported by fake-exchange")
            }
            exceptions.append((exception, recurrenceID, try slot(recurrenceID, recurrenceID.value, data: data)))
        }

        // The series' slots up to the latest date asked about, in one pass (the expander caps its work),
        // so thousands of EXDATEs or exceptions cost one expansion, not one each.
        let latest = (exdates + exceptions.map(\.originalStart)).max() ?? data.start
        var slots: [Int: Date] = [:]
        RecurrenceExpander.forEachPatternStart(of: probe(data), through: latest) { _, start in slots[Self.key(start)] = start }
        // An EXDATE off the pattern removes nothing (RFC 5545) and is kept as written.
        data.deletedOccurrences = Set(exdates.map { slots[Self.key($0)] ?? $0 })
        for (exception, recurrenceID, originalStart) in exceptions {
            guard let slot = slots[Self.key(originalStart)] else {
                throw ICalendarError("\(recurrenceID.place): \(recurrenceID.value) is not an occurrence of the series")
            }
            try readException(exception, recurrenceID: recurrenceID, originalStart: slot, into: &data)
        }
        return data
    }

    /// Whole seconds since the reference date: slot identity that ignores sub-second noise.
    static func key(_ date: Date) -> Int { Int(date.timeIntervalSinceReferenceDate.rounded()) }

    // MARK: Dates and zones

    /// A DTSTART/DTEND/EXDATE/RECURRENCE-ID value as an instant, with the zone it was written in.
    mutating func instant(_ line: ContentLine, _ value: String) throws(ICalendarError) -> (date: Date, isDate: Bool, zone: TimeZone) {
        guard let raw = RawDate(value) else {
            throw ICalendarError("\(line.place): \"\(value)\" is not an iCalendar DATE (20261203) or DATE-TIME (20261203T150000, 20261203T150000Z)")
        }
        let declaredDate = line.parameter("VALUE")?.uppercased() == "DATE"
        if declaredDate != raw.isDate, line.parameter("VALUE") != nil {
            throw ICalendarError("\(line.place): VALUE=\(line.parameter("VALUE") ?? "") does not match the value \"\(value)\"")
        }
        let zone: TimeZone
        if raw.isDate {
            // A DATE has no zone in RFC 5545; a TZID some producers add anyway is honoured.
            if let tzid = line.parameter("TZID") { zone = try self.zone(tzid, line: line) } else { zone = dateZone }
        } else if raw.isUTC {
            zone = Self.utc
        } else if let tzid = line.parameter("TZID") {
            zone = try self.zone(tzid, line: line)
        } else {
            zone = Self.utc  // floating time: read in UTC
        }
        guard let date = raw.date(in: zone) else { throw ICalendarError("\(line.place): \"\(value)\" is not a time in \(zone.identifier)") }
        return (date, raw.isDate, zone)
    }

    /// DTEND, else DTSTART + DURATION, else one day (all-day) or zero length.
    mutating func endDate(of event: Component, start: Date, isAllDay: Bool, zone: TimeZone) throws(ICalendarError) -> Date {
        let dtend = event.first("DTEND")
        let duration = event.first("DURATION")
        if let dtend, let duration {
            throw ICalendarError("\(duration.place): a VEVENT may have DTEND (line \(dtend.number)) or DURATION, not both")
        }
        let end: Date
        if let dtend {
            end = try instant(dtend, dtend.value).date
        } else if let duration {
            guard let parsed = ICalendarReader.Duration(duration.value), !parsed.negative else {
                throw ICalendarError("\(duration.place): \"\(duration.value)\" is not a positive duration such as PT1H30M or P1D")
            }
            guard let moved = parsed.added(to: start, in: zone) else { throw ICalendarError("\(duration.place): duration out of range") }
            end = moved
        } else if isAllDay {
            end = EWSDateTime.gregorian(in: zone).date(byAdding: .day, value: 1, to: start) ?? start
        } else {
            end = start
        }
        guard end >= start else {
            throw ICalendarError("\((dtend ?? duration)?.place ?? "DTEND"): the event ends before it starts")
        }
        return end
    }

    /// The zone of a TZID: an IANA name, a Windows id (or display name), else the document's VTIMEZONE.
    mutating func zone(_ tzid: String, line: ContentLine) throws(ICalendarError) -> TimeZone {
        if let known = zones[tzid] { return known }
        let resolved = try resolve(tzid, line: line)
        zones[tzid] = resolved
        return resolved
    }

    private func resolve(_ tzid: String, line: ContentLine) throws(ICalendarError) -> TimeZone {
        let name = tzid.trimmingCharacters(in: .whitespaces)
        var candidates = [name]
        // Old Mozilla style `/mozilla.org/20050126_1/Europe/Berlin`: try the trailing names.
        if name.hasPrefix("/") {
            let parts = name.split(separator: "/")
            candidates += parts.indices.map { parts[$0...].joined(separator: "/") }
        }
        for candidate in candidates where !candidate.isEmpty {
            if let zone = TimeZone(identifier: candidate) { return zone }
        }
        if let windows = WindowsTimeZone.windows(name) ?? WindowsTimeZone.all.first(where: { $0.displayName == name }) {
            return windows.timeZone
        }
        let definition = definitions[tzid] ?? definitions.first { $0.key.caseInsensitiveCompare(tzid) == .orderedSame }?.value
        guard let definition else {
            throw ICalendarError("\(line.place): TZID \"\(tzid)\" is neither an IANA zone nor a Windows zone id, and the calendar has no VTIMEZONE with that TZID")
        }
        return try zone(from: definition, tzid: tzid)
    }

    /// A known zone with the VTIMEZONE's offsets and transition months (in the reference year), or a
    /// fixed offset for a definition without daylight saving time.
    private func zone(from definition: Component, tzid: String) throws(ICalendarError) -> TimeZone {
        struct Observance {
            var start: String
            var offset: Int
            var month: Int?
            /// Whether it still happens in the reference year (a historic daylight period, as Apple writes
            /// for Asia/Tokyo's 1948-1951 DST, must not make a zone look like one with DST today).
            var isActive: Bool
        }
        func observances(_ kind: String) throws(ICalendarError) -> [Observance] {
            var result: [Observance] = []
            for part in definition.children where part.name == kind {
                guard let line = part.first("TZOFFSETTO"), let offset = ICalendarReader.offset(line.value) else {
                    throw ICalendarError("VTIMEZONE \"\(tzid)\" (line \(definition.number)): its \(kind) has no valid TZOFFSETTO (such as +0100)")
                }
                let start = part.first("DTSTART")?.value ?? ""
                let rule = part.first("RRULE")?.value.uppercased().split(separator: ";") ?? []
                let byMonth = rule.first { $0.hasPrefix("BYMONTH=") }
                let month = byMonth.flatMap { Int($0.dropFirst("BYMONTH=".count)) } ?? RawDate(start)?.month
                let isActive: Bool
                if part.first("RRULE") != nil {
                    let until = rule.first { $0.hasPrefix("UNTIL=") }.flatMap { RawDate(String($0.dropFirst("UNTIL=".count))) }
                    isActive = (until?.year ?? .max) >= referenceYear
                } else {
                    let dates = [start] + part.all("RDATE").flatMap { $0.value.split(separator: ",").map(String.init) }
                    isActive = dates.contains { RawDate($0)?.year == referenceYear }
                }
                result.append(Observance(start: start, offset: offset, month: month, isActive: isActive))
            }
            return result
        }
        /// The observance in force in the reference year: the latest that started by then, else the earliest.
        func current(_ list: [Observance]) -> Observance? {
            let started = list.filter { (RawDate($0.start)?.year ?? 0) <= referenceYear }
            return started.max { $0.start < $1.start } ?? list.min { $0.start < $1.start }
        }
        let standard = current(try observances("STANDARD"))
        let daylight = current(try observances("DAYLIGHT").filter(\.isActive))
        let known = WindowsTimeZone.all.map(\.timeZone)
        switch (standard, daylight) {
        case let (standard?, daylight?):
            for zone in known {
                let rules = ICalendarWriter.rules(of: zone, year: referenceYear)
                guard let dst = rules.daylight, rules.standardOffset == standard.offset, dst.offset == daylight.offset else { continue }
                let calendar = EWSDateTime.gregorian(in: zone)
                if let month = daylight.month, calendar.component(.month, from: dst.toDaylight) != month { continue }
                if let month = standard.month, calendar.component(.month, from: dst.toStandard) != month { continue }
                return zone
            }
            let months = [daylight.month, standard.month].map { $0.map(String.init) ?? "?" }
            throw ICalendarError(
                "VTIMEZONE \"\(tzid)\" (standard UTC\(ICalendarWriter.offsetValue(standard.offset)), daylight UTC\(ICalendarWriter.offsetValue(daylight.offset)) from month \(months[0]) to month \(months[1])) matches no zone fake-exchange knows; use an IANA TZID such as Europe/Berlin")
        case let (only?, nil), let (nil, only?):
            if let zone = known.first(where: {
                let rules = ICalendarWriter.rules(of: $0, year: referenceYear)
                return rules.daylight == nil && rules.standardOffset == only.offset
            }) {
                return zone
            }
            guard let zone = TimeZone(secondsFromGMT: only.offset) else {
                throw ICalendarError("VTIMEZONE \"\(tzid)\": offset \(ICalendarWriter.offsetValue(only.offset)) is not a valid UTC offset")
            }
            return zone
        case (nil, nil):
            throw ICalendarError("VTIMEZONE \"\(tzid)\" (line \(definition.number)) has neither a STANDARD nor a DAYLIGHT part")
        }
    }

    /// All-day dates carry no zone: the document's only VTIMEZONE (what Exchange and Outlook write next
    /// to an all-day item), else X-WR-TIMEZONE, else UTC. A zone that cannot be resolved is not an error here.
    mutating func allDayZone() -> TimeZone {
        var names: [String] = []
        if definitions.count == 1, let only = definitions.keys.first { names.append(only) }
        if let wr = calendar.first("X-WR-TIMEZONE")?.value { names.append(wr) }
        for name in names {
            let line = ContentLine(name: "TZID", parameters: [], value: name, number: calendar.number)
            if let zone = try? zone(name, line: line) { return zone }
        }
        return Self.utc
    }

    // MARK: Text fields

    func text(_ event: Component, _ name: String) -> String {
        event.first(name).map { ICalendarReader.unescapeText($0.value) } ?? ""
    }

    /// CLASS: PUBLIC -> Normal, PRIVATE -> Private, CONFIDENTIAL -> Confidential; an unknown class is
    /// treated as PRIVATE, as RFC 5545 3.8.1.3 asks.
    static func sensitivity(_ event: Component) -> String {
        guard let value = event.first("CLASS")?.value.trimmingCharacters(in: .whitespaces).uppercased() else { return "Normal" }
        switch value {
        case "PUBLIC": return "Normal"
        case "CONFIDENTIAL": return "Confidential"
        default: return "Private"
        }
    }

    /// X-MICROSOFT-CDO-BUSYSTATUS when it is one Exchange knows, else TRANSP, else Busy.
    static func freeBusy(_ event: Component) -> String {
        switch event.first("X-MICROSOFT-CDO-BUSYSTATUS")?.value.trimmingCharacters(in: .whitespaces).uppercased() {
        case "FREE": return "Free"
        case "TENTATIVE": return "Tentative"
        case "BUSY": return "Busy"
        case "OOF": return "OOF"
        case "WORKINGELSEWHERE": return "WorkingElsewhere"
        default: break
        }
        return event.first("TRANSP")?.value.trimmingCharacters(in: .whitespaces).uppercased() == "TRANSPARENT" ? "Free" : "Busy"
    }

    /// Minutes before the start of the first VALARM's TRIGGER (relative, RELATED=END, or absolute).
    func reminder(of event: Component, start: Date, end: Date, zone: TimeZone) throws(ICalendarError) -> Int? {
        guard let alarm = event.children.first(where: { $0.name == "VALARM" }) else { return nil }
        guard let trigger = alarm.first("TRIGGER") else {
            throw ICalendarError("the VALARM of line \(alarm.number) has no TRIGGER")
        }
        let fires: Date
        if trigger.parameter("VALUE")?.uppercased() == "DATE-TIME" || RawDate(trigger.value) != nil {
            guard let raw = RawDate(trigger.value), raw.isUTC, let date = raw.date(in: Self.utc) else {
                throw ICalendarError("\(trigger.place): an absolute TRIGGER must be a UTC DATE-TIME such as 20261203T144500Z")
            }
            fires = date
        } else {
            guard let duration = ICalendarReader.Duration(trigger.value) else {
                throw ICalendarError("\(trigger.place): \"\(trigger.value)\" is not a duration such as -PT15M, -PT1H or -P1D")
            }
            let related = trigger.parameter("RELATED")?.uppercased() == "END" ? end : start
            guard let date = duration.added(to: related, in: zone) else { throw ICalendarError("\(trigger.place): out of range") }
            fires = date
        }
        let before = start.timeIntervalSince(fires) / 60
        guard before.isFinite, abs(before) < 100 * 366 * 1440 else {
            throw ICalendarError("\(trigger.place): the reminder is more than 100 years away from the start")
        }
        let minutes = Int(before.rounded())
        guard minutes >= 0 else {
            throw ICalendarError("\(trigger.place): the reminder fires \(-minutes) minutes after the start; Exchange reminders fire before the start")
        }
        return minutes
    }

    // MARK: People

    /// The address of ORGANIZER/ATTENDEE: a `mailto:` URI, else the EMAIL parameter, else the value.
    func address(_ line: ContentLine) throws(ICalendarError) -> String {
        let value = line.value.trimmingCharacters(in: .whitespaces)
        let address: String
        if value.lowercased().hasPrefix("mailto:") {
            address = String(value.dropFirst("mailto:".count))
        } else if let email = line.parameter("EMAIL") {
            address = email
        } else {
            address = value
        }
        let trimmed = address.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw ICalendarError("\(line.place): no address (expected mailto:name@domain)") }
        return trimmed
    }

    func organizer(of event: Component) throws(ICalendarError) -> ICalendarOrganizer? {
        guard let line = event.first("ORGANIZER") else { return nil }
        return ICalendarOrganizer(address: try address(line), name: Self.commonName(line))
    }

    static func commonName(_ line: ContentLine) -> String? {
        guard let name = line.parameter("CN")?.trimmingCharacters(in: .whitespaces), !name.isEmpty else { return nil }
        return name
    }

    /// ATTENDEEs by role: CUTYPE=RESOURCE/ROOM or ROLE=NON-PARTICIPANT are resources, OPT-PARTICIPANT
    /// optional, anything else (REQ-PARTICIPANT, CHAIR, no ROLE) required.
    func readAttendees(of event: Component, into data: inout ICalendarEventData) throws(ICalendarError) {
        let organizer = data.organizer?.address.lowercased()
        for line in event.all("ATTENDEE") {
            let address = try address(line)
            if address.lowercased() == organizer { continue }
            let response: String
            switch line.parameter("PARTSTAT")?.uppercased() {
            case "ACCEPTED": response = "Accept"
            case "DECLINED": response = "Decline"
            case "TENTATIVE": response = "Tentative"
            default: response = "Unknown"
            }
            let attendee = Attendee(address: address, name: Self.commonName(line), response: response)
            let cutype = line.parameter("CUTYPE")?.uppercased()
            let role = line.parameter("ROLE")?.uppercased()
            if cutype == "RESOURCE" || cutype == "ROOM" || role == "NON-PARTICIPANT" {
                data.resources.append(attendee)
            } else if role == "OPT-PARTICIPANT" {
                data.optionalAttendees.append(attendee)
            } else {
                data.requiredAttendees.append(attendee)
            }
        }
    }

    // MARK: Recurrence

    /// The RRULE as a `RecurrencePattern`, or an error naming the part fake-exchange cannot represent.
    mutating func recurrence(_ line: ContentLine, data: ICalendarEventData) throws(ICalendarError) -> RecurrencePattern {
        let rule = line.value.trimmingCharacters(in: .whitespaces)
        var parts: [String: String] = [:]
        for piece in rule.split(separator: ";") {
            let pair = piece.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let key = String(pair[0]).trimmingCharacters(in: .whitespaces).uppercased()
            guard pair.count == 2, !pair[1].isEmpty, !key.isEmpty else {
                throw ICalendarError("\(line.place): RRULE part \"\(piece)\" is not KEY=VALUE")
            }
            guard parts[key] == nil else { throw ICalendarError("\(line.place): RRULE part \(key) appears twice") }
            parts[key] = String(pair[1]).trimmingCharacters(in: .whitespaces).uppercased()
        }
        let understood: Set = ["FREQ", "INTERVAL", "COUNT", "UNTIL", "BYDAY", "BYMONTHDAY", "BYMONTH", "WKST", "BYSETPOS"]
        for key in parts.keys.sorted() where !understood.contains(key) {
            throw ICalendarError(
                "\(line.place): RRULE part \(key) is not supported by fake-exchange (it stores FREQ, INTERVAL, COUNT, UNTIL, BYDAY, BYMONTHDAY, BYMONTH and WKST)")
        }
        // BYSETPOS only in the writer's form for a clamped late day: BYMONTHDAY=28,29,30;BYSETPOS=-1.
        if let position = parts["BYSETPOS"] {
            let days = parts["BYMONTHDAY"]?.split(separator: ",").compactMap { Int($0) } ?? []
            guard position == "-1", let last = days.last, (29...31).contains(last), days == Array(28...last) else {
                throw ICalendarError("\(line.place): RRULE part BYSETPOS is not supported by fake-exchange")
            }
        }
        guard let freq = parts["FREQ"] else { throw ICalendarError("\(line.place): RRULE has no FREQ") }
        var frequency: RecurrencePattern.Frequency
        switch freq {
        case "DAILY": frequency = .daily
        case "WEEKLY": frequency = .weekly
        case "MONTHLY": frequency = .monthly
        case "YEARLY": frequency = .yearly
        default:
            throw ICalendarError("\(line.place): RRULE FREQ=\(freq) is not supported by fake-exchange (only DAILY, WEEKLY, MONTHLY and YEARLY)")
        }
        func number(_ key: String, _ range: ClosedRange<Int>) throws(ICalendarError) -> Int? {
            guard let text = parts[key] else { return nil }
            guard text.count <= 9, let value = Int(text), range.contains(value) else {
                throw ICalendarError("\(line.place): RRULE \(key)=\(text) must be a number in \(range.lowerBound)...\(range.upperBound)")
            }
            return value
        }
        let interval = try number("INTERVAL", RecurrenceXML.intervals) ?? 1
        let local = EWSDateTime.gregorian(in: data.timeZone)
        let start = local.dateComponents([.year, .month, .day, .weekday, .hour, .minute, .second], from: data.start)

        // BYDAY: plain weekdays only.
        var weekdays: [Int] = []
        if let byDay = parts["BYDAY"] {
            for code in byDay.split(separator: ",").map(String.init) {
                guard let index = ICalendarWriter.weekdayCodes.firstIndex(of: code) else {
                    let ordinal = code.count > 2 && ICalendarWriter.weekdayCodes.contains(String(code.suffix(2)))
                    throw ICalendarError(
                        ordinal
                            ? "\(line.place): RRULE BYDAY=\(byDay) uses an ordinal weekday (\(code), a relative monthly or yearly pattern), which is not supported by fake-exchange; only plain weekdays in a weekly rule (BYDAY=MO,WE)"
                            : "\(line.place): RRULE BYDAY value \"\(code)\" is not a weekday (SU, MO, TU, WE, TH, FR, SA)")
                }
                if !weekdays.contains(index + 1) { weekdays.append(index + 1) }
            }
            switch frequency {
            case .weekly:
                break
            case .daily where interval == 1 && parts["BYMONTHDAY"] == nil && parts["BYMONTH"] == nil:
                frequency = .weekly  // FREQ=DAILY;BYDAY=MO,TU,WE,TH,FR is the weekly series on those days
            default:
                throw ICalendarError(
                    "\(line.place): RRULE BYDAY with FREQ=\(freq)\(frequency == .daily ? " and INTERVAL=\(interval)" : "") is not supported by fake-exchange; only a weekly rule (or daily every day) has weekdays")
            }
        }

        // BYMONTHDAY: one day; -1 and the writer's "28...day;BYSETPOS=-1" mean a clamped late day.
        var dayOfMonth: Int?
        if let byMonthDay = parts["BYMONTHDAY"] {
            guard frequency == .monthly || frequency == .yearly else {
                throw ICalendarError("\(line.place): RRULE BYMONTHDAY with FREQ=\(freq) is not supported by fake-exchange (only MONTHLY and YEARLY)")
            }
            let days = byMonthDay.split(separator: ",").map { Int($0) }
            if days.count == 1, let day = days[0], (1...31).contains(day) || day == -1 {
                dayOfMonth = day == -1 ? 31 : day
            } else if parts["BYSETPOS"] == "-1", let last = days.last ?? nil, (29...31).contains(last),
                days == (28...last).map({ Optional($0) })
            {
                dayOfMonth = last
            } else {
                throw ICalendarError(
                    "\(line.place): RRULE BYMONTHDAY=\(byMonthDay) is not supported by fake-exchange (one day 1...31, or -1 for the last day)")
            }
        }

        // BYMONTH: one month, yearly rules only.
        var month: Int?
        if let byMonth = parts["BYMONTH"] {
            guard frequency == .yearly else {
                throw ICalendarError("\(line.place): RRULE BYMONTH with FREQ=\(freq) is not supported by fake-exchange (only YEARLY)")
            }
            guard let value = Int(byMonth), (1...12).contains(value) else {
                throw ICalendarError("\(line.place): RRULE BYMONTH=\(byMonth) is not supported by fake-exchange (one month 1...12)")
            }
            month = value
        }
        if frequency == .yearly, parts["BYMONTHDAY"] != nil, month == nil {
            throw ICalendarError(
                "\(line.place): RRULE FREQ=YEARLY with BYMONTHDAY but no BYMONTH (that day of every month) is not supported by fake-exchange")
        }

        // Explicit defaults from DTSTART, as RFC 5545 derives them.
        switch frequency {
        case .weekly where weekdays.isEmpty: weekdays = [start.weekday ?? 1]
        case .monthly: dayOfMonth = dayOfMonth ?? start.day
        case .yearly:
            month = month ?? start.month
            dayOfMonth = dayOfMonth ?? start.day
        default: break
        }

        // WKST: fake-exchange weeks start on Sunday; another week start changes an every-N-weeks series
        // when its weekdays fall on both sides of that week start.
        if let wkst = parts["WKST"] {
            guard let weekStart = ICalendarWriter.weekdayCodes.firstIndex(of: wkst) else {
                throw ICalendarError("\(line.place): RRULE WKST=\(wkst) is not a weekday (SU, MO, TU, WE, TH, FR, SA)")
            }
            let positions = weekdays.map { $0 - 1 }
            if frequency == .weekly, interval > 1, positions.contains(where: { $0 < weekStart }), positions.contains(where: { $0 >= weekStart }) {
                throw ICalendarError(
                    "\(line.place): RRULE WKST=\(wkst) with INTERVAL=\(interval) and BYDAY=\(parts["BYDAY"] ?? "") is not supported by fake-exchange, whose weeks start on Sunday (write WKST=SU)")
            }
        } else if frequency == .weekly, interval > 1, weekdays.contains(1), weekdays.count > 1 {
            throw ICalendarError(
                "\(line.place): RRULE INTERVAL=\(interval) with BYDAY=\(parts["BYDAY"] ?? "") and no WKST (weeks from Monday) is not supported by fake-exchange, whose weeks start on Sunday (write WKST=SU)")
        }

        // Range.
        var range = RecurrencePattern.Range.noEnd
        if let count = try number("COUNT", 1...999_999) { range = .count(count) }
        if let untilText = parts["UNTIL"] {
            guard parts["COUNT"] == nil else { throw ICalendarError("\(line.place): RRULE has both COUNT and UNTIL") }
            range = .until(try untilDay(untilText, line: line, data: data, start: start))
        }
        return RecurrencePattern(
            frequency: frequency, interval: interval, daysOfWeek: weekdays, dayOfMonth: dayOfMonth, month: month, range: range)
    }

    /// UNTIL as the last local day whose slot starts at or before it (the fake's range is a day, inclusive).
    mutating func untilDay(_ text: String, line: ContentLine, data: ICalendarEventData, start: DateComponents) throws(ICalendarError) -> DateComponents {
        guard let raw = RawDate(text) else {
            throw ICalendarError("\(line.place): RRULE UNTIL=\(text) is not a DATE (20261130) or DATE-TIME (20261130T235959Z)")
        }
        if raw.isDate { return raw.dateComponents }
        // RFC 5545 wants UTC here; a local time is read in the series' zone.
        guard let until = raw.date(in: raw.isUTC ? Self.utc : data.timeZone) else {
            throw ICalendarError("\(line.place): RRULE UNTIL=\(text) is not a valid time")
        }
        let local = EWSDateTime.gregorian(in: data.timeZone)
        var day = local.dateComponents([.year, .month, .day], from: until)
        var slot = day
        slot.hour = start.hour
        slot.minute = start.minute
        slot.second = start.second
        if let slotStart = local.date(from: slot), slotStart > until,
            let midnight = local.date(from: day), let previous = local.date(byAdding: .day, value: -1, to: midnight)
        {
            day = local.dateComponents([.year, .month, .day], from: previous)
        }
        return DateComponents(year: day.year, month: day.month, day: day.day)
    }

    /// A throwaway event for asking the expander about the series being read.
    func probe(_ data: ICalendarEventData) -> CalendarEvent {
        CalendarEvent(
            number: 0, uid: data.uid ?? "", subject: data.subject, body: data.body, start: data.start, end: data.end,
            isAllDay: data.isAllDay, location: data.location, sensitivity: data.sensitivity, freeBusy: data.freeBusy,
            isCancelled: false, categories: [], reminderIsSet: false, reminderMinutes: 0,
            organizer: Attendee(address: ""), requiredAttendees: [], optionalAttendees: [], resources: [],
            timeZone: data.timeZone, recurrence: data.recurrence, deletedOccurrences: [], exceptions: [:], changeCount: 1,
            created: data.start, lastModified: data.start, meetingRequestWasSent: false)
    }

    /// RFC 5545 counts DTSTART as the first instance even when the rule does not produce it; the fake's
    /// series starts at the rule's first slot, so such a DTSTART would silently vanish. Refused instead.
    func checkSynchronized(_ line: ContentLine, data: ICalendarEventData) throws(ICalendarError) {
        var first: Date?
        RecurrenceExpander.forEachPatternStart(of: probe(data), through: .distantFuture, maxIndex: 1) { _, start in first = start }
        guard let first else {
            throw ICalendarError("\(line.place): RRULE:\(line.value) produces no occurrence from DTSTART (is UNTIL before DTSTART?)")
        }
        guard abs(first.timeIntervalSince(data.start)) < 1 else {
            throw ICalendarError(
                "\(line.place): DTSTART is not an occurrence of RRULE:\(line.value) (its first is \(ICalendarWriter.utcValue(first))); fake-exchange cannot store a DTSTART outside its rule, move DTSTART to the first occurrence")
        }
    }

    /// An EXDATE or RECURRENCE-ID value as the slot's original start: a DATE on a timed series means
    /// that day's slot, a DATE-TIME on an all-day series means its local day.
    mutating func slot(_ line: ContentLine, _ value: String, data: ICalendarEventData) throws(ICalendarError) -> Date {
        let parsed = try instant(line, value)
        let local = EWSDateTime.gregorian(in: data.timeZone)
        if data.isAllDay, !parsed.isDate { return local.startOfDay(for: parsed.date) }
        if !data.isAllDay, parsed.isDate, let raw = RawDate(value) {
            let time = local.dateComponents([.hour, .minute, .second], from: data.start)
            var components = raw.dateComponents
            components.hour = time.hour
            components.minute = time.minute
            components.second = time.second
            return local.date(from: components) ?? parsed.date
        }
        return parsed.date
    }

    /// One VEVENT with RECURRENCE-ID (`originalStart`, a slot of the series): an exception. Fields equal to the master's stay nil;
    /// a missing SUMMARY/LOCATION/DESCRIPTION means empty, as RFC 5545 reads it.
    /// An occurrence keeps its own times, subject, location, description, class and busy status; the
    /// attendees, categories, alarm and status it states must be the master's, as the fake stores
    /// no others (an occurrence that leaves them out has the master's).
    func checkSameAsMaster(
        _ event: Component, recurrenceID: ContentLine, data: ICalendarEventData, start: Date, end: Date
    ) throws(ICalendarError) {
        func refuse(_ what: String) throws(ICalendarError) {
            throw ICalendarError("\(recurrenceID.place): the occurrence \(recurrenceID.value) has its own \(what), which fake-exchange does not keep per occurrence")
        }
        if !event.all("ATTENDEE").isEmpty {
            var own = data
            own.requiredAttendees = []
            own.optionalAttendees = []
            own.resources = []
            try readAttendees(of: event, into: &own)
            func addresses(_ list: [Attendee]) -> Set<String> { Set(list.map { $0.address.lowercased() }) }
            if addresses(own.requiredAttendees) != addresses(data.requiredAttendees)
                || addresses(own.optionalAttendees) != addresses(data.optionalAttendees)
                || addresses(own.resources) != addresses(data.resources)
            {
                try refuse("attendees")
            }
        }
        let categories = event.all("CATEGORIES").flatMap { ICalendarReader.textList($0.value) }
        if !categories.isEmpty, categories != data.categories { try refuse("categories") }
        if event.children.contains(where: { $0.name == "VALARM" }),
            try reminder(of: event, start: start, end: end, zone: data.timeZone) != data.reminderMinutes
        {
            try refuse("alarm")
        }
        if let status = event.first("STATUS")?.value.uppercased(), status == "CANCELLED" {
            try refuse("STATUS:CANCELLED (delete it with an EXDATE)")
        }
    }

    mutating func readException(
        _ event: Component, recurrenceID: ContentLine, originalStart: Date, into data: inout ICalendarEventData
    ) throws(ICalendarError) {
        guard data.exceptions[originalStart] == nil else {
            throw ICalendarError("\(recurrenceID.place): a second VEVENT for RECURRENCE-ID \(recurrenceID.value)")
        }
        guard !data.deletedOccurrences.contains(originalStart) else {
            throw ICalendarError("\(recurrenceID.place): RECURRENCE-ID \(recurrenceID.value) is also an EXDATE (deleted and modified at once)")
        }
        var start = originalStart
        if let dtstart = event.first("DTSTART") { start = try instant(dtstart, dtstart.value).date }
        let defaultEnd = RecurrenceExpander.end(of: probe(data), startingAt: start)
        var end = defaultEnd
        if event.first("DTEND") != nil || event.first("DURATION") != nil {
            end = try endDate(of: event, start: start, isAllDay: data.isAllDay, zone: data.timeZone)
        }
        if data.isAllDay, end <= start { end = defaultEnd }
        try checkSameAsMaster(event, recurrenceID: recurrenceID, data: data, start: start, end: end)
        func changed(_ value: String, _ master: String) -> String? { value == master ? nil : value }
        data.exceptions[originalStart] = OccurrenceOverride(
            start: start, end: end, subject: changed(text(event, "SUMMARY"), data.subject),
            location: changed(text(event, "LOCATION"), data.location), body: changed(text(event, "DESCRIPTION"), data.body),
            sensitivity: changed(Self.sensitivity(event), data.sensitivity), freeBusy: changed(Self.freeBusy(event), data.freeBusy))
    }
}
