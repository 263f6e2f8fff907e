// FixtureParser: turns fixture JSON into a validated FixtureSnapshot, or a FixtureError naming the field.
import Foundation

/// Parses and validates a fixture. Relative events (`"day"`, `"time"`) are placed against `now`:
/// day 0 is the local date of `now` in the event's time zone.
struct FixtureParser {
    var now: Date

    func parse(_ data: Data) throws(FixtureError) -> FixtureSnapshot {
        let document: FixtureDocument
        do {
            document = try JSONDecoder().decode(FixtureDocument.self, from: data)
        } catch let error as DecodingError {
            throw Self.describe(error)
        } catch {
            throw FixtureError(field: "(document)", message: "\(error)")
        }
        let server = try parseServer(document.server)
        var mailboxes: [Mailbox] = []
        var seen: Set<String> = []
        for (index, entry) in document.mailboxes.enumerated() {
            let mailbox = try parseMailbox(entry, path: "mailboxes[\(index)]")
            for address in mailbox.proxyAddresses {
                guard seen.insert(address).inserted else {
                    throw FixtureError(field: "mailboxes[\(index)].smtp", message: "address \(address) is used twice")
                }
            }
            mailboxes.append(mailbox)
        }
        let people = MailboxDirectory(mailboxes)
        try checkReferences(document, directory: people)
        let directory = MailboxDirectory(mailboxes, roomLists: try parseRoomLists(document.roomLists, directory: people))

        var calendars: [String: [CalendarEvent]] = [:]
        var number = 1
        for (mailboxIndex, entry) in document.mailboxes.enumerated() {
            let owner = mailboxes[mailboxIndex]
            var events: [CalendarEvent] = []
            for (eventIndex, event) in (entry.events ?? []).enumerated() {
                let path = "mailboxes[\(mailboxIndex)].events[\(eventIndex)]"
                events.append(try parseEvent(event, owner: owner, directory: directory, number: number, path: path))
                number += 1
            }
            calendars[owner.key] = events
        }
        return FixtureSnapshot(server: server, directory: directory, calendars: calendars, nextNumber: number)
    }

    // MARK: - Sections

    private func parseServer(_ section: FixtureDocument.Server?) throws(FixtureError) -> ServerSettings {
        let buildText = section?.build ?? "15.1.2507.6"
        guard let build = ServerBuild(buildText, versionName: section?.version) else {
            throw FixtureError(field: "server.build", message: "expected four numbers like 15.1.2507.6, got \"\(buildText)\"")
        }
        let maxBytes = section?.maxRequestBytes ?? 4 * 1024 * 1024
        guard maxBytes > 0 else { throw FixtureError(field: "server.maxRequestBytes", message: "must be positive") }
        return ServerSettings(
            build: build, basicAuth: section?.basicAuth ?? true, realm: section?.realm ?? "fake-exchange",
            maxRequestBytes: maxBytes)
    }

    private func parseMailbox(_ entry: FixtureDocument.MailboxEntry, path: String) throws(FixtureError) -> Mailbox {
        guard Self.isAddress(entry.smtp) else {
            throw FixtureError(field: "\(path).smtp", message: "\"\(entry.smtp)\" is not an SMTP address")
        }
        let kind: MailboxKind
        switch entry.kind ?? "user" {
        case "user": kind = .user
        case "room": kind = .room
        case let other: throw FixtureError(field: "\(path).kind", message: "must be \"user\" or \"room\", got \"\(other)\"")
        }
        for (index, alias) in (entry.aliases ?? []).enumerated() where !Self.isAddress(alias) {
            throw FixtureError(field: "\(path).aliases[\(index)]", message: "\"\(alias)\" is not an SMTP address")
        }
        var permissions: [String: PermissionLevel] = [:]
        for (grantee, role) in entry.calendarPermissions ?? [:] {
            guard let level = PermissionLevel(name: role) else {
                let roles = PermissionLevel.allCases.map(\.rawValue).joined(separator: ", ")
                throw FixtureError(field: "\(path).calendarPermissions.\(grantee)", message: "unknown role \"\(role)\" (known: \(roles))")
            }
            permissions[grantee.lowercased()] = level
        }
        var impersonation: ImpersonationScope?
        if let section = entry.impersonation {
            switch section.scope {
            case .named("all"): impersonation = .all
            case .named("userMailboxes"): impersonation = .userMailboxes
            case let .named(other):
                throw FixtureError(
                    field: "\(path).impersonation.scope",
                    message: "must be \"all\", \"userMailboxes\" or a list of addresses, got \"\(other)\"")
            case let .list(addresses): impersonation = .addresses(Set(addresses.map { $0.lowercased() }))
            }
        }
        var owaTimeZone: WindowsTimeZone?
        if let name = entry.timeZone {
            guard let zone = Self.timeZone(named: name) else {
                throw FixtureError(field: "\(path).timeZone", message: "unknown time zone \"\(name)\" (use an IANA or Windows id)")
            }
            // OWA names zones by Windows id; a zone without one would be served as something else.
            guard let windows = WindowsTimeZone.matching(zone) else {
                throw FixtureError(field: "\(path).timeZone", message: "\"\(name)\" has no Windows time zone fake-exchange knows")
            }
            owaTimeZone = windows
        }
        return Mailbox(
            smtp: entry.smtp, displayName: entry.displayName ?? entry.smtp, kind: kind, upn: entry.upn,
            password: entry.password, sid: entry.sid, aliases: entry.aliases ?? [], hasMailbox: entry.hasMailbox ?? true,
            calendarPermissions: permissions, fullAccess: Set((entry.fullAccess ?? []).map { $0.lowercased() }),
            sendAs: Set((entry.sendAs ?? []).map { $0.lowercased() }), impersonation: impersonation,
            owaTimeZoneID: owaTimeZone?.id)
    }

    /// Every grant must name a mailbox in the directory (by primary SMTP address).
    private func checkReferences(_ document: FixtureDocument, directory: MailboxDirectory) throws(FixtureError) {
        for (index, entry) in document.mailboxes.enumerated() {
            let path = "mailboxes[\(index)]"
            for grantee in (entry.calendarPermissions ?? [:]).keys.sorted() where directory.primary(grantee) == nil {
                throw FixtureError(field: "\(path).calendarPermissions.\(grantee)", message: "unknown mailbox \(grantee)")
            }
            for (position, grantee) in (entry.sendAs ?? []).enumerated() where directory.primary(grantee) == nil {
                throw FixtureError(field: "\(path).sendAs[\(position)]", message: "unknown mailbox \(grantee)")
            }
            for (position, grantee) in (entry.fullAccess ?? []).enumerated() where directory.primary(grantee) == nil {
                throw FixtureError(field: "\(path).fullAccess[\(position)]", message: "unknown mailbox \(grantee)")
            }
            if case let .list(addresses) = entry.impersonation?.scope {
                for (position, address) in addresses.enumerated() where directory.primary(address) == nil {
                    throw FixtureError(field: "\(path).impersonation.scope[\(position)]", message: "unknown mailbox \(address)")
                }
            }
        }
    }

    /// The fixture's room lists; without a `roomLists` section, one list `allrooms@<domain of the first room>`
    /// ("All Rooms") of every room mailbox in fixture order, or none when there is no room. A list's address
    /// must be new to the directory; every member must be a mailbox of kind `room`, named once.
    private func parseRoomLists(
        _ entries: [FixtureDocument.RoomListEntry]?, directory: MailboxDirectory
    ) throws(FixtureError) -> [RoomList] {
        guard let entries else {
            let rooms = directory.all.filter { $0.kind == .room }
            guard let first = rooms.first, let domain = first.key.split(separator: "@").last else { return [] }
            return [RoomList(smtp: "allrooms@\(domain)", displayName: "All Rooms", rooms: rooms.map(\.key))]
        }
        var lists: [RoomList] = []
        for (index, entry) in entries.enumerated() {
            let path = "roomLists[\(index)]"
            guard Self.isAddress(entry.smtp) else {
                throw FixtureError(field: "\(path).smtp", message: "\"\(entry.smtp)\" is not an SMTP address")
            }
            if let mailbox = directory.proxy(entry.smtp) {
                throw FixtureError(field: "\(path).smtp", message: "address \(entry.smtp) is already used by mailbox \(mailbox.smtp)")
            }
            guard !lists.contains(where: { $0.key == entry.smtp.lowercased() }) else {
                throw FixtureError(field: "\(path).smtp", message: "room list \(entry.smtp) is listed twice")
            }
            var members: [String] = []
            for (position, address) in (entry.rooms ?? []).enumerated() {
                let field = "\(path).rooms[\(position)]"
                guard let room = directory.primary(address) else {
                    throw FixtureError(field: field, message: "unknown mailbox \(address)")
                }
                guard room.kind == .room else {
                    throw FixtureError(field: field, message: "\(address) is not a room (its kind is \"\(room.kind.rawValue)\")")
                }
                guard !members.contains(room.key) else {
                    throw FixtureError(field: field, message: "room \(address) is listed twice")
                }
                members.append(room.key)
            }
            lists.append(RoomList(smtp: entry.smtp, displayName: entry.displayName ?? entry.smtp, rooms: members))
        }
        return lists
    }

    private func parseEvent(
        _ entry: FixtureDocument.Event, owner: Mailbox, directory: MailboxDirectory, number: Int, path: String
    ) throws(FixtureError) -> CalendarEvent {
        let zoneName = entry.timeZone ?? "UTC"
        guard let zone = Self.timeZone(named: zoneName) else {
            throw FixtureError(field: "\(path).timeZone", message: "unknown time zone \"\(zoneName)\" (use an IANA or Windows id)")
        }
        let calendar = EWSDateTime.gregorian(in: zone)
        let isAllDay = entry.allDay ?? entry.isAllDay ?? false
        var start: Date
        var end: Date
        if let day = entry.day {
            guard entry.start == nil else {
                throw FixtureError(field: "\(path).start", message: "give either \"start\" or \"day\", not both")
            }
            let today = calendar.startOfDay(for: now)
            guard let date = calendar.date(byAdding: .day, value: day, to: today) else {
                throw FixtureError(field: "\(path).day", message: "day \(day) is out of range")
            }
            if isAllDay {
                start = date
            } else {
                guard let time = entry.time, let (hour, minute) = Self.parseTime(time) else {
                    throw FixtureError(field: "\(path).time", message: "expected \"HH:MM\" for an event placed by \"day\"")
                }
                var components = calendar.dateComponents([.year, .month, .day], from: date)
                components.hour = hour
                components.minute = minute
                start = calendar.date(from: components)!
            }
            end = try Self.endFromDuration(entry, start: start, isAllDay: isAllDay, calendar: calendar, path: path)
        } else {
            guard let startText = entry.start else {
                throw FixtureError(field: "\(path).start", message: "an event needs \"start\" (ISO 8601) or \"day\"")
            }
            guard let parsed = EWSDateTime.parse(startText, defaultZone: zone) else {
                throw FixtureError(field: "\(path).start", message: "\"\(startText)\" is not an ISO 8601 date-time")
            }
            start = parsed
            if let endText = entry.end {
                guard let parsedEnd = EWSDateTime.parse(endText, defaultZone: zone) else {
                    throw FixtureError(field: "\(path).end", message: "\"\(endText)\" is not an ISO 8601 date-time")
                }
                end = parsedEnd
            } else {
                end = try Self.endFromDuration(entry, start: start, isAllDay: isAllDay, calendar: calendar, path: path)
            }
        }
        guard end >= start else { throw FixtureError(field: "\(path).end", message: "ends before it starts") }
        let sensitivity = entry.sensitivity ?? "Normal"
        guard ["Normal", "Personal", "Private", "Confidential"].contains(sensitivity) else {
            throw FixtureError(field: "\(path).sensitivity", message: "must be Normal, Personal, Private or Confidential")
        }
        let freeBusy = entry.freeBusy ?? "Busy"
        guard ["Free", "Tentative", "Busy", "OOF", "WorkingElsewhere", "NoData"].contains(freeBusy) else {
            throw FixtureError(field: "\(path).freeBusy", message: "must be Free, Tentative, Busy, OOF, WorkingElsewhere or NoData")
        }
        let recurrence = try entry.recurrence.map { (section) throws(FixtureError) in
            try parseRecurrence(section, path: "\(path).recurrence")
        }
        let organizerAddress = entry.organizer ?? owner.smtp
        let organizer = Attendee(
            address: organizerAddress, name: directory.proxy(organizerAddress)?.displayName, response: "Organizer",
            routingTypeEX: entry.organizerRoutingType?.uppercased() == "EX")
        func attendees(_ list: [String]?) -> [Attendee] {
            (list ?? []).map { Attendee(address: $0, name: directory.proxy($0)?.displayName, response: "Unknown") }
        }
        return CalendarEvent(
            number: number, uid: Self.uid(owner: owner.key, number: number), subject: entry.subject ?? "",
            body: entry.body ?? "", start: start, end: end, isAllDay: isAllDay, location: entry.location ?? "",
            sensitivity: sensitivity, freeBusy: freeBusy, isCancelled: entry.isCancelled ?? false,
            categories: entry.categories ?? [], reminderIsSet: entry.reminderMinutes != nil,
            reminderMinutes: entry.reminderMinutes ?? 15, organizer: organizer,
            requiredAttendees: attendees(entry.attendees), optionalAttendees: attendees(entry.optionalAttendees),
            resources: attendees(entry.resources), timeZone: zone, recurrence: recurrence, deletedOccurrences: [],
            exceptions: [:], changeCount: 1, created: now, lastModified: now, meetingRequestWasSent: false)
    }

    private func parseRecurrence(_ section: FixtureDocument.Recurrence, path: String) throws(FixtureError) -> RecurrencePattern {
        guard let frequency = RecurrencePattern.Frequency(rawValue: section.frequency.lowercased()) else {
            throw FixtureError(field: "\(path).frequency", message: "must be daily, weekly, monthly or yearly")
        }
        let interval = section.interval ?? 1
        guard RecurrenceXML.intervals.contains(interval) else {
            throw FixtureError(field: "\(path).interval", message: "must be 1...999")
        }
        var weekdays: [Int] = []
        for (index, name) in (section.daysOfWeek ?? []).enumerated() {
            guard let weekday = RecurrencePattern.weekday(named: name) else {
                throw FixtureError(field: "\(path).daysOfWeek[\(index)]", message: "\"\(name)\" is not a weekday name")
            }
            weekdays.append(weekday)
        }
        if let day = section.dayOfMonth, !(1...31).contains(day) {
            throw FixtureError(field: "\(path).dayOfMonth", message: "must be 1...31")
        }
        var month: Int?
        if let text = section.month?.value {
            guard let value = RecurrencePattern.month(named: text) else {
                throw FixtureError(field: "\(path).month", message: "\"\(text)\" is not a month")
            }
            month = value
        }
        var range = RecurrencePattern.Range.noEnd
        if let count = section.count {
            guard count >= 1 else { throw FixtureError(field: "\(path).count", message: "must be at least 1") }
            range = .count(count)
        }
        if let until = section.until {
            guard section.count == nil else { throw FixtureError(field: "\(path).until", message: "give either count or until") }
            guard let date = EWSDateTime.parseDate(String(until.prefix(10))) else {
                throw FixtureError(field: "\(path).until", message: "\"\(until)\" is not a date (YYYY-MM-DD)")
            }
            range = .until(date)
        }
        return RecurrencePattern(
            frequency: frequency, interval: interval, daysOfWeek: weekdays, dayOfMonth: section.dayOfMonth, month: month,
            range: range)
    }

    // MARK: - Helpers

    private static func endFromDuration(
        _ entry: FixtureDocument.Event, start: Date, isAllDay: Bool, calendar: Calendar, path: String
    ) throws(FixtureError) -> Date {
        if isAllDay {
            let days = entry.durationDays ?? 1
            guard days >= 1 else { throw FixtureError(field: "\(path).durationDays", message: "must be at least 1") }
            return calendar.date(byAdding: .day, value: days, to: start)!
        }
        let minutes = entry.durationMinutes ?? 30
        guard minutes >= 0 else { throw FixtureError(field: "\(path).durationMinutes", message: "must not be negative") }
        return start.addingTimeInterval(TimeInterval(minutes * 60))
    }

    /// An IANA zone, or a Windows zone id the fake knows.
    static func timeZone(named name: String) -> TimeZone? {
        if let windows = WindowsTimeZone.windows(name) { return windows.timeZone }
        if name == "UTC" || name == "Z" { return TimeZone(secondsFromGMT: 0) }
        return TimeZone(identifier: name)
    }

    static func parseTime(_ text: String) -> (Int, Int)? {
        let parts = text.split(separator: ":").map { Int($0) }
        guard parts.count == 2, let hour = parts[0], let minute = parts[1], (0...23).contains(hour), (0...59).contains(minute)
        else { return nil }
        return (hour, minute)
    }

    static func isAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !text.contains(" ")
    }

    /// A stable iCalendar UID in Outlook's GlobalObjectId hex style.
    static func uid(owner: String, number: Int) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in "\(owner)#\(number)".utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return "040000008200E00074C5B7101A82E00800000000" + String(format: "%016llX%08X", hash, number)
    }

    /// `mailboxes[0].events[2].start: expected String` from a DecodingError.
    static func describe(_ error: DecodingError) -> FixtureError {
        func path(_ keys: [any CodingKey]) -> String {
            var text = ""
            for key in keys {
                if let index = key.intValue {
                    text += "[\(index)]"
                } else {
                    text += text.isEmpty ? key.stringValue : ".\(key.stringValue)"
                }
            }
            return text.isEmpty ? "(document)" : text
        }
        switch error {
        case let .typeMismatch(type, context):
            return FixtureError(field: path(context.codingPath), message: "expected \(type)")
        case let .valueNotFound(type, context):
            return FixtureError(field: path(context.codingPath), message: "expected \(type), found null")
        case let .keyNotFound(key, context):
            return FixtureError(field: path(context.codingPath + [key]), message: "is required")
        case let .dataCorrupted(context):
            return FixtureError(field: path(context.codingPath), message: "not valid JSON (\(context.debugDescription))")
        @unknown default:
            return FixtureError(field: "(document)", message: "\(error)")
        }
    }
}
