// CalendarLinkService: linking and unlinking a user's Exchange calendar through the organization's service account.
import Foundation
import Logging
import Storage

/// Links a user's calendar after proving, live, that the user's invited e-mail is a mailbox's primary address in
/// Exchange and that the service account reaches its calendar with the organization's access method. Users need
/// not have joined yet (admins may link ahead); voice queries need both.
public struct CalendarLinkService: Sendable {
    let users: any UserStore
    let exchange: ExchangeLinkService
    let check: any CalendarAccessCheck
    let clock: any WallClock
    let logger: Logger

    public init(users: any UserStore, exchange: ExchangeLinkService, check: any CalendarAccessCheck, clock: any WallClock = SystemClock(),
                logger: Logger) {
        self.users = users
        self.exchange = exchange
        self.check = check
        self.clock = clock
        self.logger = logger
    }

    /// - Throws: ``ServiceError/Code/notFound``; ``ServiceError/Code/exchangeNotLinked``; for a failed check,
    ///   ``ServiceError/Code/emailNotInExchange``, ``ServiceError/Code/impersonationDenied``,
    ///   ``ServiceError/Code/accessDenied``, ``ServiceError/Code/mailboxNotFound`` (each with `reason` and the
    ///   admin's fix in `detail`) or ``ServiceError/Code/exchangeError`` for anything else Exchange did.
    public func link(organizationID: String, userID: String) async throws -> CalendarLinkView {
        guard let user = try await users.user(id: userID, organizationID: organizationID) else { throw EnrollmentService.noUser(userID) }
        guard let target = try await exchange.storedTarget(organizationID: organizationID) else {
            throw ServiceError(.exchangeNotLinked, "organization \(organizationID) has no Exchange link; link the service account first (PUT /v1/organizations/\(organizationID)/exchange)")
        }
        switch await check.verify(user.email, through: target) {
        case .failure(let failure):
            logger.notice("calendar link failed", metadata: [
                "organization": "\(organizationID)", "user": "\(userID)", "reason": "\(failure.reason.rawValue)",
            ])
            throw Self.error(for: failure, email: user.email)
        case .success(let mailbox):
            let record = CalendarLinkRecord(userID: userID, organizationID: organizationID, mailbox: mailbox, linkedAt: clock.now().roundedToSeconds)
            guard try await users.saveCalendarLink(record) else { throw EnrollmentService.noUser(userID) }
            logger.info("calendar linked", metadata: ["organization": "\(organizationID)", "user": "\(userID)"])
            return CalendarLinkView(record)
        }
    }

    /// - Throws: ``ServiceError/Code/notFound`` when the user does not exist or has no calendar link.
    public func unlink(organizationID: String, userID: String) async throws {
        guard try await users.deleteCalendarLink(userID: userID, organizationID: organizationID) else {
            guard try await users.user(id: userID, organizationID: organizationID) != nil else { throw EnrollmentService.noUser(userID) }
            throw ServiceError.notFound("user \(userID) has no linked calendar")
        }
    }

    static func error(for failure: LinkFailure, email: String) -> ServiceError {
        let code: ServiceError.Code
        switch failure.reason {
        case .emailNotInExchange: code = .emailNotInExchange
        case .impersonationDenied: code = .impersonationDenied
        case .accessDenied: code = .accessDenied
        case .mailboxNotFound: code = .mailboxNotFound
        default: code = .exchangeError
        }
        let message = code == .exchangeError
            ? "Exchange could not be asked about the calendar of \(email) (\(failure.reason.rawValue))"
            : "The calendar of \(email) could not be linked (\(failure.reason.rawValue))"
        return ServiceError(code, message, reason: failure.reason.rawValue, detail: failure.detail)
    }
}
