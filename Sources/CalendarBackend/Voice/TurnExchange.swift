// TurnExchange: what a voice turn's calendar calls share: the organization's link, read once, and the turn's deadline.
import Foundation

/// The Exchange side of one turn (a person's or a room's). The link is read on the first call that needs it; every
/// call gets what is left of the turn's deadline.
struct TurnExchange {
    let exchange: ExchangeLinkService
    let organizationID: String
    let deadline: ContinuousClock.Instant
    let stopwatch: any MonotonicClock
    /// The link as read, once a call needed it.
    private(set) var link: StoredExchangeLink?

    init(exchange: ExchangeLinkService, organizationID: String, deadline: ContinuousClock.Instant, stopwatch: any MonotonicClock) {
        self.exchange = exchange
        self.organizationID = organizationID
        self.deadline = deadline
        self.stopwatch = stopwatch
    }

    /// - Throws: ``LinkState/notLinked``, ``LinkState/rejected`` (the stored password was refused before).
    mutating func target() async throws -> ExchangeLinkTarget {
        if let link { return link.target }
        guard let stored = try await exchange.storedLink(organizationID: organizationID) else { throw LinkState.notLinked }
        guard !stored.credentialsRejected else { throw LinkState.rejected }
        link = stored
        return stored.target
    }

    /// What is left of the turn's deadline; a call with none left fails at once as ``VoiceCalendarError/unavailable(_:)``.
    func remaining() throws(VoiceCalendarError) -> Duration {
        let left = deadline - stopwatch.now()
        guard left > .milliseconds(1) else { throw .unavailable("the voice deadline passed before the call") }
        return left
    }

    /// The events of `mailbox` overlapping `[start, end)`, through the link, within what is left of the deadline.
    mutating func events(in mailbox: String, from calendar: any VoiceCalendar, _ start: Date, _ end: Date) async throws -> [VoiceEvent] {
        let target = try await target()
        return try await calendar.events(in: mailbox, through: target, start: start, end: end, timeout: remaining())
    }

    /// Exchange refused the password: marks the link read this turn (never a newer one) credentials-rejected.
    func markRejected() async throws {
        if let link { _ = try await exchange.markCredentialsRejected(organizationID: organizationID, generation: link.generation) }
    }
}
