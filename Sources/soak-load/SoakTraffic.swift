// SoakTraffic: the organization the soak runs against, provisioned through the public API, and the mix of calls
// it sends: health, voice over REST and as Alexa envelopes (through the mock device), admin reads and writes,
// operator reads, and the signed AWS API.
import AWSSigV4
import Foundation
import MockDevice
import Synchronization

/// What provisioning made: an organization linked to Exchange, one REGISTERED user with a LINKED calendar, AWS keys.
struct SoakOrganization: Sendable {
    let id: String
    let key: String
    let user: String
    let alexaAccount: String
    let signer: SigV4Signer

    /// Creates it all with the operator's admin token, as an administrator would with curl.
    static func provision(_ http: SoakHTTP, adminToken: String, ewsURL: String, upn: String, password: String,
                          mailbox: String) async throws -> SoakOrganization {
        func expect(_ response: SoakHTTP.Response, _ status: Int, _ what: String) throws -> [String: Any] {
            guard response.status == status else { throw SoakFailure("\(what): HTTP \(response.status) \(response.body.prefix(300))") }
            return response.object ?? [:]
        }
        let org = try expect(try await http.call(.post, "/v1/organizations", token: adminToken, json: ["name": "Soak"]), 201, "creating the organization")
        guard let id = org["id"] as? String, let key = org["apiKey"] as? String else { throw SoakFailure("no id or apiKey in \(org)") }
        _ = try expect(try await http.call(.put, "/v1/organizations/\(id)/exchange", token: key, json: [
            "upn": upn, "password": password, "ewsUrl": ewsURL, "accessMethod": "impersonation", "testMailbox": mailbox,
        ]), 200, "linking Exchange")
        let user = try expect(try await http.call(.post, "/v1/organizations/\(id)/users", token: key, json: ["email": mailbox]), 201, "creating \(mailbox)")
        guard let userID = user["id"] as? String else { throw SoakFailure("no user id in \(user)") }
        let invitation = try expect(try await http.call(.post, "/v1/organizations/\(id)/users/\(userID)/invitation", token: key), 201, "inviting")
        guard let token = invitation["token"] as? String else { throw SoakFailure("no invitation token") }
        let account = "amzn1.ask.account.soak"
        _ = try expect(try await http.call(.post, "/v1/invitations/\(token)/accept", token: nil, json: ["alexaUserId": account]), 200, "accepting")
        _ = try expect(try await http.call(.put, "/v1/organizations/\(id)/users/\(userID)/calendar", token: key), 200, "linking the calendar")
        let credentials = try expect(try await http.call(.post, "/v1/organizations/\(id)/aws-credentials", token: key), 201, "creating AWS keys")
        guard let accessKey = credentials["accessKeyId"] as? String, let secret = credentials["secretAccessKey"] as? String else {
            throw SoakFailure("no AWS key in the answer")
        }
        let signer = SigV4Signer(accessKeyID: accessKey, secret: secret, region: "us-east-1")
        _ = try expect(try await http.aws("PutInvitationConfiguration", ["OrganizationName": "Soak", "ContactEmail": "it@contoso.com"], signer: signer),
                       200, "AWS PutInvitationConfiguration")
        return SoakOrganization(id: id, key: key, user: mailbox, alexaAccount: account, signer: signer)
    }
}

/// The kinds of call, in the proportions of ``SoakMix/cycle``.
enum SoakCall: String, CaseIterable, Sendable {
    case health, voiceREST = "voice", voiceAlexa = "alexa", admin, aws, `operator`
}

/// Sends one call of a kind and says what was wrong with its answer, if anything.
final class SoakMix: Sendable {
    /// 20 slots: 7 health, 4 voice, 2 Alexa, 4 admin, 2 AWS, 1 operator.
    static let cycle: [SoakCall] = [.health, .voiceREST, .admin, .health, .voiceAlexa, .aws, .health, .voiceREST, .admin, .health,
                                    .operator, .health, .voiceREST, .admin, .health, .voiceAlexa, .aws, .health, .voiceREST, .admin]
    /// What a voice answer says when Exchange could not be reached in time: an error answer for the soak.
    static let unreachable = "can't reach your calendar"

    let http: SoakHTTP
    let organization: SoakOrganization
    let adminToken: String
    private let devices: DevicePool
    private let counter = Atomic<Int>(0)

    init(http: SoakHTTP, organization: SoakOrganization, adminToken: String) {
        self.http = http
        self.organization = organization
        self.adminToken = adminToken
        devices = DevicePool(connection: DeviceConnection(server: http.base, apiKey: organization.key, timeout: .seconds(10)),
                             organization: organization)
    }

    func shutdown() { http.shutdown() }

    /// The kind of the n-th call.
    static func kind(of n: Int) -> SoakCall { cycle[n % cycle.count] }

    /// Sends call number `n`; nil when the answer was right, else what was wrong.
    func send(_ n: Int) async -> String? {
        let kind = Self.kind(of: n)
        do {
            switch kind {
            case .health:
                return Self.check(try await http.call(.get, "/health", token: nil), 200, "GET /health")
            case .voiceREST, .voiceAlexa:
                let utterance = n % 2 == 0 ? "what's on my calendar tomorrow" : "what's my next meeting"
                let speech = try await devices.say(utterance, mode: kind == .voiceREST ? .rest : .alexa)
                return speech.contains(Self.unreachable) ? "\(kind.rawValue): \(speech)" : nil
            case .admin:
                return try await admin(n)
            case .aws:
                let operation = n % 3 == 0 ? "GetInvitationConfiguration" : "SearchUsers"
                return Self.check(try await http.aws(operation, operation == "SearchUsers" ? ["MaxResults": 10] : [:], signer: organization.signer),
                                  200, "AWS \(operation)")
            case .operator:
                let path = n % 2 == 0 ? "/v1/expiry?withinDays=14" : "/health/ready"
                return Self.check(try await http.call(.get, path, token: adminToken), 200, "GET \(path)")
            }
        } catch {
            return "\(kind.rawValue): \(error)"
        }
    }

    /// Reads of the organization and its users, and every fourth admin call a user created and deleted again
    /// (so the database stays the same size however long the soak runs).
    private func admin(_ n: Int) async throws -> String? {
        let org = "/v1/organizations/\(organization.id)"
        switch counter.wrappingAdd(1, ordering: .relaxed).oldValue % 4 {
        case 0: return Self.check(try await http.call(.get, org, token: organization.key), 200, "GET organization")
        case 1: return Self.check(try await http.call(.get, org + "/users?limit=10", token: organization.key), 200, "GET users")
        case 2: return Self.check(try await http.call(.get, org + "/exchange", token: organization.key), 200, "GET exchange")
        default:
            let created = try await http.call(.post, org + "/users", token: organization.key, json: ["email": "soak-\(n)@contoso.com"])
            if let wrong = Self.check(created, 201, "POST users") { return wrong }
            guard let id = created.object?["id"] as? String else { return "POST users: no id in \(created.body.prefix(200))" }
            return Self.check(try await http.call(.delete, org + "/users/\(id)", token: organization.key), 204, "DELETE user")
        }
    }

    private static func check(_ response: SoakHTTP.Response, _ status: Int, _ what: String) -> String? {
        response.status == status ? nil : "\(what): HTTP \(response.status) \(response.body.prefix(200))"
    }
}

/// Mock devices for the organization's user, lent to one call at a time (a device keeps its session between turns).
final class DevicePool: Sendable {
    private let idle = Mutex<[UncheckedDevice]>([])
    private let connection: DeviceConnection
    private let organization: SoakOrganization

    init(connection: DeviceConnection, organization: SoakOrganization) {
        self.connection = connection
        self.organization = organization
    }

    /// Says `utterance` on an idle device of `mode` (a new one when none is idle); returns the speech.
    func say(_ utterance: String, mode: MockDevice.Mode) async throws -> String {
        let lent = idle.withLock { devices -> UncheckedDevice? in
            guard let index = devices.firstIndex(where: { $0.device.configuration.mode == mode }) else { return nil }
            return devices.remove(at: index)
        } ?? UncheckedDevice(device: MockDevice(connection: connection, configuration: MockDevice.Configuration(
            organizationID: organization.id, user: organization.user, mode: mode, alexaUserID: organization.alexaAccount)))
        let reply = try await lent.device.say(utterance)
        // A question left open would make the next turn an answer to it: end it first (none of these queries asks one).
        if lent.device.sessionIsOpen { _ = try? await lent.device.endSession() }
        idle.withLock { $0.append(lent) }
        return reply.speech
    }

    /// A device is used by one call at a time: the pool hands it over, it is never shared.
    struct UncheckedDevice: @unchecked Sendable {
        let device: MockDevice
    }
}
