// RoomVoiceService: a voice turn of a device in a meeting room, answered from (and booking) the room's Exchange
// calendar: is it free, when is it free, what's on it, book it now, end the meeting it booked.
import Foundation
import Logging
import Storage
import Voice

/// One turn said to a room's device.
public struct RoomVoiceRequest: Sendable {
    public var organizationID: String
    public var roomID: String
    public var input: VoiceInput
    /// nil starts a new session (one is made up and returned).
    public var sessionID: String?

    public init(organizationID: String, roomID: String, input: VoiceInput, sessionID: String? = nil) {
        self.organizationID = organizationID
        self.roomID = roomID
        self.input = input
        self.sessionID = sessionID
    }
}

/// The room voice use case behind REST `…/rooms/{roomId}/voice` and the Alexa Skills Kit endpoint (for a device placed
/// in a room). Times are in the room profile's time zone (else the organization's). An instant booking lasts the
/// profile's `InstantBooking.DurationInMinutes` (else 30) unless the request says how long, is refused when the
/// room is busy in that window or instant booking is turned off, and is confirmed before it is created. "End this
/// meeting" shortens only a meeting the room booked itself, to end now. Every Exchange call of a turn shares the
/// turn's deadline, as for personal calendars.
public struct RoomVoiceService: Sendable {
    let rooms: any RoomStore
    let profiles: RoomProfileService
    let organizations: any OrganizationStore
    let exchange: ExchangeLinkService
    let calendar: any VoiceCalendar
    let clock: any WallClock
    let stopwatch: any MonotonicClock
    let ids: any IdentifierSource
    let settings: VoiceService.Settings
    let logger: Logger

    public init(rooms: any RoomStore, profiles: RoomProfileService, organizations: any OrganizationStore, exchange: ExchangeLinkService,
                calendar: any VoiceCalendar, clock: any WallClock = SystemClock(), stopwatch: any MonotonicClock = SystemMonotonicClock(),
                ids: any IdentifierSource = RandomIdentifiers(), settings: VoiceService.Settings = .init(), logger: Logger) {
        self.rooms = rooms
        self.profiles = profiles
        self.organizations = organizations
        self.exchange = exchange
        self.calendar = calendar
        self.clock = clock
        self.stopwatch = stopwatch
        self.ids = ids
        self.settings = settings
        self.logger = logger
    }

    /// What a room dialog remembers: the booking waiting for "yes".
    struct Dialog: Codable, Equatable {
        var durationSeconds: Int
    }

    /// Whether `sessionID` is a dialog of a room (so the skill endpoint sends its next turn here).
    public func hasSession(_ sessionID: String, organizationID: String) async throws -> Bool {
        try await rooms.session(id: sessionID, organizationID: organizationID, now: clock.now()) != nil
    }

    /// - Throws: ``ServiceError/Code/notFound`` for an unknown organization or room; storage failures.
    public func answer(_ request: RoomVoiceRequest) async throws -> VoiceAnswer {
        let sessionID = request.sessionID ?? ids.identifier(prefix: "vs")
        if request.input == .sessionEnded {
            if request.sessionID != nil { try await rooms.deleteSession(id: sessionID, organizationID: request.organizationID) }
            return VoiceAnswer(speech: nil, reprompt: nil, shouldEndSession: true, sessionID: sessionID, intent: nil, question: nil, events: [])
        }
        guard let organization = try await organizations.organization(id: request.organizationID) else {
            throw OrganizationService.notFound(request.organizationID)
        }
        guard let room = try await rooms.room(id: request.roomID, organizationID: organization.id) else { throw RoomService.noRoom(request.roomID) }
        let profile = try await profiles.effectiveProfile(organizationID: organization.id, id: room.profileID)
        let now = clock.now()
        var pending: Dialog?
        if request.sessionID != nil, let row = try await rooms.session(id: sessionID, organizationID: organization.id, now: now), row.roomID == room.id {
            pending = try? JSONDecoder().decode(Dialog.self, from: Data(row.state.utf8))
        }
        let zone = TimeZone(identifier: profile?.timeZone ?? organization.timeZone) ?? TimeZone(identifier: "UTC")!
        var turn = RoomTurn(service: self, room: room, profile: profile, sessionID: sessionID, hadSession: request.sessionID != nil, now: now,
                            timeZone: zone, deadline: stopwatch.now() + settings.deadline)
        return try await turn.answer(request.input, pending: pending)
    }
}

/// One room turn: the meaning of the input, the calendar calls, the answer.
struct RoomTurn {
    let service: RoomVoiceService
    let room: RoomRecord
    let profile: RoomProfile?
    let sessionID: String
    let hadSession: Bool
    let now: Date
    let timeZone: TimeZone
    /// The organization's link (read on the first call that needs it) and the turn's deadline.
    var exchange: TurnExchange

    init(service: RoomVoiceService, room: RoomRecord, profile: RoomProfile?, sessionID: String, hadSession: Bool, now: Date, timeZone: TimeZone,
         deadline: ContinuousClock.Instant) {
        self.service = service
        self.room = room
        self.profile = profile
        self.sessionID = sessionID
        self.hadSession = hadSession
        self.now = now
        self.timeZone = timeZone
        exchange = TurnExchange(exchange: service.exchange, organizationID: room.organizationID, deadline: deadline, stopwatch: service.stopwatch)
    }

    var speech: RoomSpeech { RoomSpeech(roomName: room.name, now: now, timeZone: timeZone, renderer: SpeechRenderer(maxRead: service.settings.maxRead)) }
    var renderer: SpeechRenderer { SpeechRenderer(maxRead: service.settings.maxRead) }
    var today: CalendarDay { CalendarDay(now, in: timeZone) }

    mutating func answer(_ input: VoiceInput, pending: RoomVoiceService.Dialog?) async throws -> VoiceAnswer {
        let intent: VoiceIntent
        var confirmation = VoiceInput.Confirmation.none
        switch input {
        case .launch, .sessionEnded:
            return try await open(Prompts.roomWelcome)
        case .utterance(let text):
            intent = RoomUtteranceParser.parse(text, today: today) ?? UtteranceParser.parse(text, today: today)
        case .intent(let given, let status):
            intent = given
            confirmation = status
        }
        if let pending {
            if intent.name == .yes || (intent.name == .bookRoom && confirmation == .confirmed) {
                return try await perform(VoiceIntent(.bookRoom, durationSeconds: intent.durationSeconds ?? pending.durationSeconds), confirmed: true)
            }
            if intent.name == .no || (intent.name == .bookRoom && confirmation == .denied) { return try await end(renderer.prompt(Prompts.roomNotBooked)) }
        }
        switch intent.name {
        case .help: return try await open(Prompts.roomHelp)
        case .stop, .cancel: return try await end(renderer.prompt(Prompts.goodbye))
        case .bookRoom where confirmation == .denied: return try await end(renderer.prompt(Prompts.roomNotBooked))
        case _ where intent.isAboutRoom: return try await perform(intent, confirmed: confirmation == .confirmed)
        default: return try await open(Prompts.roomNotUnderstood)
        }
    }

    private mutating func perform(_ intent: VoiceIntent, confirmed: Bool) async throws -> VoiceAnswer {
        guard let mailbox = room.calendarMailbox else { return try await end(renderer.prompt(Prompts.roomCalendarNotLinked), intent: intent) }
        do {
            switch intent.name {
            case .roomAvailability: return try await availability(intent, mailbox)
            case .roomFreeTime: return try await nextFree(intent, mailbox)
            case .roomSchedule: return try await schedule(intent, mailbox)
            case .bookRoom: return try await book(intent, mailbox, confirmed: confirmed)
            default: return try await end(meeting: intent, mailbox)
            }
        } catch let failure as VoiceCalendarError {
            return try await answer(failure, intent: intent)
        } catch LinkState.notLinked {
            return try await end(renderer.prompt(Prompts.organizationNotLinked), intent: intent)
        } catch LinkState.rejected {
            return try await end(renderer.prompt(Prompts.credentialsRejected), intent: intent)
        }
    }

    private mutating func availability(_ intent: VoiceIntent, _ mailbox: String) async throws -> VoiceAnswer {
        // A time: that instant (on the day asked, else today); a day without a time: its start, or now when today.
        let instant: Date
        if intent.time != nil, let start = WindowResolver.eventStart(date: intent.date ?? .present, time: intent.time, now: now, timeZone: timeZone) {
            if intent.date == nil && start < now.addingTimeInterval(-60) {
                // A bare time already past today ("free at 9 AM", asked at 3 PM) means its next one, tomorrow.
                let clock = Calendar.hourMinute(start, timeZone)
                instant = CalendarDay(start, in: timeZone).adding(days: 1).at(hour: clock.hour, minute: clock.minute, in: timeZone)
            } else {
                instant = start
            }
        } else {
            let window = WindowResolver.window(date: intent.date, time: nil, now: now, timeZone: timeZone)
            instant = max(window.start, now)
        }
        let dayEnd = CalendarDay(instant, in: timeZone).adding(days: 1).start(in: timeZone)
        let events = try await busy(mailbox, instant, dayEnd)
        return try await end(speech.availability(at: instant, events: events.map(Turn.spoken), askedTime: intent.time != nil), intent: intent,
                             events: events.filter { $0.end > instant && $0.start < instant.addingTimeInterval(1) })
    }

    private mutating func nextFree(_ intent: VoiceIntent, _ mailbox: String) async throws -> VoiceAnswer {
        let dayEnd = today.adding(days: 1).start(in: timeZone)
        let events = try await busy(mailbox, now, dayEnd)
        return try await end(speech.nextFree(events: events.map(Turn.spoken), dayEnd: dayEnd), intent: intent, events: events)
    }

    private mutating func schedule(_ intent: VoiceIntent, _ mailbox: String) async throws -> VoiceAnswer {
        let day: CalendarDay
        switch intent.date {
        case .day(let asked): day = asked
        default: day = today
        }
        let start = day.start(in: timeZone), end = day.adding(days: 1).start(in: timeZone)
        let events = try await events(mailbox, start, end)
        return try await self.end(speech.schedule(events.map(Turn.spoken), day: day), intent: intent, events: events)
    }

    private mutating func book(_ intent: VoiceIntent, _ mailbox: String, confirmed: Bool) async throws -> VoiceAnswer {
        let booking = profile?.settings.MeetingRoomConfiguration?.InstantBooking
        if booking?.Enabled == false { return try await end(renderer.prompt("Instant booking is turned off for \(room.name)."), intent: intent) }
        if let asked = intent.durationSeconds, !(60...86_400).contains(asked) {
            return try await end(renderer.prompt("I can book \(room.name) for 1 minute to 24 hours."), intent: intent)
        }
        let seconds = intent.durationSeconds ?? (booking?.DurationInMinutes ?? RoomProfileService.defaultInstantBookingMinutes) * 60
        // From now (whole seconds), so a meeting ended a moment ago does not stand in the way.
        let start = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        let end = start.addingTimeInterval(TimeInterval(seconds))
        let conflicts = try await busy(mailbox, start, end).filter { $0.start < end && $0.end > start }
        if let conflict = conflicts.min(by: { $0.start < $1.start }) {
            return try await self.end(speech.cannotBook(seconds: seconds, conflict: Turn.spoken(conflict)), intent: intent, events: conflicts)
        }
        let asked = VoiceIntent(.bookRoom, durationSeconds: seconds)
        guard confirmed else { return try await askConfirmation(speech.confirmBooking(until: end), intent: asked, dialog: .init(durationSeconds: seconds)) }
        let event = VoiceEvent(id: "", subject: "Booked with Alexa: \(room.name)", start: start, end: end, location: room.name)
        let created = try await service.calendar.create(event, in: mailbox, through: try await exchangeLink(), timeout: remaining())
        try await service.rooms.saveBooking(RoomBookingRecord(itemID: created.id, organizationID: room.organizationID, roomID: room.id,
                                                              start: start, end: end, createdAt: now.roundedToSeconds))
        service.logger.info("room booked by voice", metadata: ["organization": "\(room.organizationID)", "room": "\(room.id)"])
        return try await self.end(speech.booked(until: end), intent: asked, events: [created])
    }

    private mutating func end(meeting intent: VoiceIntent, _ mailbox: String) async throws -> VoiceAnswer {
        let current = try await service.rooms.bookings(roomID: room.id, organizationID: room.organizationID, overlapping: now, now.addingTimeInterval(1))
        guard let booking = current.first else { return try await end(speech.nothingToEnd, intent: intent) }
        let events = try await events(mailbox, booking.start, booking.end)
        // Exchange's own times decide (the booking may have been moved in Outlook since).
        guard var event = events.first(where: { $0.id == booking.itemID }), event.start <= now, now < event.end else {
            return try await end(speech.nothingToEnd, intent: intent)
        }
        let link = try await exchangeLink()
        // Whole seconds, never after now, so the room is free as soon as this answers. A booking not a minute old is
        // released whole instead (Exchange needs an end after the start, and a seconds-long meeting helps nobody).
        let newEnd = Date(timeIntervalSince1970: now.timeIntervalSince1970.rounded(.down))
        if newEnd.timeIntervalSince(event.start) < 60 {
            try await service.calendar.cancel(event, in: mailbox, through: link, timeout: remaining())
        } else {
            try await service.calendar.move(event, to: event.start, end: newEnd, in: mailbox, through: link, timeout: remaining())
        }
        var shortened = booking
        shortened.end = max(newEnd, booking.start)
        try await service.rooms.updateBooking(shortened)
        event.end = shortened.end
        return try await end(speech.ended, intent: intent, events: [event])
    }

    // MARK: - Exchange

    private mutating func exchangeLink() async throws -> ExchangeLinkTarget { try await exchange.target() }

    private mutating func events(_ mailbox: String, _ start: Date, _ end: Date) async throws -> [VoiceEvent] {
        try await exchange.events(in: mailbox, from: service.calendar, start, end)
    }

    private func remaining() throws(VoiceCalendarError) -> Duration { try exchange.remaining() }

    /// The events that make the room busy: all but those shown as Free (a hold, an FYI entry).
    private mutating func busy(_ mailbox: String, _ start: Date, _ end: Date) async throws -> [VoiceEvent] {
        try await events(mailbox, start, end).filter { $0.isFree != true }
    }

    private mutating func answer(_ failure: VoiceCalendarError, intent: VoiceIntent) async throws -> VoiceAnswer {
        let metadata: Logger.Metadata = ["organization": "\(room.organizationID)", "room": "\(room.id)", "intent": "\(intent.name.rawValue)"]
        switch failure {
        case .credentialsRejected:
            try await exchange.markRejected()
            return try await end(renderer.prompt(Prompts.credentialsRejected), intent: intent)
        case .accessDenied(let detail):
            service.logger.warning("room voice: the service account cannot reach the room's calendar", metadata: metadata.merging(["detail": "\(detail)"]) { $1 })
            return try await end(renderer.prompt(Prompts.roomCalendarAccessDenied), intent: intent)
        case .eventNotFound:
            return try await end(speech.nothingToEnd, intent: intent)
        case .unavailable(let detail):
            service.logger.warning("room voice: calendar unreachable", metadata: metadata.merging(["detail": "\(detail)"]) { $1 })
            return try await end(renderer.prompt(Prompts.roomCalendarUnreachable), intent: intent)
        }
    }

    // MARK: - Answers and the session

    private func end(_ speech: Speech, intent: VoiceIntent? = nil, events: [VoiceEvent] = []) async throws -> VoiceAnswer {
        if hadSession { try await service.rooms.deleteSession(id: sessionID, organizationID: room.organizationID) }
        return VoiceAnswer(speech: speech, reprompt: nil, shouldEndSession: true, sessionID: sessionID, intent: intent, question: nil,
                           events: events.map(Turn.view))
    }

    private func open(_ text: String) async throws -> VoiceAnswer {
        if hadSession { try await service.rooms.deleteSession(id: sessionID, organizationID: room.organizationID) }
        return VoiceAnswer(speech: renderer.prompt(text), reprompt: Prompts.reprompt, shouldEndSession: false, sessionID: sessionID,
                           intent: nil, question: .open, events: [])
    }

    private func askConfirmation(_ speech: Speech, intent: VoiceIntent, dialog: RoomVoiceService.Dialog) async throws -> VoiceAnswer {
        let state = String(decoding: (try? JSONEncoder().encode(dialog)) ?? Data("{}".utf8), as: UTF8.self)
        try await service.rooms.saveSession(id: sessionID, roomID: room.id, organizationID: room.organizationID, state: state,
                                            expiresAt: now.addingTimeInterval(service.settings.sessionLifetime), now: now)
        return VoiceAnswer(speech: speech, reprompt: speech.plain, shouldEndSession: false, sessionID: sessionID, intent: intent,
                           question: .confirmation, events: [])
    }
}

extension Calendar {
    /// The hour and minute of `date` in `timeZone`.
    static func hourMinute(_ date: Date, _ timeZone: TimeZone) -> (hour: Int, minute: Int) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return (parts.hour ?? 0, parts.minute ?? 0)
    }
}
