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
        public var enrollment: EnrollmentService
        public var calendars: CalendarLinkService
        public var outbox: OutboxService
        public var voice: VoiceService
        /// The access keys of the AWS-compatible API (which ``AWSAPI`` serves).
        public var awsCredentials: AWSCredentialService
        public var rooms: RoomService
        public var roomVoice: RoomVoiceService
        /// The time Alexa request timestamps are checked against.
        public var clock: any WallClock
        public var expiry: ExpiryService
        public var healthEvents: HealthEventService
        /// `serve --test-clock`: the clock POST /v1/admin/clock sets, and the notifier it runs; nil: no such route.
        public var testClock: (clock: TestClock, notifier: ExpiryNotifier)?
        /// More Prometheus text for /metrics (the expiry figures).
        public var extraMetrics: @Sendable () -> String = { "" }

        public init(version: String, metrics: HTTPMetrics, readiness: @escaping @Sendable () async -> Readiness, gate: StartupGate,
                    organizations: OrganizationService, exchange: ExchangeLinkService, enrollment: EnrollmentService,
                    calendars: CalendarLinkService, outbox: OutboxService, voice: VoiceService, awsCredentials: AWSCredentialService,
                    rooms: RoomService, roomVoice: RoomVoiceService, expiry: ExpiryService, healthEvents: HealthEventService, clock: any WallClock = SystemClock()) {
            self.rooms = rooms
            self.roomVoice = roomVoice
            self.awsCredentials = awsCredentials
            self.version = version
            self.metrics = metrics
            self.readiness = readiness
            self.gate = gate
            self.organizations = organizations
            self.exchange = exchange
            self.enrollment = enrollment
            self.calendars = calendars
            self.outbox = outbox
            self.voice = voice
            self.clock = clock
            self.expiry = expiry
            self.healthEvents = healthEvents
        }
    }

    /// Registers every route on `routes` (which should render errors with ``RESTErrors/renderer``).
    public static func register(on routes: RouterBuilder, _ dependencies: Dependencies) {
        let access = RESTAccess(organizations: dependencies.organizations, gate: dependencies.gate)
        OperatorRoutes.register(on: routes.group(access: .none), version: dependencies.version, metrics: dependencies.metrics,
                                readiness: dependencies.readiness, extraMetrics: dependencies.extraMetrics)
        let admin = routes.group(access: access.admin)
        let organization = routes.group("/v1/organizations/{orgId}", access: access.organizationKey(parameter: "orgId"))
        OrganizationRoutes.register(admin: admin, organization: organization, service: dependencies.organizations)
        ExchangeRoutes.register(on: organization, service: dependencies.exchange)
        ExpiryRoutes.register(admin: admin, organization: organization, expiry: dependencies.expiry, healthEvents: dependencies.healthEvents,
                              testClock: dependencies.testClock)
        UserRoutes.register(on: organization, enrollment: dependencies.enrollment, calendars: dependencies.calendars)
        OutboxRoutes.register(on: organization, outbox: dependencies.outbox)
        AWSCredentialRoutes.register(on: organization, service: dependencies.awsCredentials)
        RoomRoutes.register(on: organization, rooms: dependencies.rooms, voice: dependencies.roomVoice)
        VoiceRoutes.register(on: organization, voice: dependencies.voice)
        AlexaRoutes.register(on: organization, voice: dependencies.voice, organizations: dependencies.organizations, rooms: dependencies.rooms,
                             roomVoice: dependencies.roomVoice, clock: dependencies.clock)
        // The token in the path is the only credential; its shape is checked before any lookup.
        let invitation = routes.group("/v1/invitations/{token}", access: access.pathToken(parameter: "token", name: "invitationToken") { token in
            guard InvitationToken.isWellFormed(token) else {
                throw ServiceError.notFound("this invitation link is not valid; ask your administrator for a new invitation")
            }
            return token
        })
        InvitationRoutes.register(on: invitation, enrollment: dependencies.enrollment)
    }
}
