// EWSCalendarAccessCheck: a user's calendar link checked against EWS: ResolveNames, then the calendar folder and a read.
import Curl
import EWS
import Foundation
import Logging

/// The live check over EWS, on the transport shared with every other EWS call.
public struct EWSCalendarAccessCheck: CalendarAccessCheck {
    let policy: EWSPolicy
    let transport: CurlTransport
    let clock: any WallClock
    let logger: Logger
    /// Per EWS call; the check makes three.
    let callTimeout: Duration

    public init(policy: EWSPolicy, transport: CurlTransport, clock: any WallClock = SystemClock(), logger: Logger,
                callTimeout: Duration = .seconds(10)) {
        self.policy = policy
        self.transport = transport
        self.clock = clock
        self.logger = logger
        self.callTimeout = callTimeout
    }

    public func verify(_ email: String, through link: ExchangeLinkTarget) async -> Result<String, LinkFailure> {
        // The link passed these checks when it was stored; the operator may have narrowed the policy since.
        let lookup: EWSMailboxLookup, mailbox: String
        switch await EWSMailboxLookup.resolve(email, through: link, policy: policy, transport: transport, logger: logger, timeout: callTimeout, alias: { primary in
            "\(email) is only an alias of the Exchange mailbox \(primary). \(LinkFailure.inviteWithExchangeAddress) Invite the user as \(primary)."
        }, unknown: "Exchange has no mailbox with the address \(email). \(LinkFailure.inviteWithExchangeAddress)") {
        case .success(let found): (lookup, mailbox) = found
        case .failure(let failure): return .failure(failure)
        }
        let client = lookup.client
        func failure(_ error: EWSError) -> LinkFailure { lookup.failure(error, mailbox: email) }

        let access = link.accessMethod.access(for: mailbox)
        do {
            let rights = try await client.calendarRights(access, timeout: callTimeout)
            if link.accessMethod == .fullAccess && !rights.isEditor {
                return .failure(LinkFailure(.accessDenied,
                    "\(link.upn) can read but not edit the calendar of \(mailbox); it needs Editor. Run: Add-MailboxFolderPermission \(mailbox):\\Calendar -user \(link.upn) -accessrights Editor"))
            }
            let now = clock.now()
            _ = try await client.calendarView(access, start: now, end: now.addingTimeInterval(86_400), maxEntries: 1, timeout: callTimeout)
        } catch {
            return .failure(failure(error))
        }
        return .success(mailbox)
    }
}
