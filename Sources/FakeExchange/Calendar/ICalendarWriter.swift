// ICalendarWriter: renders a calendar item as the iCalendar (RFC 5545) Exchange serves in an appointment's MimeContent.
import Foundation

/// Writes the iCalendar text Exchange 2010+ puts in `item:MimeContent` of a calendar item:
/// `METHOD:PUBLISH`, one `VTIMEZONE` for the item's zone (TZID = the Windows zone id, rules from
/// Foundation's transitions of the series' start year, anchored at 1601-01-01 as Exchange writes
/// them), then the `VEVENT`s. A series is its master (RRULE, EXDATE) followed by one VEVENT per
/// modified occurrence (RECURRENCE-ID); an occurrence asked for on its own is that one VEVENT with
/// RECURRENCE-ID and no RRULE.
///
/// The RRULE always means the series `RecurrenceExpander` computes: weeks start on Sunday
/// (`WKST=SU`), a day of month the month lacks falls on its last day (`BYMONTHDAY=-1`, or
/// `BYMONTHDAY=28,29,30;BYSETPOS=-1`), and DTSTART is the first slot of the pattern, so it is
/// always an instance of the rule (RFC 5545 leaves a DTSTART off the rule undefined).
///
/// Output: CRLF line ends, lines folded at 75 octets (never inside a UTF-8 sequence), TEXT values
/// escaped, control characters dropped from every value so no field can start a line of its own.
enum ICalendarWriter {
    /// The iCalendar document of `item`. `directory` gives names and SMTP addresses of known
    /// people. DTSTAMP is the item's last modification, as Exchange writes it.
    static func render(_ item: CalendarItemInstance, directory: MailboxDirectory) -> String {
        let event = item.event
        let style = Style(event: event, directory: directory)
        var lines = ["BEGIN:VCALENDAR", "METHOD:PUBLISH", "PRODID:Microsoft Exchange Server 2010", "VERSION:2.0"]
        let startYear = style.calendar.component(.year, from: event.start)
        lines += vtimezone(event.timeZone, id: style.tzid, year: startYear)

        if let occurrence = item.occurrence {
            // An occurrence (or exception) on its own: Exchange serves it as a lone instance.
            lines += style.vevent(Shown(item, recurrenceID: occurrence.originalStart))
        } else if let pattern = event.recurrence {
            lines += style.vevent(master(of: item, pattern: pattern, style: style))
            // Only exceptions the pattern still produces and that are not deleted (EWS serves no others);
            // the slots come from one pass of the expander, not one per exception.
            var slots: [Date: Int] = [:]
            if let latest = event.exceptions.keys.max() {
                RecurrenceExpander.forEachPatternStart(of: event, through: latest) { index, start in slots[start] = index }
            }
            for originalStart in event.exceptions.keys.sorted() {
                guard let index = slots[originalStart], !event.deletedOccurrences.contains(originalStart),
                    let override = event.exceptions[originalStart]
                else { continue }
                let occurrence = Occurrence(
                    index: index, originalStart: originalStart, start: override.start, end: override.end, override: override)
                let instance = CalendarItemInstance(owner: item.owner, event: event, occurrence: occurrence)
                lines += style.vevent(Shown(instance, recurrenceID: originalStart))
            }
        } else {
            lines += style.vevent(Shown(item, recurrenceID: nil))
        }
        lines.append("END:VCALENDAR")
        return lines.map(fold).joined(separator: "\r\n") + "\r\n"
    }

    // MARK: - What one VEVENT shows

    /// The values one VEVENT carries, with an exception's overrides already applied.
    struct Shown {
        var instance: CalendarItemInstance
        var start: Date
        var end: Date
        var recurrenceID: Date?
        var rrule: String?
        var exdates: [Date] = []
        /// X-MICROSOFT-CDO-INSTTYPE: 0 single, 1 master, 2 occurrence, 3 exception.
        var instanceType: Int

        init(_ instance: CalendarItemInstance, recurrenceID: Date?) {
            self.instance = instance
            start = instance.start
            end = instance.end
            self.recurrenceID = recurrenceID
            switch instance.type {
            case .single: instanceType = 0
            case .master: instanceType = 1
            case .occurrence: instanceType = 2
            case .exception: instanceType = 3
            }
        }
    }

    /// The master VEVENT of a series: DTSTART is the pattern's first slot (deleted or not), so the
    /// RRULE, COUNT included, generates exactly the expander's slots.
    private static func master(of item: CalendarItemInstance, pattern: RecurrencePattern, style: Style) -> Shown {
        let event = item.event
        var firstSlot: Date?
        RecurrenceExpander.forEachPatternStart(of: event, through: .distantFuture, maxIndex: 1) { _, start in
            firstSlot = start
        }
        var shown = Shown(item, recurrenceID: nil)
        if let firstSlot {
            shown.start = firstSlot
            shown.end = RecurrenceExpander.end(of: event, startingAt: firstSlot)
        }
        shown.rrule = rrule(pattern, of: event, calendar: style.calendar)
        shown.exdates = event.deletedOccurrences.sorted()
        return shown
    }

    /// The RRULE value for `pattern` as the expander reads it (see the type's comment).
    static func rrule(_ pattern: RecurrencePattern, of event: CalendarEvent, calendar: Calendar) -> String {
        let start = calendar.dateComponents([.month, .day, .weekday], from: event.start)
        var parts: [String]
        switch pattern.frequency {
        case .daily:
            parts = ["FREQ=DAILY", "INTERVAL=\(pattern.interval)"]
        case .weekly:
            let valid = Set(pattern.daysOfWeek.filter { (1...7).contains($0) })
            let weekdays = valid.isEmpty ? [start.weekday ?? 1] : valid.sorted()
            let codes = weekdays.map { weekdayCodes[($0 - 1) % 7] }
            parts = ["FREQ=WEEKLY", "INTERVAL=\(pattern.interval)", "WKST=SU", "BYDAY=" + codes.joined(separator: ",")]
        case .monthly:
            parts = ["FREQ=MONTHLY", "INTERVAL=\(pattern.interval)"] + monthDay(pattern.dayOfMonth ?? start.day ?? 1)
        case .yearly:
            parts = ["FREQ=YEARLY", "INTERVAL=\(pattern.interval)", "BYMONTH=\(pattern.month ?? start.month ?? 1)"]
                + monthDay(pattern.dayOfMonth ?? start.day ?? 1)
        }
        switch pattern.range {
        case .noEnd:
            break
        case let .count(count):
            parts.append("COUNT=\(count)")
        case let .until(until):
            // Inclusive local day: a DATE for an all-day series (RFC 5545 wants UNTIL to match DTSTART's
            // type), else the last second of that day in the series' zone, in UTC.
            let day = DateComponents(year: until.year, month: until.month, day: until.day)
            if event.isAllDay {
                parts.append("UNTIL=" + digits(day.year ?? 0, 4) + digits(day.month ?? 1, 2) + digits(day.day ?? 1, 2))
            } else if let midnight = calendar.date(from: day),
                let next = calendar.date(byAdding: .day, value: 1, to: midnight)
            {
                parts.append("UNTIL=" + utcValue(next.addingTimeInterval(-1)))
            }
        }
        return parts.joined(separator: ";")
    }

    /// BYMONTHDAY for a day the expander clamps to the month's last day: 1...28 as is, 31 as the
    /// last day (-1), 29 and 30 as "the last of 28...day that the month has".
    private static func monthDay(_ day: Int) -> [String] {
        switch day {
        case ...28: return ["BYMONTHDAY=\(max(1, day))"]
        case 29, 30: return ["BYMONTHDAY=" + (28...day).map(String.init).joined(separator: ","), "BYSETPOS=-1"]
        default: return ["BYMONTHDAY=-1"]
        }
    }

    // MARK: - VEVENT lines

    /// Per-item rendering settings: the zone, its TZID and the directory for names.
    private struct Style {
        var event: CalendarEvent
        var directory: MailboxDirectory
        var calendar: Calendar
        var tzid: String

        init(event: CalendarEvent, directory: MailboxDirectory) {
            self.event = event
            self.directory = directory
            calendar = EWSDateTime.gregorian(in: event.timeZone)
            tzid = ICalendarWriter.timeZoneID(for: event.timeZone)
        }

        func vevent(_ shown: Shown) -> [String] {
            let item = shown.instance
            var lines = ["BEGIN:VEVENT"]
            lines.append(person("ORGANIZER", [], event.organizer))
            for attendee in event.requiredAttendees {
                lines.append(person("ATTENDEE", ["ROLE=REQ-PARTICIPANT", partStat(attendee), "RSVP=TRUE"], attendee))
            }
            for attendee in event.optionalAttendees {
                lines.append(person("ATTENDEE", ["ROLE=OPT-PARTICIPANT", partStat(attendee), "RSVP=TRUE"], attendee))
            }
            for attendee in event.resources {
                lines.append(
                    person("ATTENDEE", ["CUTYPE=RESOURCE", "ROLE=NON-PARTICIPANT", partStat(attendee), "RSVP=TRUE"], attendee))
            }
            if !item.body.isEmpty { lines.append("DESCRIPTION;LANGUAGE=en-US:" + escapeText(item.body)) }
            if let rrule = shown.rrule { lines.append("RRULE:" + rrule) }
            for exdate in shown.exdates { lines.append(dateProperty("EXDATE", exdate)) }
            lines.append("UID:" + escapeText(event.uid))
            if let recurrenceID = shown.recurrenceID { lines.append(dateProperty("RECURRENCE-ID", recurrenceID)) }
            lines.append("SUMMARY;LANGUAGE=en-US:" + escapeText(item.subject))
            lines.append(dateProperty("DTSTART", shown.start))
            lines.append(dateProperty("DTEND", allDayEnd(shown)))
            lines.append("CLASS:" + ICalendarWriter.classValue(item.sensitivity))
            lines.append("PRIORITY:5")
            lines.append("DTSTAMP:" + utcValue(event.lastModified))
            lines.append("TRANSP:" + (item.freeBusy == "Free" ? "TRANSPARENT" : "OPAQUE"))
            lines.append("STATUS:" + (event.isCancelled ? "CANCELLED" : "CONFIRMED"))
            lines.append("SEQUENCE:\(max(0, event.changeCount - 1))")
            if !item.location.isEmpty { lines.append("LOCATION;LANGUAGE=en-US:" + escapeText(item.location)) }
            lines.append("X-MICROSOFT-CDO-BUSYSTATUS:" + ICalendarWriter.busyStatus(item.freeBusy))
            lines.append("X-MICROSOFT-CDO-INSTTYPE:\(shown.instanceType)")
            lines.append("X-MICROSOFT-CDO-ALLDAYEVENT:" + (event.isAllDay ? "TRUE" : "FALSE"))
            if !event.categories.isEmpty {
                lines.append("CATEGORIES:" + event.categories.map(escapeText).joined(separator: ","))
            }
            if event.reminderIsSet {
                lines += ["BEGIN:VALARM", "DESCRIPTION:REMINDER", "TRIGGER:-PT\(max(0, event.reminderMinutes))M", "ACTION:DISPLAY", "END:VALARM"]
            }
            lines.append("END:VEVENT")
            return lines
        }

        /// `DTSTART;TZID=Eastern Standard Time:20261125T090000`, or `;VALUE=DATE:20261125` for all-day items.
        func dateProperty(_ name: String, _ date: Date) -> String {
            if event.isAllDay { return "\(name);VALUE=DATE:" + dateValue(date) }
            return "\(name);TZID=\(parameterValue(tzid)):" + localValue(date)
        }

        /// All-day DTEND is the day after the last day, even when the stored end is not a midnight.
        private func allDayEnd(_ shown: Shown) -> Date {
            guard event.isAllDay else { return shown.end }
            let startDay = calendar.startOfDay(for: shown.start)
            var endDay = calendar.startOfDay(for: shown.end)
            if endDay < shown.end, let next = calendar.date(byAdding: .day, value: 1, to: endDay) { endDay = next }
            if endDay <= startDay { return calendar.date(byAdding: .day, value: 1, to: startDay) ?? shown.end }
            return endDay
        }

        /// `ORGANIZER;CN=Alice Jones:mailto:alice@contoso.com`, names and addresses from the directory when known.
        private func person(_ name: String, _ parameters: [String], _ attendee: Attendee) -> String {
            let known = directory.proxy(attendee.address)
            let displayName = known?.displayName ?? attendee.name ?? attendee.address
            let address = clean(known?.smtp ?? attendee.address)
            let all = parameters + ["CN=" + parameterValue(displayName)]
            return name + ";" + all.joined(separator: ";") + ":mailto:" + address
        }

        private func partStat(_ attendee: Attendee) -> String {
            switch attendee.response {
            case "Accept", "Organizer": return "PARTSTAT=ACCEPTED"
            case "Decline": return "PARTSTAT=DECLINED"
            case "Tentative": return "PARTSTAT=TENTATIVE"
            default: return "PARTSTAT=NEEDS-ACTION"
            }
        }

        private func localValue(_ date: Date) -> String {
            let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
            return digits(c.year ?? 0, 4) + digits(c.month ?? 1, 2) + digits(c.day ?? 1, 2) + "T" + digits(c.hour ?? 0, 2)
                + digits(c.minute ?? 0, 2) + digits(c.second ?? 0, 2)
        }

        private func dateValue(_ date: Date) -> String {
            let c = calendar.dateComponents([.year, .month, .day], from: date)
            return digits(c.year ?? 0, 4) + digits(c.month ?? 1, 2) + digits(c.day ?? 1, 2)
        }
    }

    /// CLASS for an EWS Sensitivity: Personal has no iCalendar class of its own and is public.
    static func classValue(_ sensitivity: String) -> String {
        switch sensitivity {
        case "Private": return "PRIVATE"
        case "Confidential": return "CONFIDENTIAL"
        default: return "PUBLIC"
        }
    }

    /// X-MICROSOFT-CDO-BUSYSTATUS for an EWS LegacyFreeBusyStatus (NoData shows as busy).
    static func busyStatus(_ freeBusy: String) -> String {
        switch freeBusy {
        case "Free": return "FREE"
        case "Tentative": return "TENTATIVE"
        case "OOF": return "OOF"
        case "WorkingElsewhere": return "WORKINGELSEWHERE"
        default: return "BUSY"
        }
    }

    // MARK: - VTIMEZONE

    /// A zone's rules in one year: its standard offset and, when it observes daylight saving time
    /// that year, the daylight offset and the two transition instants.
    struct ZoneRules: Equatable {
        struct Daylight: Equatable {
            var offset: Int
            var toDaylight: Date
            var toStandard: Date
        }

        var standardOffset: Int
        var daylight: Daylight?
    }

    /// Foundation's transitions of `zone` in `year`. Daylight is the period with the larger offset,
    /// whatever the zone database calls it (Europe/Dublin names its winter "daylight").
    static func rules(of zone: TimeZone, year: Int) -> ZoneRules {
        let calendar = EWSDateTime.gregorian(in: zone)
        guard let january = calendar.date(from: DateComponents(year: year, month: 1, day: 1)) else {
            return ZoneRules(standardOffset: zone.secondsFromGMT(), daylight: nil)
        }
        var transitions: [Date] = []
        var cursor = january
        while transitions.count < 3, let next = zone.nextDaylightSavingTimeTransition(after: cursor),
            calendar.component(.year, from: next) == year
        {
            transitions.append(next)
            cursor = next
        }
        let offsets = transitions.map { (before: zone.secondsFromGMT(for: $0.addingTimeInterval(-1)), after: zone.secondsFromGMT(for: $0)) }
        guard transitions.count == 2, offsets[0].after != offsets[0].before, offsets[1].after == offsets[0].before else {
            // No DST that year (or a one-off change of the standard offset): one period, as in effect mid-year.
            let middle = calendar.date(from: DateComponents(year: year, month: 7, day: 1)) ?? january
            return ZoneRules(standardOffset: zone.secondsFromGMT(for: transitions.isEmpty ? january : middle), daylight: nil)
        }
        let firstIsDaylight = offsets[0].after > offsets[0].before
        let toDaylight = firstIsDaylight ? transitions[0] : transitions[1]
        let toStandard = firstIsDaylight ? transitions[1] : transitions[0]
        return ZoneRules(
            standardOffset: min(offsets[0].before, offsets[0].after),
            daylight: .init(offset: max(offsets[0].before, offsets[0].after), toDaylight: toDaylight, toStandard: toStandard))
    }

    /// The Windows id Exchange writes as TZID; a zone no Windows id matches keeps its IANA name.
    static func timeZoneID(for zone: TimeZone) -> String {
        let windows = WindowsTimeZone.forZone(zone)
        // forZone falls back to UTC for a zone it cannot match; such a zone is named by its own identifier.
        let january = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        let july = Date(timeIntervalSince1970: 1_782_864_000)  // 2026-07-01
        let same = [january, july].allSatisfy { windows.timeZone.secondsFromGMT(for: $0) == zone.secondsFromGMT(for: $0) }
        return same ? windows.id : zone.identifier
    }

    /// The VTIMEZONE lines for `zone` as Exchange writes them: observances start 1601-01-01 at the
    /// local transition time and repeat yearly by weekday rule (`BYDAY=-1SU` = the last Sunday).
    static func vtimezone(_ zone: TimeZone, id: String, year: Int) -> [String] {
        let rules = rules(of: zone, year: year)
        var lines = ["BEGIN:VTIMEZONE", "TZID:" + clean(id)]
        guard let daylight = rules.daylight else {
            let offset = offsetValue(rules.standardOffset)
            lines += ["BEGIN:STANDARD", "DTSTART:16010101T000000", "TZOFFSETFROM:" + offset, "TZOFFSETTO:" + offset, "END:STANDARD"]
            return lines + ["END:VTIMEZONE"]
        }
        func observance(_ kind: String, at transition: Date, from: Int, to: Int) -> [String] {
            // The wall clock just before the change, in the offset it changes from.
            let utc = EWSDateTime.gregorian(in: TimeZone(secondsFromGMT: 0) ?? zone)
            let local = transition.addingTimeInterval(TimeInterval(from))
            let c = utc.dateComponents([.month, .day, .weekday, .hour, .minute, .second], from: local)
            let day = c.day ?? 1
            let daysInMonth = utc.range(of: .day, in: .month, for: local)?.count ?? 31
            let ordinal = day + 7 > daysInMonth ? "-1" : String((day - 1) / 7 + 1)
            let weekday = weekdayCodes[((c.weekday ?? 1) - 1 + 7) % 7]
            return [
                "BEGIN:\(kind)", "DTSTART:16010101T" + digits(c.hour ?? 0, 2) + digits(c.minute ?? 0, 2) + digits(c.second ?? 0, 2),
                "TZOFFSETFROM:" + offsetValue(from), "TZOFFSETTO:" + offsetValue(to),
                "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=\(ordinal)\(weekday);BYMONTH=\(c.month ?? 1)", "END:\(kind)",
            ]
        }
        lines += observance("STANDARD", at: daylight.toStandard, from: daylight.offset, to: rules.standardOffset)
        lines += observance("DAYLIGHT", at: daylight.toDaylight, from: rules.standardOffset, to: daylight.offset)
        return lines + ["END:VTIMEZONE"]
    }

    /// `-0500`, `+0530`, `+054500` (seconds only when there are any).
    static func offsetValue(_ seconds: Int) -> String {
        let magnitude = abs(seconds)
        var text = (seconds < 0 ? "-" : "+") + digits(magnitude / 3600, 2) + digits(magnitude % 3600 / 60, 2)
        if magnitude % 60 != 0 { text += digits(magnitude % 60, 2) }
        return text
    }

    // MARK: - Text helpers (shared with ICalendarReader)

    /// iCalendar weekday codes indexed by Foundation weekday - 1 (Sunday first).
    static let weekdayCodes = ["SU", "MO", "TU", "WE", "TH", "FR", "SA"]

    /// `20261125T140000Z`.
    static func utcValue(_ date: Date) -> String {
        let utc = EWSDateTime.gregorian(in: TimeZone(secondsFromGMT: 0) ?? .current)
        let c = utc.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return digits(c.year ?? 0, 4) + digits(c.month ?? 1, 2) + digits(c.day ?? 1, 2) + "T" + digits(c.hour ?? 0, 2)
            + digits(c.minute ?? 0, 2) + digits(c.second ?? 0, 2) + "Z"
    }

    /// `value` zero-padded to `width` digits (String(format:) with Int arguments is not safe here).
    static func digits(_ value: Int, _ width: Int) -> String {
        let text = String(abs(value))
        let padded = String(repeating: "0", count: max(0, width - text.count)) + text
        return value < 0 ? "-" + padded : padded
    }

    /// A TEXT value escaped per RFC 5545 3.3.11: backslash, semicolon, comma, and any line break as `\n`.
    /// Other control characters (not allowed in TEXT) are dropped.
    static func escapeText(_ text: String) -> String {
        var out = ""
        var previousWasCR = false
        for scalar in text.unicodeScalars {
            defer { previousWasCR = scalar == "\r" }
            switch scalar {
            case "\\": out += "\\\\"
            case ";": out += "\\;"
            case ",": out += "\\,"
            case "\r": out += "\\n"
            case "\n": if !previousWasCR { out += "\\n" }
            case "\t": out.unicodeScalars.append(scalar)
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F { continue }
                out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// A parameter value: control characters dropped, DQUOTE (never allowed) turned into `'`, and
    /// quoted when it holds `:`, `;` or `,`.
    static func parameterValue(_ text: String) -> String {
        let value = clean(text).replacingOccurrences(of: "\"", with: "'")
        return value.contains(where: { $0 == ":" || $0 == ";" || $0 == "," }) ? "\"\(value)\"" : value
    }

    /// `text` without control characters (for values that are not TEXT, e.g. addresses and TZIDs).
    static func clean(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars where scalar.value >= 0x20 && scalar.value != 0x7F {
            out.unicodeScalars.append(scalar)
        }
        return out
    }

    /// Folds a content line at 75 octets (RFC 5545 3.1): continuation lines start with one space,
    /// and a UTF-8 sequence is never split.
    static func fold(_ line: String) -> String {
        guard line.utf8.count > 75 else { return line }
        var out = ""
        var octets = 0
        for scalar in line.unicodeScalars {
            let width = UTF8.width(scalar)
            if octets + width > 75 {
                out += "\r\n "
                octets = 1
            }
            out.unicodeScalars.append(scalar)
            octets += width
        }
        return out
    }
}
