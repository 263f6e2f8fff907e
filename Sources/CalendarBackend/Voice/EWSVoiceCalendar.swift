// EWSVoiceCalendar: voice's calendar calls over EWS, one round trip each, on the shared (connection-reusing) transport.
import Curl
import EWS
import Foundation
import Logging

/// ``VoiceCalendar`` over EWS with the link's access method (impersonation or delegate access).
public struct EWSVoiceCalendar: VoiceCalendar {
    let policy: EWSPolicy
    let transport: CurlTransport
    let logger: Logger
    /// The most events one read asks for (a month can hold many; speech reads a few and counts the rest).
    let maxEntries: Int

    public init(policy: EWSPolicy, transport: CurlTransport, logger: Logger, maxEntries: Int = 200) {
        self.policy = policy
        self.transport = transport
        self.logger = logger
        self.maxEntries = maxEntries
    }

    public func events(in mailbox: String, through link: ExchangeLinkTarget, start: Date, end: Date,
                       timeout: Duration) async throws(VoiceCalendarError) -> [VoiceEvent] {
        let client = try client(for: link)
        do {
            let view = try await client.calendarView(link.accessMethod.access(for: mailbox), start: start, end: end,
                                                     maxEntries: maxEntries, timeout: timeout)
            return view.events.filter { !$0.isCancelled }.map(Self.event(from:))
        } catch {
            throw Self.voiceError(error)
        }
    }

    public func create(_ event: VoiceEvent, in mailbox: String, through link: ExchangeLinkTarget,
                       timeout: Duration) async throws(VoiceCalendarError) -> VoiceEvent {
        let client = try client(for: link)
        do {
            let id = try await client.createEvent(link.accessMethod.access(for: mailbox),
                                                  NewEvent(subject: event.subject, start: event.start, end: event.end, isAllDay: event.isAllDay,
                                                           location: event.location),
                                                  timeout: timeout)
            var created = event
            created.id = id.id
            created.changeKey = id.changeKey
            return created
        } catch {
            throw Self.voiceError(error)
        }
    }

    public func move(_ event: VoiceEvent, to start: Date, end: Date, in mailbox: String, through link: ExchangeLinkTarget,
                     timeout: Duration) async throws(VoiceCalendarError) {
        let client = try client(for: link)
        do {
            _ = try await client.moveEvent(link.accessMethod.access(for: mailbox), ItemID(id: event.id, changeKey: event.changeKey),
                                           start: start, end: end, notifyAttendees: true, timeout: timeout)
        } catch {
            throw Self.voiceError(error)
        }
    }

    public func cancel(_ event: VoiceEvent, in mailbox: String, through link: ExchangeLinkTarget, timeout: Duration) async throws(VoiceCalendarError) {
        let client = try client(for: link)
        do {
            try await client.cancelEvent(link.accessMethod.access(for: mailbox), ItemID(id: event.id, changeKey: event.changeKey),
                                         notifyAttendees: true, timeout: timeout)
        } catch {
            throw Self.voiceError(error)
        }
    }

    private func client(for link: ExchangeLinkTarget) throws(VoiceCalendarError) -> EWSClient {
        // The link passed these checks when it was stored; the operator may have narrowed the policy since.
        guard let host = URL(string: link.ewsURL)?.host, policy.allows(host: host) else {
            throw .unavailable("the EWS host of \(link.ewsURL) is not among the hosts this deployment may call (--ews-allowed-hosts)")
        }
        return EWSClient(endpoint: link.ewsURL, username: link.upn, password: link.password, transport: transport, logger: logger)
    }

    static func event(from event: CalendarEvent) -> VoiceEvent {
        VoiceEvent(id: event.id.id, changeKey: event.id.changeKey, subject: event.subject, start: event.start, end: event.end,
                   isAllDay: event.isAllDay, location: event.location.flatMap { $0.isEmpty ? nil : $0 },
                   organizer: event.organizer.flatMap { $0.name ?? $0.address },
                   isPrivate: event.sensitivity == .private, isFree: event.freeBusy == .free)
    }

    static func voiceError(_ error: EWSError) -> VoiceCalendarError {
        switch error {
        case .unauthorized: .credentialsRejected
        case .impersonationDenied, .impersonateUserDenied, .accessDenied, .mailboxNotFound, .nameNotResolved: .accessDenied(error.description)
        case .itemNotFound: .eventNotFound
        default: .unavailable(error.description)
        }
    }
}
