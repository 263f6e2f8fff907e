// Turn: one voice turn for a known user: acts on its meaning (read, add, move, cancel, control) and says the answer.
import Foundation
import Logging
import Storage
import Voice

/// The context of one turn and what it does. Kept apart from ``VoiceService`` so each step reads as the dialog does.
struct Turn {
    let service: VoiceService
    let renderer: SpeechRenderer
    let organizationID: String
    let userID: String
    let mailbox: String
    let sessionID: String
    /// The client named a session: it may have a stored dialog to delete when this turn ends it.
    let hadSession: Bool
    let now: Date
    let timeZone: TimeZone
    /// The organization's link (read on the first call that needs it) and the turn's deadline.
    private var exchange: TurnExchange

    init(service: VoiceService, renderer: SpeechRenderer, organizationID: String, userID: String, mailbox: String, sessionID: String,
         hadSession: Bool, now: Date, timeZone: TimeZone, deadline: ContinuousClock.Instant) {
        self.service = service
        self.renderer = renderer
        self.organizationID = organizationID
        self.userID = userID
        self.mailbox = mailbox
        self.sessionID = sessionID
        self.hadSession = hadSession
        self.now = now
        self.timeZone = timeZone
        exchange = TurnExchange(exchange: service.exchange, organizationID: organizationID, deadline: deadline, stopwatch: service.stopwatch)
    }

    mutating func answer(_ meaning: TurnMeaning) async throws -> VoiceAnswer {
        switch meaning {
        case .launch:
            return try await open(Prompts.welcome)
        case .control(.help):
            return try await open(Prompts.help)
        case .notARoomDevice:
            return try await end(renderer.prompt(Prompts.notARoomDevice), intent: nil)
        case .control:
            return try await end(renderer.prompt(Prompts.goodbye), intent: nil)
        case .notUnderstood(let pending):
            guard let pending, let expected = pending.expected, let intent = pending.voiceIntent else {
                return try await open(Prompts.notUnderstood)
            }
            // Ask the same question again, with the same dialog.
            return try await ask(expected, Self.sorry + question(for: expected, intent: intent), intent: intent, state: pending)
        case .denied(let name):
            let text = switch name {
            case .moveEvent: Prompts.notMoved
            case .cancelEvent: Prompts.notCanceled
            default: Prompts.notAdded
            }
            return try await end(renderer.prompt(text), intent: nil)
        case .confirmed(let state):
            guard let intent = state.voiceIntent else { return try await open(Prompts.notUnderstood) }
            return try await perform(intent, confirmed: true, state: state)
        case .request(let intent, let confirmed):
            return try await perform(intent, confirmed: confirmed, state: nil)
        }
    }

    static let sorry = "Sorry, I didn't get that. "

    // MARK: - Intents

    private mutating func perform(_ intent: VoiceIntent, confirmed: Bool, state: DialogState?) async throws -> VoiceAnswer {
        do {
            switch intent.name {
            case .getEvents: return try await read(intent)
            case .nextEvent: return try await next(intent)
            case .addEvent: return try await add(intent, confirmed: confirmed)
            case .moveEvent, .cancelEvent: return try await change(intent, confirmed: confirmed, target: state?.target, newStart: state?.newStart)
            default: return try await open(Prompts.notUnderstood)
            }
        } catch let failure as VoiceCalendarError {
            return try await answer(failure, intent: intent)
        } catch LinkState.notLinked {
            return try await end(renderer.prompt(Prompts.organizationNotLinked), intent: intent)
        } catch LinkState.rejected {
            return try await end(renderer.prompt(Prompts.credentialsRejected), intent: intent)
        }
    }

    private mutating func read(_ intent: VoiceIntent) async throws -> VoiceAnswer {
        let window = WindowResolver.window(date: intent.date, time: intent.time, now: now, timeZone: timeZone)
        let events = try await events(window.start, window.end)
        let shown = events.filter { SpeechRenderer.shows(Self.spoken($0), in: window) }
        return try await end(renderer.render(shown.map(Self.spoken), in: window, now: now), intent: intent, events: shown)
    }

    private mutating func next(_ intent: VoiceIntent) async throws -> VoiceAnswer {
        let window = WindowResolver.nextEventWindow(now: now, timeZone: timeZone)
        let events = try await events(window.start, window.end)
        let spoken = events.map(Self.spoken)
        // The one the renderer speaks.
        let next = SpeechRenderer.nextEvent(in: spoken, before: window.end, now: now).map { [events[$0]] } ?? []
        return try await end(renderer.renderNextEvent(spoken, in: window, now: now), intent: intent, events: next)
    }

    private mutating func add(_ intent: VoiceIntent, confirmed: Bool) async throws -> VoiceAnswer {
        if intent.title == nil { return try await ask(.title, Prompts.askTitle, intent: intent) }
        guard let date = intent.date, Self.isDay(date) else { return try await ask(.date, Prompts.askDate, intent: intent) }
        guard let start = WindowResolver.eventStart(date: date, time: intent.time, now: now, timeZone: timeZone) else {
            return try await ask(.time, Prompts.askTime, intent: intent)
        }
        let seconds = intent.durationSeconds.flatMap { $0 > 0 ? $0 : nil } ?? VoiceService.defaultDurationSeconds
        let event = VoiceEvent(id: "", subject: intent.title ?? "", start: start, end: start.addingTimeInterval(TimeInterval(seconds)))
        guard confirmed else {
            return try await ask(.confirmation, renderer.confirmAdd(event: Self.spoken(event), now: now, timeZone: timeZone).plain, intent: intent)
        }
        let created = try await service.calendar.create(event, in: mailbox, through: try await exchangeLink(), timeout: remaining())
        service.logger.info("voice added an event", metadata: ["organization": "\(organizationID)", "user": "\(userID)"])
        return try await end(renderer.added(event: Self.spoken(created), now: now, timeZone: timeZone), intent: intent, events: [created])
    }

    /// Move or cancel: find the event, ask which one when several match, ask where to (move), confirm, act.
    private mutating func change(_ intent: VoiceIntent, confirmed: Bool, target: VoiceEvent?, newStart: Date?) async throws -> VoiceAnswer {
        let moving = intent.name == .moveEvent
        var event: VoiceEvent
        if let target, confirmed {
            event = target
        } else {
            guard intent.time != nil || intent.title != nil else { return try await ask(.title, Prompts.askWhichEvent, intent: intent) }
            let window = EventFinder.searchWindow(for: intent, now: now, timeZone: timeZone)
            let found = EventFinder.matches(try await events(window.start, window.end), for: intent, now: now, timeZone: timeZone)
            guard let only = found.first else { return try await end(renderer.prompt(Prompts.eventNotFound), intent: intent) }
            guard found.count == 1 else {
                let speech = renderer.askWhich(found.map(Self.spoken), now: now, timeZone: timeZone)
                return try await ask(.title, speech, intent: intent, events: found)
            }
            event = only
        }
        var destination = newStart
        if moving && destination == nil {
            guard let start = newStartOf(event, intent) else { return try await ask(.newTime, Prompts.askNewTime, intent: intent, events: [event]) }
            destination = start
        }
        guard confirmed else {
            let speech = if let destination {
                renderer.confirmMove(event: Self.spoken(event), to: destination, now: now, timeZone: timeZone)
            } else {
                renderer.confirmCancel(event: Self.spoken(event), now: now, timeZone: timeZone)
            }
            let state = DialogState(intent: intent, expecting: .confirmation, target: event, newStart: destination, timeZone: timeZone)
            return try await ask(.confirmation, speech, intent: intent, state: state, events: [event])
        }
        let link = try await exchangeLink()
        if let destination {
            let end = destination.addingTimeInterval(event.end.timeIntervalSince(event.start))
            try await service.calendar.move(event, to: destination, end: end, in: mailbox, through: link, timeout: remaining())
            event.start = destination
            event.end = end
            return try await self.end(renderer.moved(to: destination, now: now, timeZone: timeZone), intent: intent, events: [event])
        }
        try await service.calendar.cancel(event, in: mailbox, through: link, timeout: remaining())
        return try await end(renderer.canceled(event: Self.spoken(event), now: now, timeZone: timeZone), intent: intent, events: [event])
    }

    /// A move's new start: the new day (or the event's own) at the new time (or the event's own clock time).
    private func newStartOf(_ event: VoiceEvent, _ intent: VoiceIntent) -> Date? {
        guard intent.newTime != nil || intent.newDate != nil else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let own = calendar.dateComponents([.hour, .minute], from: event.start)
        let day = intent.newDate ?? .day(CalendarDay(event.start, in: timeZone))
        guard Self.isDay(day) else { return nil }
        return WindowResolver.eventStart(date: day, time: intent.newTime ?? .clock(hour: own.hour ?? 0, minute: own.minute ?? 0),
                                         now: now, timeZone: timeZone)
    }

    // MARK: - Exchange

    private mutating func exchangeLink() async throws -> ExchangeLinkTarget { try await exchange.target() }

    private mutating func events(_ start: Date, _ end: Date) async throws -> [VoiceEvent] {
        try await exchange.events(in: mailbox, from: service.calendar, start, end)
    }

    private func remaining() throws(VoiceCalendarError) -> Duration { try exchange.remaining() }

    private mutating func answer(_ failure: VoiceCalendarError, intent: VoiceIntent) async throws -> VoiceAnswer {
        let metadata: Logger.Metadata = ["organization": "\(organizationID)", "user": "\(userID)", "intent": "\(intent.name.rawValue)"]
        switch failure {
        case .credentialsRejected:
            try await exchange.markRejected()
            return try await end(renderer.prompt(Prompts.credentialsRejected), intent: intent)
        case .accessDenied(let detail):
            service.logger.warning("voice: the service account cannot reach the user's calendar", metadata: metadata.merging(["detail": "\(detail)"]) { $1 })
            return try await end(renderer.prompt(Prompts.calendarAccessDenied), intent: intent)
        case .eventNotFound:
            return try await end(renderer.prompt(Prompts.eventNotFound), intent: intent)
        case .unavailable(let detail):
            service.logger.warning("voice: calendar unreachable", metadata: metadata.merging(["detail": "\(detail)"]) { $1 })
            return try await end(renderer.prompt(Prompts.calendarUnreachable), intent: intent)
        }
    }

    // MARK: - Answers and the session

    /// Says `speech` and ends the session (its dialog, if any, is deleted).
    private func end(_ speech: Speech, intent: VoiceIntent?, events: [VoiceEvent] = []) async throws -> VoiceAnswer {
        if hadSession { try await service.sessions.delete(id: sessionID, organizationID: organizationID) }
        return VoiceAnswer(speech: speech, reprompt: nil, shouldEndSession: true, sessionID: sessionID, intent: intent, question: nil,
                           events: events.map(Self.view))
    }

    /// An open question ("What would you like to do?"): the session goes on with no dialog.
    private func open(_ text: String) async throws -> VoiceAnswer {
        if hadSession { try await service.sessions.delete(id: sessionID, organizationID: organizationID) }
        return VoiceAnswer(speech: renderer.prompt(text), reprompt: Prompts.reprompt, shouldEndSession: false, sessionID: sessionID,
                           intent: nil, question: .open, events: [])
    }

    private func ask(_ expected: ExpectedAnswer, _ text: String, intent: VoiceIntent, state: DialogState? = nil,
                     events: [VoiceEvent] = []) async throws -> VoiceAnswer {
        try await ask(expected, renderer.prompt(text), intent: intent, state: state, events: events)
    }

    /// Asks back and keeps the dialog for the next turn.
    private func ask(_ expected: ExpectedAnswer, _ speech: Speech, intent: VoiceIntent, state: DialogState? = nil,
                     events: [VoiceEvent] = []) async throws -> VoiceAnswer {
        let state = state ?? DialogState(intent: intent, expecting: expected, timeZone: timeZone)
        try await service.sessions.save(VoiceSessionRecord(
            organizationID: organizationID, id: sessionID, userID: userID, state: state.encoded(), updatedAt: now,
            expiresAt: now.addingTimeInterval(service.settings.sessionLifetime)))
        let question: VoiceAnswer.Question = expected == .confirmation ? .confirmation : .slot(Self.slot(for: expected))
        return VoiceAnswer(speech: speech, reprompt: Self.repromptText(speech.plain), shouldEndSession: false, sessionID: sessionID,
                           intent: intent, question: question, events: events.map(Self.view))
    }

    private func question(for expected: ExpectedAnswer, intent: VoiceIntent) -> String {
        switch expected {
        case .title: intent.name == .addEvent ? Prompts.askTitle : Prompts.askWhichEvent
        case .date, .newDate: Prompts.askDate
        case .time: Prompts.askTime
        case .newTime: Prompts.askNewTime
        case .duration: Prompts.askDuration
        case .confirmation: Prompts.askConfirmation
        }
    }

    /// A question's reprompt is its last sentence ("Should I add it?"), or the whole of a short one.
    static func repromptText(_ text: String) -> String {
        let sentences = text.split(separator: ". ", omittingEmptySubsequences: true)
        return sentences.count > 1 ? String(sentences.last!) : text
    }

    /// The ASK slot a question elicits.
    static func slot(for expected: ExpectedAnswer) -> String {
        switch expected {
        case .title: SlotValues.Slot.title
        case .date: SlotValues.Slot.date
        case .time: SlotValues.Slot.time
        case .duration: SlotValues.Slot.duration
        case .newDate: SlotValues.Slot.newDate
        case .newTime: SlotValues.Slot.newTime
        case .confirmation: ""
        }
    }

    static func isDay(_ date: DateSpec) -> Bool {
        switch date {
        case .day, .present: true
        case .week, .weekend, .month: false
        }
    }

    static func spoken(_ event: VoiceEvent) -> SpokenEvent {
        SpokenEvent(subject: event.subject, start: event.start, end: event.end, isAllDay: event.isAllDay, location: event.location,
                    isPrivate: event.isPrivate)
    }

    static func view(_ event: VoiceEvent) -> VoiceEventView {
        VoiceEventView(id: event.id, subject: event.isPrivate ? "Private appointment" : event.subject, start: event.start, end: event.end,
                       isAllDay: event.isAllDay, location: event.isPrivate ? nil : event.location, organizer: event.organizer)
    }
}

/// The organization's link does not allow a call; answered in speech like a calendar failure.
enum LinkState: Error {
    case notLinked
    case rejected
}
