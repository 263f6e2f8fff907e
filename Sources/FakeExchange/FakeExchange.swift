// FakeExchange: the thread-safe EWS simulator core the HTTP glue calls: routing, state, reset, statistics.
import Foundation
import Logging
import Synchronization

/// The state lock. A named type so helpers can borrow it.
typealias MutexBox = Mutex<ExchangeState>

/// An Exchange 2013+ server simulated in memory: EWS on `POST /EWS/Exchange.asmx` (path
/// case-insensitive), OWA redirects on `/owa/...`, and the JSON control API on `/_fake/...`.
///
/// Thread-safe: every request runs under one lock, so concurrent requests see a consistent world.
/// The HTTP glue must:
/// - call `handle(_:)` for every request and send back the result (honouring `delay` and
///   `closeConnection`, see `FakeHTTPResponse`);
/// - call `connectionAccepted()` once per accepted TCP connection (reported by `GET /_fake/stats`).
public final class FakeExchange: Sendable {
    /// The fixture's server settings (build, Basic auth, realm, request size limit).
    public let settings: ServerSettings
    private let snapshot: FixtureSnapshot
    private let state: MutexBox
    private let clock: @Sendable () -> Date
    private let logger: Logger

    private init(snapshot: FixtureSnapshot, clock: @escaping @Sendable () -> Date, logger: Logger) {
        self.snapshot = snapshot
        settings = snapshot.server
        state = Mutex(ExchangeState(snapshot: snapshot))
        self.clock = clock
        self.logger = logger
    }

    /// Loads a fixture (see README for the format). Relative events are placed against `now`
    /// (day 0 is the date of `now` in each event's zone). `clock` gives the time used while serving
    /// (creation stamps, sent-mail times). Throws `FixtureError` naming the offending field.
    public static func load(
        fixture: Data, now: Date, clock: @escaping @Sendable () -> Date = { Date() },
        logger: Logger = Logger(label: "fake-exchange", factory: { _ in SwiftLogNoOpLogHandler() })
    ) throws(FixtureError) -> FakeExchange {
        let snapshot = try FixtureParser(now: now).parse(fixture)
        return FakeExchange(snapshot: snapshot, clock: clock, logger: logger)
    }

    /// Answers one HTTP request. Never throws and never blocks beyond the state lock.
    public func handle(_ request: FakeHTTPRequest) -> FakeHTTPResponse {
        let path = request.pathOnly
        let lower = path.lowercased()
        let label: String
        let response: FakeHTTPResponse
        if lower == "/ews/exchange.asmx" {
            (label, response) = EWSEndpoint.handle(
                request, directory: snapshot.directory, settings: settings, now: clock(), state: state)
        } else if lower == "/_fake" || lower.hasPrefix("/_fake/") {
            label = "control"
            response = state.withLock { ControlAPI.handle(request, state: &$0, snapshot: snapshot) }
        } else if OWAPages.isOWA(path) {
            label = "owa"
            response = OWAPages.respond(request, build: settings.build)
        } else {
            label = "not-found"
            response = .html(404, "<html><body><h1>404 - File or directory not found.</h1></body></html>")
        }
        // The HTTP server writes the access line; this adds which EWS operation it was, at debug level.
        logger.debug(
            "handled",
            metadata: [
                "method": "\(request.method)", "path": "\(path)", "status": "\(response.status)", "handler": "\(label)",
                "connection": "\(request.connectionID.map(String.init) ?? "-")",
            ])
        return response
    }

    /// The fixture's directory: people, rooms and service accounts, with their credentials and rights.
    public var mailboxes: [Mailbox] { snapshot.directory.all }

    /// The fixture's room lists (GetRoomLists), in fixture order; the default list when the fixture names none.
    public var roomLists: [RoomList] { snapshot.directory.roomLists }

    /// Runs `body` under the state lock.
    func withState<T>(_ body: (inout ExchangeState) -> T) -> T {
        state.withLock { body(&$0) }
    }

    func currentTime() -> Date { clock() }

    /// The glue reports each accepted TCP connection here.
    public func connectionAccepted() {
        state.withLock { $0.stats.connectionsAccepted += 1 }
    }

    /// Back to the fixture: calendars, sent mail and faults (statistics are kept). Same as `POST /_fake/reset`.
    public func reset() {
        state.withLock { $0.reset(to: snapshot) }
    }

    /// Everything sent so far (mail and meeting notices), oldest first.
    public var sentMail: [SentMail] {
        state.withLock { $0.sent }
    }
}
