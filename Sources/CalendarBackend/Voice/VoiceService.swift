// VoiceService: one voice turn end to end: who is speaking, what they mean in the light of the session, the
// calendar call (bounded by the turn's deadline), and the spoken answer.
import Foundation
import Logging
import Storage
import Voice

/// The voice use case behind both front-ends (REST `…/voice` and the Alexa Skills Kit `…/alexa`).
///
/// - Only a REGISTERED user with a linked calendar gets calendar content; anyone else gets a spoken explanation
///   (``Prompts``), never an error: not enrolled, calendar not linked, organization not linked, password rejected.
/// - A read is one EWS round trip. Every calendar call of a turn shares the turn's deadline
///   (``Settings/deadline``); past it, or when Exchange is slow, throttled, failing or unreachable, the answer is
///   ``Prompts/calendarUnreachable``. A 401 marks the organization's link credentials-rejected, and later turns
///   say so without calling Exchange (no lock-out by retries) until an admin re-links.
/// - Dialogs ("What time?", "Should I add it?") keep their state in the ``VoiceSessionStore``, so any process
///   answers the next turn; a turn that ends its session deletes it. One-shot reads write nothing.
public struct VoiceService: Sendable {
    public struct Settings: Sendable {
        /// The most a turn waits for Exchange, over all its calls.
        public var deadline: Duration
        /// How many events a read answer says (the rest are counted, and listed on the card and in `events`).
        public var maxRead: Int
        /// How long a dialog waits for its next turn.
        public var sessionLifetime: TimeInterval

        public init(deadline: Duration = .seconds(3), maxRead: Int = 3, sessionLifetime: TimeInterval = 300) {
            self.deadline = deadline
            self.maxRead = maxRead
            self.sessionLifetime = sessionLifetime
        }
    }

    /// One hour, when an added event names no length.
    public static let defaultDurationSeconds = 3600

    let users: any UserStore
    let organizations: any OrganizationStore
    let sessions: any VoiceSessionStore
    let exchange: ExchangeLinkService
    let calendar: any VoiceCalendar
    let clock: any WallClock
    /// Times the turn's deadline.
    let stopwatch: any MonotonicClock
    let ids: any IdentifierSource
    let settings: Settings
    let logger: Logger

    public init(users: any UserStore, organizations: any OrganizationStore, sessions: any VoiceSessionStore, exchange: ExchangeLinkService,
                calendar: any VoiceCalendar, clock: any WallClock = SystemClock(), stopwatch: any MonotonicClock = SystemMonotonicClock(),
                ids: any IdentifierSource = RandomIdentifiers(), settings: Settings = Settings(), logger: Logger) {
        self.users = users
        self.organizations = organizations
        self.sessions = sessions
        self.exchange = exchange
        self.calendar = calendar
        self.clock = clock
        self.stopwatch = stopwatch
        self.ids = ids
        self.settings = settings
        self.logger = logger
    }

    /// Answers one turn.
    ///
    /// - Throws: ``ServiceError/Code/notFound`` when the organization does not exist; storage failures.
    public func answer(_ request: VoiceRequest) async throws -> VoiceAnswer {
        let deadline = stopwatch.now() + settings.deadline
        var sessionID = request.sessionID ?? ids.identifier(prefix: "vs")
        if request.input == .sessionEnded {
            if request.sessionID != nil { try await sessions.delete(id: sessionID, organizationID: request.organizationID) }
            return VoiceAnswer(speech: nil, reprompt: nil, shouldEndSession: true, sessionID: sessionID, intent: nil, question: nil, events: [])
        }
        guard let organization = try await organizations.organization(id: request.organizationID) else {
            throw OrganizationService.notFound(request.organizationID)
        }
        let renderer = SpeechRenderer(maxRead: settings.maxRead)
        func ending(_ text: String) -> VoiceAnswer {
            VoiceAnswer(speech: renderer.prompt(text), reprompt: nil, shouldEndSession: true, sessionID: sessionID, intent: nil, question: nil, events: [])
        }
        guard let user = try await speaker(request.speaker, organizationID: organization.id),
              user.enrollmentStatus == EnrollmentStatus.registered.rawValue else {
            return ending(Prompts.notEnrolled)
        }
        guard let mailbox = user.calendarLink?.mailbox else { return ending(Prompts.calendarNotLinked) }

        let now = clock.now()
        var stored: DialogState?
        var hadSession = request.sessionID != nil
        if hadSession, let row = try await sessions.session(id: sessionID, organizationID: organization.id, now: now) {
            if row.userID == user.id {
                stored = DialogState.decoded(row.state)
            } else {
                // Another user's dialog: neither read nor touched; this turn gets a session of its own.
                sessionID = ids.identifier(prefix: "vs")
                hadSession = false
            }
        }
        // A dialog stays in the zone it started in, so "Friday" means one day across its turns.
        let zoneName = stored?.timeZone ?? request.timeZone?.value ?? user.timeZone ?? organization.timeZone
        let timeZone = TimeZone(identifier: zoneName) ?? TimeZone(identifier: "UTC")!
        var turn = Turn(service: self, renderer: renderer, organizationID: organization.id, userID: user.id, mailbox: mailbox,
                        sessionID: sessionID, hadSession: hadSession, now: now, timeZone: timeZone, deadline: deadline)
        let meaning = TurnUnderstanding.meaning(of: request.input, pending: stored, today: CalendarDay(now, in: timeZone))
        return try await turn.answer(meaning)
    }

    /// The user behind the speaker, in this organization (an Alexa account that joined another one is nobody here).
    func speaker(_ speaker: VoiceSpeaker, organizationID: String) async throws -> UserRecord? {
        switch speaker {
        case .alexaAccount(let account):
            guard let user = try await users.user(alexaUserID: account), user.organizationID == organizationID else { return nil }
            return user
        case .user(let reference):
            if reference.contains("@") {
                return try await users.users(organizationID: organizationID, filter: UserFilter(enrollmentStatus: nil, email: reference),
                                             after: nil, limit: 1).first
            }
            return try await users.user(id: reference, organizationID: organizationID)
        }
    }
}
