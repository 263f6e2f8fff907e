// /v1/organizations/{orgId}/exchange: link, read, unlink, and the connectivity test.
import Foundation
import HTTPServer
import Storage

public enum ExchangeRoutes {
    struct TestResult: Encodable {
        let passed: Bool
        let reason: String?
        let exchangeVersion: String?
        let steps: [ConnectivityStep]
    }

    public static func register(on router: Router, service: ExchangeLinkService, authenticator: APIAuthenticator) {
        router.put("/v1/organizations/{orgId}/exchange") { request in
            let id = try request.parameter("orgId")
            let caller = try authenticator.authorize(request, organizationID: id)
            let input = try request.decode(ExchangeLinkInput.self).validated()
            do {
                switch try await service.link(organizationID: id, target: input.target, passwordExpiresAt: input.passwordExpiresAt, caller: caller) {
                case .linked(let view): return .json(view)
                case .failed(let failure, let steps): throw ExchangeLinkError(failure: failure, steps: steps)
                }
            } catch StorageError.conflict {
                throw HTTPError(status: .conflict, code: "CONFLICT",
                                message: "another link request for organization \(id) finished first; read the link and retry if needed")
            }
        }

        router.get("/v1/organizations/{orgId}/exchange") { request in
            let id = try request.parameter("orgId")
            _ = try authenticator.authorize(request, organizationID: id)
            guard let view = try service.view(organizationID: id) else { throw HTTPError.notFound("organization \(id) has no Exchange link") }
            return .json(view)
        }

        router.delete("/v1/organizations/{orgId}/exchange") { request in
            let id = try request.parameter("orgId")
            let caller = try authenticator.authorize(request, organizationID: id)
            guard try service.unlink(organizationID: id, caller: caller) else { throw HTTPError.notFound("organization \(id) has no Exchange link") }
            return HTTPResponse(status: .noContent)
        }

        router.post("/v1/organizations/{orgId}/exchange/test") { request in
            let id = try request.parameter("orgId")
            _ = try authenticator.authorize(request, organizationID: id)
            let input = request.body.isEmpty ? ExchangeLinkInput(upn: nil, password: nil, ewsUrl: nil, accessMethod: nil,
                                                                  passwordExpiresAt: nil, testMailbox: nil, writeTest: nil)
                : try request.decode(ExchangeLinkInput.self)
            let target: ExchangeLinkTarget
            if input.isEmpty {
                // {} (or only writeTest/testMailbox): test the stored link.
                var mailbox: String?
                if let given = input.testMailbox {
                    guard ExchangeLinkInput.looksLikeAddress(given) else { throw HTTPError.badRequest("field 'testMailbox' must be an email address") }
                    mailbox = given
                }
                guard let stored = try service.storedTarget(organizationID: id, testMailbox: mailbox, writeTest: input.writeTest ?? false) else {
                    throw HTTPError.notFound("organization \(id) has no Exchange link to test; send upn, password, ewsUrl and accessMethod")
                }
                target = stored
            } else {
                target = try input.validated().target
            }
            let report = await service.test(target)
            return .json(TestResult(passed: report.passed, reason: report.failure?.reason.rawValue,
                                    exchangeVersion: report.serverVersion?.build, steps: report.steps))
        }
    }
}
