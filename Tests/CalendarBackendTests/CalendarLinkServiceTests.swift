// CalendarLinkServiceTests: linking a user's calendar without sockets: a scripted calendar check, SQLite in memory.
import CalendarBackend
import Foundation
import HTTPServer
import Logging
import Storage
import Testing

@Suite struct CalendarLinkServiceTests {
    struct Harness {
        let router: Router
        let check: ScriptedCalendarCheck
        let calendars: CalendarLinkService
        let enrollment: EnrollmentService
        let exchange: ExchangeLinkService
        let organizationID: String
        let userID: String
    }

    private func harness(linked: Bool = true) async throws -> Harness {
        let database = try SQLiteDatabase(path: ":memory:")
        let logger = Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }
        _ = try MigrationRunner(database: database, logger: logger).migrate()
        let clock = ManualClock()
        let organizations = OrganizationService(store: SQLOrganizationStore(database: database), adminToken: String(repeating: "a", count: 32), clock: clock)
        let exchange = ExchangeLinkService(links: SQLExchangeLinkStore(database: database), secrets: try SecretBox(key: [UInt8](repeating: 5, count: 32)),
                                           check: ScriptedCheck(ScriptedCheck.passing), clock: clock, logger: logger)
        let check = ScriptedCalendarCheck()
        let dependencies = RESTAPI.Dependencies.onDatabase(database, organizations: organizations, exchange: exchange, calendarCheck: check, clock: clock)
        let routes = RouterBuilder(errors: RESTErrors.renderer, logger: logger)
        RESTAPI.register(on: routes, dependencies)
        let organizationID = try await organizations.create(name: try OrganizationName("Contoso")).organization.id
        if linked {
            _ = try await exchange.link(organizationID: organizationID, try ExchangeAccountInput(
                upn: "svc@contoso.com", password: "pw", ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx", accessMethod: "impersonation").validated(),
                caller: .admin)
        }
        let user = try await dependencies.enrollment.create(organizationID: organizationID, try NewUserInput(email: "Alice@contoso.com").validated())
        return Harness(router: routes.build(), check: check, calendars: dependencies.calendars, enrollment: dependencies.enrollment,
                       exchange: exchange, organizationID: organizationID, userID: user.id)
    }

    private func put(_ h: Harness) async throws -> (status: Int, body: [String: Any]) {
        var headers = HTTPHeaders()
        headers.add("Authorization", "Bearer " + String(repeating: "a", count: 32))
        let response = await h.router.respond(to: HTTPRequest(method: .put, path: "/v1/organizations/\(h.organizationID)/users/\(h.userID)/calendar", headers: headers))
        let object = try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:]
        return (response.status.code, object)
    }

    @Test func aLinkChecksTheInvitedAddressAndStoresTheMailboxExchangeNamed() async throws {
        let h = try await harness()
        h.check.answer(.success("alice@contoso.com"))
        let linked = try await put(h)
        #expect(linked.status == 200)
        #expect(linked.body["status"] as? String == "LINKED")
        #expect(linked.body["mailbox"] as? String == "alice@contoso.com")
        #expect(h.check.addresses == ["Alice@contoso.com"])
        #expect(try await h.enrollment.user(organizationID: h.organizationID, id: h.userID).calendar?.mailbox == "alice@contoso.com")
        try await h.calendars.unlink(organizationID: h.organizationID, userID: h.userID)
        #expect(try await h.enrollment.user(organizationID: h.organizationID, id: h.userID).calendar == nil)
        await #expect(throws: ServiceError.notFound("user \(h.userID) has no linked calendar")) {
            try await h.calendars.unlink(organizationID: h.organizationID, userID: h.userID)
        }
    }

    @Test func withoutAnExchangeLinkNothingIsCheckedAndTheAnswerIs409() async throws {
        let h = try await harness(linked: false)
        let answer = try await put(h)
        #expect(answer.status == 409)
        #expect((answer.body["error"] as? [String: Any])?["code"] as? String == "EXCHANGE_NOT_LINKED")
        #expect(h.check.addresses.isEmpty)
    }

    /// Access problems the admin fixes in Exchange are 422 with the reason as the code; anything else Exchange does
    /// is 502 EXCHANGE_ERROR. Either way the detail is the check's, and nothing is stored.
    @Test(arguments: [
        (LinkFailureReason.emailNotInExchange, 422, "EMAIL_NOT_IN_EXCHANGE"), (.impersonationDenied, 422, "IMPERSONATION_DENIED"),
        (.accessDenied, 422, "ACCESS_DENIED"), (.mailboxNotFound, 422, "MAILBOX_NOT_FOUND"), (.badCredentials, 502, "EXCHANGE_ERROR"),
        (.connectFailed, 502, "EXCHANGE_ERROR"), (.timeout, 502, "EXCHANGE_ERROR"),
    ])
    func aFailedCheckIsRenderedWithItsReasonAndDetail(reason: LinkFailureReason, status: Int, code: String) async throws {
        let h = try await harness()
        h.check.answer(.failure(LinkFailure(reason, "what to do about \(reason.rawValue)")))
        let answer = try await put(h)
        #expect(answer.status == status)
        let error = try #require(answer.body["error"] as? [String: Any])
        #expect(error["code"] as? String == code)
        #expect(error["reason"] as? String == reason.rawValue)
        #expect(error["detail"] as? String == "what to do about \(reason.rawValue)")
        #expect(try await h.enrollment.user(organizationID: h.organizationID, id: h.userID).calendar == nil)
    }

    @Test func anUnknownUserIsNotFoundBeforeExchangeIsAsked() async throws {
        let h = try await harness()
        await #expect(throws: ServiceError.notFound("no user usr_nobody")) {
            _ = try await h.calendars.link(organizationID: h.organizationID, userID: "usr_nobody")
        }
        #expect(h.check.addresses.isEmpty)
    }
}
