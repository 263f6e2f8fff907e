// AWSAPI: the Alexa for Business wire API (AWS JSON 1.1, `POST /` with X-Amz-Target, SigV4) over the same use cases
// as REST v1, so an unmodified boto3 client works with `endpoint_url`.
import HTTPServer
import Storage

/// The AWS-compatible front-end. One route, `POST /`, dispatching on `X-Amz-Target: AlexaForBusiness.<Operation>`.
public enum AWSAPI {
    public struct Dependencies: Sendable {
        public var credentials: AWSCredentialService
        public var gate: StartupGate
        public var enrollment: EnrollmentService
        public var tags: TagService
        public var idempotency: IdempotentCreation
        public var rooms: RoomService
        public var profiles: RoomProfileService
        public var conferenceProviders: ConferenceProviderService

        public init(credentials: AWSCredentialService, gate: StartupGate, enrollment: EnrollmentService, tags: TagService,
                    idempotency: IdempotentCreation, rooms: RoomService, profiles: RoomProfileService, conferenceProviders: ConferenceProviderService) {
            self.rooms = rooms
            self.profiles = profiles
            self.conferenceProviders = conferenceProviders
            self.credentials = credentials
            self.gate = gate
            self.enrollment = enrollment
            self.tags = tags
            self.idempotency = idempotency
        }
    }

    public static func register(on routes: RouterBuilder, _ dependencies: Dependencies) {
        let table = operationFactories.mapValues { $0(dependencies) }
        let access = AWSAccess(credentials: dependencies.credentials, gate: dependencies.gate)
        routes.group(access: access.policy, errors: AWSResponse.renderer).post("/") { request, caller in
            guard let name = AWSOperationName.of(request), !name.isEmpty else {
                throw AWSError("UnknownOperationException", "send X-Amz-Target: AlexaForBusiness.<Operation>")
            }
            guard let operation = table[name] else {
                if AWSModel.operations.contains(name) {
                    throw AWSError("UnsupportedOperationException", "\(name) is an Alexa for Business operation this service does not offer; "
                                   + "see the README for the supported ones")
                }
                throw AWSError("UnknownOperationException", "AlexaForBusiness has no operation \(AWSValidation.shown(name))")
            }
            do {
                return try await operation(AWSCall(request: request, caller: caller, operation: name))
            } catch let error as ServiceError {
                throw AWSError.from(error, operation: name)
            }
        }
    }

    /// The router's renderer: AWS errors for requests with `X-Amz-Target`, `rest` for the others.
    public static func errorRenderer(otherwise rest: ErrorRenderer) -> ErrorRenderer { AWSResponse.routing(otherwise: rest) }

    /// The operations this front-end answers, for the README's table and its test.
    public static var supportedOperations: [String] { operationFactories.keys.sorted() }

    /// Every operation, by name, made from the dependencies.
    static var operationFactories: [String: AWSOperationFactory] {
        [AWSUserOperations.operations, AWSTagOperations.operations, AWSRoomOperations.operations, AWSProfileOperations.operations,
         AWSConferenceOperations.operations].reduce(into: [:]) { all, some in all.merge(some) { first, _ in first } }
    }
}
