// ExchangeLinkServiceTests: the link use cases without sockets: a scripted check, SQLite in memory, a test clock.
import CalendarBackend
import Foundation
import Logging
import Storage
import Testing

@Suite struct ExchangeLinkServiceTests {
    struct Harness {
        let service: ExchangeLinkService
        let links: SQLExchangeLinkStore
        let check: ScriptedCheck
        let clock: ManualClock
        let organizationID: String
    }

    private func harness(_ check: ScriptedCheck) async throws -> Harness {
        let database = try SQLiteDatabase(path: ":memory:")
        _ = try MigrationRunner(database: database, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }).migrate()
        let clock = ManualClock()
        let organizations = OrganizationService(store: SQLOrganizationStore(database: database), adminToken: String(repeating: "a", count: 32),
                                                clock: clock, ids: CountingIdentifiers())
        let created = try await organizations.create(name: try OrganizationName("Contoso"))
        let links = SQLExchangeLinkStore(database: database)
        let service = ExchangeLinkService(links: links, secrets: try SecretBox(key: [UInt8](repeating: 3, count: 32)), check: check,
                                          clock: clock, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        return Harness(service: service, links: links, check: check, clock: clock, organizationID: created.organization.id)
    }

    private func request(upn: String = "svc@contoso.com", expires: String? = "2027-02-01T00:00:00Z") throws -> ExchangeLinkRequest {
        try ExchangeAccountInput(upn: upn, password: "pw-\(upn)", ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx",
                                 accessMethod: "impersonation", passwordExpiresAt: expires).validated()
    }

    @Test func aLinkIsStoredAtTheClocksTimeWithTheCheckedVersion() async throws {
        let h = try await harness(ScriptedCheck(ScriptedCheck.passing))
        let view = try await h.service.link(organizationID: h.organizationID, try request(), caller: .admin)
        #expect(view.linkedAt == h.clock.now())
        #expect(view.exchangeVersion == "15.1.2507.6")
        #expect(view.generation == 1)
        #expect(view.passwordExpiresAt == ISO8601DateFormatter().date(from: "2027-02-01T00:00:00Z"))
        #expect(try await h.service.view(organizationID: h.organizationID) == view)
    }

    @Test func aFailedRotationKeepsTheOldLinkAndIsAudited() async throws {
        let h = try await harness(ScriptedCheck(ScriptedCheck.passing, ScriptedCheck.failing(.badCredentials)))
        let first = try await h.service.link(organizationID: h.organizationID, try request(), caller: .admin)
        h.clock.advance(by: 60)
        let error = await #expect(throws: ServiceError.self) {
            try await h.service.link(organizationID: h.organizationID, try request(upn: "svc-new@contoso.com"), caller: .organization(id: h.organizationID, keyID: "key_9"))
        }
        #expect(error?.code == .linkValidationFailed)
        #expect(error?.message == ExchangeLinkService.consoleMessage)
        #expect(error?.reason == "BAD_CREDENTIALS")
        #expect(error?.detail == "what to do about BAD_CREDENTIALS")
        #expect(error?.steps?.first { $0.status == .failed }?.id == "authenticate")
        #expect(try await h.service.view(organizationID: h.organizationID) == first)
        let audit = try await h.links.audit(organizationID: h.organizationID, limit: 10)
        #expect(audit.first?.outcome == "failed")
        #expect(audit.first?.action == "relink")
        #expect(audit.first?.actor == "apiKey:key_9")
        #expect(audit.first?.oldUPN == "svc@contoso.com")
        #expect(audit.first?.at == h.clock.now())
    }

    @Test func aRotationThatLosesTheRaceIsAConflictAndTheWinnerStays() async throws {
        let check = ScriptedCheck(ScriptedCheck.passing)
        let h = try await harness(check)
        _ = try await h.service.link(organizationID: h.organizationID, try request(), caller: .admin)
        check.hold()
        // Both rotations read generation 1, then wait in validation; released together, the first to save wins.
        let rotations = ["one@contoso.com", "two@contoso.com"].map { upn in
            Task { try await h.service.link(organizationID: h.organizationID, try request(upn: upn), caller: .admin) }
        }
        while check.targets.count < 3 { try await Task.sleep(for: .milliseconds(1)) }
        check.release()
        var winners: [ExchangeLinkView] = []
        var conflicts = 0
        for rotation in rotations {
            switch await rotation.result {
            case .success(let view): winners.append(view)
            case .failure(let error): if (error as? ServiceError)?.code == .conflict { conflicts += 1 }
            }
        }
        #expect(winners.count == 1)
        #expect(conflicts == 1)
        #expect(winners.first?.generation == 2)
        #expect(try await h.service.view(organizationID: h.organizationID) == winners.first)
        // The loser's attempt is in the audit trail too, though the winner's write rolled back its own row.
        let audit = try await h.links.audit(organizationID: h.organizationID, limit: 10)
        #expect(audit.filter { $0.action == "relink" }.map(\.outcome).sorted() == ["failed", "succeeded"])
        #expect(audit.contains { $0.reason == "CONFLICT" })
    }

    @Test func testingAStoredLinkThatDoesNotExistIsNotFoundAndRunsNothing() async throws {
        let h = try await harness(ScriptedCheck(ScriptedCheck.passing))
        let error = await #expect(throws: ServiceError.self) {
            try await h.service.test(organizationID: h.organizationID, ExchangeAccountInput(testMailbox: "alice@contoso.com"))
        }
        #expect(error?.code == .notFound)
        #expect(h.check.targets.isEmpty)
    }

    @Test func testingTheStoredLinkUsesItsDecryptedPasswordAndTheGivenMailbox() async throws {
        let h = try await harness(ScriptedCheck(ScriptedCheck.passing))
        _ = try await h.service.link(organizationID: h.organizationID, try request(), caller: .admin)
        let report = try await h.service.test(organizationID: h.organizationID, ExchangeAccountInput(testMailbox: " bob@contoso.com ", writeTest: true))
        #expect(report.passed)
        let target = try #require(h.check.targets.last)
        #expect(target.password == "pw-svc@contoso.com")
        #expect(target.testMailbox == "bob@contoso.com")
        #expect(target.writeTest)
    }

    @Test(arguments: [
        (ExchangeAccountInput(upn: "svc@contoso.com", password: "pw", ewsUrl: "https://u:p@mail.contoso.com/EWS/Exchange.asmx", accessMethod: "impersonation"), "ewsUrl"),
        (ExchangeAccountInput(upn: "svc", password: "pw", ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx", accessMethod: "impersonation"), "upn"),
        (ExchangeAccountInput(upn: "svc@contoso.com", password: "pw", ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx", accessMethod: "delegate"), "accessMethod"),
        (ExchangeAccountInput(upn: "svc@contoso.com", ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx", accessMethod: "impersonation"), "password"),
        (ExchangeAccountInput(testMailbox: "nobody"), "testMailbox"),
    ] as [(ExchangeAccountInput, String)])
    func badInputNamesTheFieldBeforeAnyCheck(input: ExchangeAccountInput, field: String) async throws {
        let h = try await harness(ScriptedCheck(ScriptedCheck.passing))
        let error = await #expect(throws: ServiceError.self) { try await h.service.test(organizationID: h.organizationID, input) }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == field)
        #expect(h.check.targets.isEmpty)
    }

    @Test func unlinkingTwiceIsNotFoundTheSecondTimeAndTheNextLinkTakesANewGeneration() async throws {
        let h = try await harness(ScriptedCheck(ScriptedCheck.passing))
        _ = try await h.service.link(organizationID: h.organizationID, try request(), caller: .admin)
        try await h.service.unlink(organizationID: h.organizationID, caller: .admin)
        let error = await #expect(throws: ServiceError.self) { try await h.service.unlink(organizationID: h.organizationID, caller: .admin) }
        #expect(error?.code == .notFound)
        #expect(try await h.service.link(organizationID: h.organizationID, try request(), caller: .admin).generation == 2)
    }
}
