// Every route of the service, registered in one place (serve and the OpenAPI contract test use it).
import Foundation
import HTTPServer
import Storage

public enum ServiceRoutes {
    public static func register(on router: Router, version: String, metrics: HTTPMetrics,
                                readiness: @escaping @Sendable () async -> Readiness,
                                organizations: any OrganizationStore, authenticator: APIAuthenticator,
                                exchange: ExchangeLinkService) {
        OperatorRoutes.register(on: router, version: version, metrics: metrics, readiness: readiness)
        OrganizationRoutes.register(on: router, store: organizations, authenticator: authenticator)
        ExchangeRoutes.register(on: router, service: exchange, authenticator: authenticator)
    }
}
