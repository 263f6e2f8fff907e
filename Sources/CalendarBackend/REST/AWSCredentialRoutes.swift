// AWSCredentialRoutes: REST v1 for /v1/organizations/{orgId}/aws-credentials: the access keys that sign the AWS
// API's requests.
import HTTPServer

/// Decoding and rendering around ``AWSCredentialService``. The secret is in the creating response only.
enum AWSCredentialRoutes {
    struct ListBody: Encodable {
        let credentials: [AWSCredentialView]
    }

    static func register(on organization: RouteGroup<OrganizationAccess>, service: AWSCredentialService) {
        organization.post("/aws-credentials") { _, access in
            .json(try await service.issue(organizationID: access.organizationID), status: .created)
        }

        organization.get("/aws-credentials") { _, access in
            .json(ListBody(credentials: try await service.list(organizationID: access.organizationID)))
        }

        organization.delete("/aws-credentials/{accessKeyId}") { request, access in
            try await service.revoke(organizationID: access.organizationID, accessKeyID: try request.parameter("accessKeyId"))
            return HTTPResponse(status: .noContent)
        }
    }
}
