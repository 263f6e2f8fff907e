// ControlAPI: the `/_fake/...` JSON API for tests and operators (health, directory, events, sent mail, faults,
// reset, stats).
import Foundation

/// Routes under `/_fake/` (no authentication; bind the fake to loopback):
/// - `GET /_fake/health` → `{"status": "ok"}`
/// - `GET /_fake/mailboxes` → the directory
/// - `GET /_fake/roomlists` → the room lists: `[{"smtp", "displayName", "rooms": [smtp, ...]}]`
/// - `GET /_fake/mailboxes/{smtp}/events` → the Calendar folder as stored (masters and singles, UTC times)
/// - `GET /_fake/mailboxes/{smtp}/inbox` → mail delivered over SMTP (`--smtp-port`), one per Message-ID, oldest first
/// - `GET /_fake/mailboxes/{smtp}/inbox/stats` → `{"messages": N, "duplicatesDropped": N}`
/// - `GET /_fake/sent` → mail and meeting notices sent
/// - `GET|POST|DELETE /_fake/faults` → list, add, clear injected faults
/// - `POST /_fake/reset` → back to the fixture, faults cleared
/// - `GET /_fake/stats` → EWS requests by operation and TCP connections accepted
/// Errors are `{"error": {"code": ..., "message": ...}}`.
enum ControlAPI {
    static func handle(_ request: FakeHTTPRequest, state: inout ExchangeState, snapshot: FixtureSnapshot) -> FakeHTTPResponse {
        let method = request.method.uppercased()
        let segments = request.pathOnly.split(separator: "/").map { String($0).removingPercentEncoding ?? String($0) }
        let route = Array(segments.dropFirst())  // drop "_fake"
        switch (method, route.first ?? "") {
        case ("GET", "health") where route.count == 1:
            return json(200, ["status": "ok"])
        case ("GET", "mailboxes") where route.count == 1:
            return json(200, state.directory.all.map(MailboxJSON.init))
        case ("GET", "roomlists") where route.count == 1:
            return json(200, state.directory.roomLists.map { RoomListJSON($0, directory: state.directory) })
        case ("GET", "mailboxes") where route.count == 3 && route[2] == "events":
            guard let mailbox = state.directory.proxy(route[1]) else {
                return error(404, "unknown_mailbox", "no mailbox \(route[1]) in the fixture")
            }
            // The mailbox's Calendar; items in calendar folders a client created are not listed.
            let events = state.items(in: FolderTarget(owner: mailbox, folder: .calendar)).map { EventJSON(event: $0, owner: mailbox) }
            return json(200, events)
        case ("GET", "mailboxes") where route.count >= 3 && route[2] == "inbox" && (route.count == 3 || (route.count == 4 && route[3] == "stats")):
            guard let mailbox = state.directory.recipient(route[1]) else {
                return error(404, "unknown_mailbox", "no mailbox \(route[1]) in the fixture")
            }
            let inbox = state.inboxes[mailbox.key] ?? Inbox()
            if route.count == 4 { return json(200, InboxStatsJSON(messages: inbox.messages.count, duplicatesDropped: inbox.duplicatesDropped)) }
            return json(200, inbox.messages.map(InboxJSON.init))
        case ("GET", "sent") where route.count == 1:
            return json(200, state.sent.map(SentJSON.init))
        case ("GET", "faults") where route.count == 1:
            return json(200, state.faults.rules)
        case ("POST", "faults") where route.count == 1:
            switch parseFault(request.body) {
            case let .failure(failure): return error(400, "invalid_fault", failure.message)
            case var .success(rule):
                // Requests are matched by primary address, so an alias (or UPN) names its mailbox too.
                if let mailbox = rule.mailbox,
                    let known = state.directory.recipient(mailbox)
                {
                    rule.mailbox = known.key
                }
                return json(201, state.faults.add(rule))
            }
        case ("DELETE", "faults") where route.count == 1:
            state.faults.clear()
            return json(200, ["status": "cleared"])
        case ("POST", "reset") where route.count == 1:
            state.reset(to: snapshot)
            return json(200, ["status": "reset"])
        case ("GET", "stats") where route.count == 1:
            return json(200, state.stats)
        case (_, "health"), (_, "mailboxes"), (_, "roomlists"), (_, "sent"), (_, "faults"), (_, "reset"), (_, "stats"):
            return error(405, "method_not_allowed", "\(method) is not allowed on \(request.pathOnly)")
        default:
            return error(404, "not_found", "no control route \(request.pathOnly)")
        }
    }

    struct Failure: Error { var message: String }

    /// Parses a fault rule, naming the offending field on error.
    static func parseFault(_ body: Data) -> Result<FaultRule, Failure> {
        struct Input: Decodable {
            var fault: String?
            var operation: String?
            var mailbox: String?
            var count: Int?
            var delayMs: Int?
            var backOffMilliseconds: Int?
        }
        let input: Input
        do {
            input = try JSONDecoder().decode(Input.self, from: body)
        } catch let decoding as DecodingError {
            return .failure(Failure(message: FixtureParser.describe(decoding).description.replacingOccurrences(of: "fixture field", with: "field")))
        } catch {
            return .failure(Failure(message: "body is not a JSON object"))
        }
        let kinds = FaultRule.Kind.allCases.map(\.rawValue).joined(separator: "|")
        guard let name = input.fault else { return .failure(Failure(message: "field `fault` is required (\(kinds))")) }
        guard let kind = FaultRule.Kind(rawValue: name) else {
            return .failure(Failure(message: "field `fault`: unknown fault \"\(name)\" (\(kinds))"))
        }
        if let count = input.count, count < 1 { return .failure(Failure(message: "field `count`: must be at least 1")) }
        if let delay = input.delayMs, delay < 0 { return .failure(Failure(message: "field `delayMs`: must not be negative")) }
        if let backOff = input.backOffMilliseconds, backOff < 0 {
            return .failure(Failure(message: "field `backOffMilliseconds`: must not be negative"))
        }
        return .success(FaultRule(
            id: 0, fault: kind, operation: input.operation, mailbox: input.mailbox, count: input.count, delayMs: input.delayMs,
            backOffMilliseconds: input.backOffMilliseconds))
    }

    // MARK: - JSON

    private static func json<T: Encodable>(_ status: Int, _ value: T) -> FakeHTTPResponse {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(EWSDateTime.format(date))
        }
        let data = (try? encoder.encode(value)) ?? Data("{}".utf8)
        return .json(status, data)
    }

    private static func error(_ status: Int, _ code: String, _ message: String) -> FakeHTTPResponse {
        json(status, ["error": ["code": code, "message": message]])
    }

    struct MailboxJSON: Encodable {
        var smtp: String
        var displayName: String
        var kind: String
        var aliases: [String]

        init(_ mailbox: Mailbox) {
            smtp = mailbox.smtp
            displayName = mailbox.displayName
            kind = mailbox.kind.rawValue
            aliases = mailbox.aliases
        }
    }

    struct RoomListJSON: Encodable {
        var smtp: String
        var displayName: String
        var rooms: [String]

        init(_ list: RoomList, directory: MailboxDirectory) {
            smtp = list.smtp
            displayName = list.displayName
            rooms = list.rooms.map { directory.primary($0)?.smtp ?? $0 }
        }
    }

    struct InboxJSON: Encodable {
        var messageId: String
        var from: String
        var to: String
        var subject: String
        var receivedAt: Date
        var date: Date?
        var text: String

        init(_ message: InboxMessage) {
            messageId = message.messageID
            from = message.from
            to = message.to
            subject = message.subject
            receivedAt = message.receivedAt
            date = message.date
            text = message.text
        }
    }

    struct InboxStatsJSON: Encodable {
        var messages: Int
        var duplicatesDropped: Int
    }

    struct SentJSON: Encodable {
        var from: String
        var to: [String]
        var subject: String
        var body: String
        var kind: String
        var when: Date
        var sentBy: String

        init(_ mail: SentMail) {
            from = mail.from
            to = mail.to
            subject = mail.subject
            body = mail.body
            kind = mail.kind.rawValue
            when = mail.when
            sentBy = mail.sentBy
        }
    }

    /// An event as stored; `recurrence` is null for single items.
    struct EventJSON: Encodable {
        var id: String
        var subject: String
        var start: Date
        var end: Date
        var isAllDay: Bool
        var location: String
        var sensitivity: String
        var organizer: String
        var recurrence: RecurrenceJSON?
        var timeZone: String
        var attendees: [String]
        var optionalAttendees: [String]
        var deletedOccurrences: [Date]
        var modifiedOccurrences: [ModifiedJSON]

        init(event: CalendarEvent, owner: Mailbox) {
            id = ItemReference(kind: .calendarItem, mailbox: owner.key, number: event.number).encoded
            subject = event.subject
            start = event.start
            end = event.end
            isAllDay = event.isAllDay
            location = event.location
            sensitivity = event.sensitivity
            organizer = event.organizer.address
            recurrence = event.recurrence.map(RecurrenceJSON.init)
            timeZone = event.timeZone.identifier
            attendees = event.requiredAttendees.map(\.address)
            optionalAttendees = event.optionalAttendees.map(\.address)
            deletedOccurrences = event.deletedOccurrences.sorted()
            modifiedOccurrences = event.exceptions.keys.sorted().map { key in
                let override = event.exceptions[key]!
                return ModifiedJSON(originalStart: key, start: override.start, end: override.end, subject: override.subject)
            }
        }

        enum CodingKeys: String, CodingKey {
            case id, subject, start, end, isAllDay, location, sensitivity, organizer, recurrence, timeZone, attendees,
                optionalAttendees, deletedOccurrences, modifiedOccurrences
        }

        func encode(to encoder: any Encoder) throws {
            var container = encoder.container(keyedBy: CodingKeys.self)
            try container.encode(id, forKey: .id)
            try container.encode(subject, forKey: .subject)
            try container.encode(start, forKey: .start)
            try container.encode(end, forKey: .end)
            try container.encode(isAllDay, forKey: .isAllDay)
            try container.encode(location, forKey: .location)
            try container.encode(sensitivity, forKey: .sensitivity)
            try container.encode(organizer, forKey: .organizer)
            try container.encode(recurrence, forKey: .recurrence)
            try container.encode(timeZone, forKey: .timeZone)
            try container.encode(attendees, forKey: .attendees)
            try container.encode(optionalAttendees, forKey: .optionalAttendees)
            try container.encode(deletedOccurrences, forKey: .deletedOccurrences)
            try container.encode(modifiedOccurrences, forKey: .modifiedOccurrences)
        }
    }

    struct ModifiedJSON: Encodable {
        var originalStart: Date
        var start: Date
        var end: Date
        var subject: String?
    }

    /// The fixture's recurrence shape.
    struct RecurrenceJSON: Encodable {
        var frequency: String
        var interval: Int
        var daysOfWeek: [String]?
        var dayOfMonth: Int?
        var month: Int?
        var count: Int?
        var until: String?

        init(_ pattern: RecurrencePattern) {
            frequency = pattern.frequency.rawValue
            interval = pattern.interval
            daysOfWeek = pattern.daysOfWeek.isEmpty ? nil : pattern.daysOfWeek.map { RecurrencePattern.weekdayNames[$0 - 1] }
            dayOfMonth = pattern.dayOfMonth
            month = pattern.month
            switch pattern.range {
            case .noEnd: break
            case let .count(count): self.count = count
            case let .until(date):
                until = String(format: "%04d-%02d-%02d", date.year ?? 0, date.month ?? 0, date.day ?? 0)
            }
        }
    }
}
