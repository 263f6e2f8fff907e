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
        guard let host = URL(string: link.ewsURL)?.host, policy.allows(host: host) else {
            return .failure(LinkFailure(.hostNotAllowed, "The organization's EWS endpoint \(link.ewsURL) is not among the hosts this deployment may call (--ews-allowed-hosts)."))
        }
        let client = EWSClient(endpoint: link.ewsURL, username: link.upn, password: link.password, transport: transport, logger: logger)
        func failure(_ error: EWSError) -> LinkFailure {
            LinkFailure.from(error, ewsURL: link.ewsURL, upn: link.upn, accessMethod: link.accessMethod, testMailbox: email)
        }

        let mailbox: String
        do {
            let resolved = try await client.resolveName(email, timeout: callTimeout)
            guard resolved.address.lowercased() == email.lowercased() else {
                return .failure(LinkFailure(.emailNotInExchange,
                    "\(email) is only an alias of the Exchange mailbox \(resolved.address). \(LinkFailure.inviteWithExchangeAddress) Invite the user as \(resolved.address)."))
            }
            mailbox = resolved.address
        } catch .nameNotResolved, .mailboxNotFound {
            return .failure(LinkFailure(.emailNotInExchange, "Exchange has no mailbox with the address \(email). \(LinkFailure.inviteWithExchangeAddress)"))
        } catch {
            return .failure(failure(error))
        }

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
