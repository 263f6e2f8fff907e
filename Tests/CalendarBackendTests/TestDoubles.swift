// Test doubles for the use cases: a scripted connectivity check, a fixed clock, predictable ids.
import CalendarBackend
import EWS
import Foundation
import HTTPServer
import Logging
import Storage
import Synchronization

/// Answers each run with the next scripted report (the last one repeats) and counts runs; `hold` makes runs
/// wait until `release()`, so a test can interleave two link requests.
final class ScriptedCheck: ConnectivityCheck {
    private let reports: Mutex<[ConnectivityReport]>
    private let runs = Mutex<[ExchangeLinkTarget]>([])
    private let gate = Mutex<(held: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    init(_ reports: ConnectivityReport...) {
        self.reports = Mutex(reports)
    }

    var targets: [ExchangeLinkTarget] { runs.withLock { $0 } }

    func hold() { gate.withLock { $0.held = true } }
    func release() {
        let waiters = gate.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.held = false
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func run(_ target: ExchangeLinkTarget) async -> ConnectivityReport {
        runs.withLock { $0.append(target) }
        await withCheckedContinuation { continuation in
            let wait = gate.withLock { state -> Bool in
                if state.held { state.waiters.append(continuation) }
                return state.held
            }
            if !wait { continuation.resume() }
        }
        return reports.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
    }

    static let passing = ConnectivityReport(
        steps: ConnectivitySteps.ids.map { ConnectivityStep(id: $0, status: .passed, reason: nil, detail: "ok", durationMs: 1) },
        failure: nil, serverVersion: ServerVersion(major: 15, minor: 1, majorBuild: 2507, minorBuild: 6))

    static func failing(_ reason: LinkFailureReason, at step: String = "authenticate") -> ConnectivityReport {
        let failure = LinkFailure(reason, "what to do about \(reason.rawValue)")
        let steps = ConnectivitySteps.ids.map { id in
            ConnectivityStep(id: id, status: id == step ? .failed : .passed, reason: id == step ? reason : nil, detail: "", durationMs: 0)
        }
        return ConnectivityReport(steps: steps, failure: failure, serverVersion: nil)
    }
}

/// A clock that says what the test sets.
final class ManualClock: WallClock {
    private let current: Mutex<Date>
    init(_ date: Date = Date(timeIntervalSince1970: 1_795_748_400)) { current = Mutex(date) }  // 2026-11-27T03:00:00Z
    func now() -> Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// A monotonic clock that moves `step` on at every reading, so a deadline test knows exactly how much time "passed".
final class SteppingStopwatch: MonotonicClock {
    private let start = ContinuousClock.now
    private let step: Duration
    private let readings = Atomic<Int>(0)
    init(step: Duration) { self.step = step }
    func now() -> ContinuousClock.Instant { start + step * readings.wrappingAdd(1, ordering: .relaxed).oldValue }
}

/// `org_1`, `key_2`, ... and `a4b_000…03`, ...
final class CountingIdentifiers: IdentifierSource {
    private let next = Atomic<Int>(1)
    private func number() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
    func identifier(prefix: String) -> String { "\(prefix)_\(number())" }
    /// 64 hex digits, like the real ones (invitation tokens are checked for that shape).
    func secret(prefix: String) -> String {
        let digits = String(number(), radix: 16)
        return prefix + String(repeating: "0", count: 64 - digits.count) + digits
    }
}

/// Answers every calendar check with one scripted result and records the addresses checked.
final class ScriptedCalendarCheck: CalendarAccessCheck {
    private let result: Mutex<Result<String, LinkFailure>?>
    private let checked = Mutex<[String]>([])

    /// nil: succeed with the address asked about.
    init(_ result: Result<String, LinkFailure>? = nil) { self.result = Mutex(result) }

    var addresses: [String] { checked.withLock { $0 } }
    func answer(_ result: Result<String, LinkFailure>?) { self.result.withLock { $0 = result } }

    func verify(_ email: String, through link: ExchangeLinkTarget) async -> Result<String, LinkFailure> {
        checked.withLock { $0.append(email) }
        return result.withLock { $0 } ?? .success(email)
    }
}

/// A calendar in memory for voice turns: events per mailbox, every call recorded, and an optional scripted failure.
final class ScriptedVoiceCalendar: VoiceCalendar {
    struct State {
        var events: [String: [VoiceEvent]] = [:]
        var failure: VoiceCalendarError?
        var calls: [String] = []
        /// The timeout each call was given (what was left of the turn's deadline).
        var timeouts: [Duration] = []
        var nextID = 1
    }

    private let state = Mutex(State())

    init(_ events: [String: [VoiceEvent]] = [:]) { state.withLock { $0.events = events } }

    func fail(with failure: VoiceCalendarError?) { state.withLock { $0.failure = failure } }
    var calls: [String] { state.withLock { $0.calls } }
    var timeouts: [Duration] { state.withLock { $0.timeouts } }
    func events(of mailbox: String) -> [VoiceEvent] { state.withLock { $0.events[mailbox] ?? [] } }

    private func record(_ call: String, _ timeout: Duration) throws(VoiceCalendarError) {
        let failure = state.withLock { state -> VoiceCalendarError? in
            state.calls.append(call)
            state.timeouts.append(timeout)
            return state.failure
        }
        if let failure { throw failure }
    }

    func events(in mailbox: String, through link: ExchangeLinkTarget, start: Date, end: Date, timeout: Duration) async throws(VoiceCalendarError) -> [VoiceEvent] {
        try record("events \(mailbox)", timeout)
        return events(of: mailbox).filter { ($0.end > start && $0.start < end) || $0.start == start }.sorted { $0.start < $1.start }
    }

    func create(_ event: VoiceEvent, in mailbox: String, through link: ExchangeLinkTarget, timeout: Duration) async throws(VoiceCalendarError) -> VoiceEvent {
        try record("create \(mailbox)", timeout)
        return state.withLock { state in
            var created = event
            created.id = "evt-\(state.nextID)"
            state.nextID += 1
            state.events[mailbox, default: []].append(created)
            return created
        }
    }

    func move(_ event: VoiceEvent, to start: Date, end: Date, in mailbox: String, through link: ExchangeLinkTarget, timeout: Duration) async throws(VoiceCalendarError) {
        try record("move \(mailbox) \(event.id)", timeout)
        try state.withLock { (state: inout State) throws(VoiceCalendarError) in
            guard let index = state.events[mailbox]?.firstIndex(where: { $0.id == event.id }) else { throw .eventNotFound }
            state.events[mailbox]![index].start = start
            state.events[mailbox]![index].end = end
        }
    }

    func cancel(_ event: VoiceEvent, in mailbox: String, through link: ExchangeLinkTarget, timeout: Duration) async throws(VoiceCalendarError) {
        try record("cancel \(mailbox) \(event.id)", timeout)
        try state.withLock { (state: inout State) throws(VoiceCalendarError) in
            guard let index = state.events[mailbox]?.firstIndex(where: { $0.id == event.id }) else { throw .eventNotFound }
            state.events[mailbox]!.remove(at: index)
        }
    }
}

/// A room check that answers what it was told (by default: every address is a bookable room).
struct ScriptedRoomCheck: RoomCalendarCheck {
    var answer: @Sendable (String) -> Result<String, LinkFailure> = { .success($0) }

    func verify(_ address: String, through link: ExchangeLinkTarget) async -> Result<String, LinkFailure> { answer(address) }
}

extension RESTAPI.Dependencies {
    /// Every use case on one migrated database, as `serve` wires them; the calendar check is scripted.
    static func onDatabase(_ database: SQLiteDatabase, organizations: OrganizationService, exchange: ExchangeLinkService,
                           calendarCheck: any CalendarAccessCheck = ScriptedCalendarCheck(), clock: any WallClock = SystemClock(),
                           ids: any IdentifierSource = RandomIdentifiers(),
                           voiceCalendar: any VoiceCalendar = ScriptedVoiceCalendar()) -> RESTAPI.Dependencies {
        let users = SQLUserStore(database: database)
        let logger = Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }
        let links = SQLExchangeLinkStore(database: database)
        let healthEvents = HealthEventService(events: SQLHealthEventStore(database: database), links: links, clock: clock)
        return RESTAPI.Dependencies(
            version: "0", metrics: HTTPMetrics(), readiness: { Readiness(database: "ok", migrations: "ok") }, gate: StartupGate(open: true),
            organizations: organizations, exchange: exchange,
            enrollment: EnrollmentService(users: users, organizations: SQLOrganizationStore(database: database),
                                          secrets: try! SecretBox(key: [UInt8](repeating: 6, count: 32)), clock: clock, ids: ids) {
                "http://127.0.0.1:8080/v1/invitations/" + $0
            },
            calendars: CalendarLinkService(users: users, exchange: exchange, check: calendarCheck, clock: clock, logger: logger),
            outbox: OutboxService(outbox: SQLOutboxStore(database: database)),
            voice: VoiceService(users: users, organizations: SQLOrganizationStore(database: database),
                                sessions: SQLVoiceSessionStore(database: database), exchange: exchange, calendar: voiceCalendar,
                                clock: clock, ids: ids, logger: logger),
            awsCredentials: AWSCredentialService(store: SQLAWSCredentialStore(database: database),
                                                 secrets: try! SecretBox(key: Array(repeating: 7, count: 32)), clock: clock, ids: ids),
            rooms: RoomService(rooms: SQLRoomStore(database: database),
                               profiles: RoomProfileService(store: SQLRoomProfileStore(database: database), clock: clock, ids: ids),
                               exchange: exchange, check: ScriptedRoomCheck(), clock: clock, ids: ids, logger: logger),
            roomVoice: RoomVoiceService(rooms: SQLRoomStore(database: database),
                                        profiles: RoomProfileService(store: SQLRoomProfileStore(database: database), clock: clock, ids: ids),
                                        organizations: SQLOrganizationStore(database: database), exchange: exchange, calendar: voiceCalendar,
                                        clock: clock, ids: ids, logger: logger),
            expiry: ExpiryService(links: links, notices: SQLExpiryNoticeStore(database: database),
                                  organizations: SQLOrganizationStore(database: database), healthEvents: healthEvents, clock: clock),
            healthEvents: healthEvents, clock: clock)
    }
}
