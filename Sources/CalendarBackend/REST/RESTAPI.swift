// RESTAPI: every REST v1 route of the service, grouped by access policy, registered in one place (serve and the
// OpenAPI contract test use it).
import HTTPServer
import Storage

/// The REST v1 front-end over the use cases.
public enum RESTAPI {
    /// What the REST routes need: the use cases, and the operator figures.
    public struct Dependencies: Sendable {
        public var version: String
        public var metrics: HTTPMetrics
        public var readiness: @Sendable () async -> Readiness
        public var gate: StartupGate
        public var organizations: OrganizationService
        public var exchange: ExchangeLinkService

        public init(version: String, metrics: HTTPMetrics, readiness: @escaping @Sendable () async -> Readiness, gate: StartupGate,
                    organizations: OrganizationService, exchange: ExchangeLinkService) {
            self.version = version
            self.metrics = metrics
            self.readiness = readiness
            self.gate = gate
            self.organizations = organizations
            self.exchange = exchange
        }
    }

    /// Registers every route on `routes` (which should render errors with ``RESTErrors/renderer``).
    public static func register(on routes: RouterBuilder, _ dependencies: Dependencies) {
        let access = RESTAccess(organizations: dependencies.organizations, gate: dependencies.gate)
        OperatorRoutes.register(on: routes.group(access: .none), version: dependencies.version, metrics: dependencies.metrics,
                                readiness: dependencies.readiness)
        let admin = routes.group(access: access.admin)
        let organization = routes.group("/v1/organizations/{orgId}", access: access.organizationKey(parameter: "orgId"))
        OrganizationRoutes.register(admin: admin, organization: organization, service: dependencies.organizations)
        ExchangeRoutes.register(on: organization, service: dependencies.exchange)
    }
}
