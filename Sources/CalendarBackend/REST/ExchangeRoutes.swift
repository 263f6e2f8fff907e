// ExchangeRoutes: REST v1 for /v1/organizations/{orgId}/exchange: link, read, unlink, and the connectivity test.
import Foundation
import HTTPServer

/// Decoding and rendering around ``ExchangeLinkService``.
enum ExchangeRoutes {
    struct TestResult: Encodable {
        let passed: Bool
        let reason: String?
        let exchangeVersion: String?
        let steps: [ConnectivityStep]
    }

    static func register(on organization: RouteGroup<OrganizationAccess>, service: ExchangeLinkService) {
        organization.put("/exchange") { request, access in
            let linkRequest = try request.decode(ExchangeAccountInput.self).validated()
            return .json(try await service.link(organizationID: access.organizationID, linkRequest, caller: access.caller))
        }

        organization.get("/exchange") { _, access in
            .json(try await service.view(organizationID: access.organizationID))
        }

        organization.delete("/exchange") { _, access in
            try await service.unlink(organizationID: access.organizationID, caller: access.caller)
            return HTTPResponse(status: .noContent)
        }

        organization.post("/exchange/test") { request, access in
            // No body, or {} (optionally testMailbox and writeTest): test the stored link.
            let input = request.body.isEmpty ? ExchangeAccountInput() : try request.decode(ExchangeAccountInput.self)
            let report = try await service.test(organizationID: access.organizationID, input)
            return .json(TestResult(passed: report.passed, reason: report.failure?.reason.rawValue,
                                    exchangeVersion: report.serverVersion?.build, steps: report.steps))
        }
    }
}
