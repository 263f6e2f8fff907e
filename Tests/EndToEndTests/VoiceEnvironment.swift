// A running a4b-calendar and fake-exchange for voice: alice's calendar around a fixed clock, organizations linked
// by impersonation or full access with alice REGISTERED and her calendar LINKED, and mock Alexa devices for her.
import Foundation
import Glibc
import MockDevice
import TestSupport
import Testing

/// Wednesday 2026-12-02 09:30 in Los Angeles (17:30Z): the service's clock and every device's.
let voiceNow = Date(timeIntervalSince1970: 1_796_232_600)

final class VoiceEnvironment: @unchecked Sendable {
    let env: EnrollmentEnvironment
    var fakePort: Int { env.fake!.port }

    /// alice (America/Los_Angeles) has, on Wednesday (today): Budget sync 14:00–14:30 and Design review 14:00–15:00,
    /// Dinner 19:00 (03:00Z on Thursday); on Thursday: Company offsite (all day), Standup 09:00, Lunch with Sam 12:30
    /// at Cafe Rio, Doctor 16:00 (private), Review 17:00. `svc` may impersonate her; `svc-full` is Editor on her calendar.
    static let fixture = """
        {"server": {"build": "15.1.2507.6", "basicAuth": true},
         "mailboxes": [
          {"smtp": "alice@contoso.com", "displayName": "Alice Jones", "password": "alice-secret",
           "calendarPermissions": {"svc-full@contoso.com": "Editor"},
           "events": [
            {"subject": "Design review", "start": "2026-12-02T22:00:00Z", "end": "2026-12-02T23:00:00Z"},
            {"subject": "Budget sync", "start": "2026-12-02T22:00:00Z", "end": "2026-12-02T22:30:00Z"},
            {"subject": "Dinner", "start": "2026-12-03T03:00:00Z", "end": "2026-12-03T04:30:00Z"},
            {"subject": "Company offsite", "start": "2026-12-03T00:00:00", "end": "2026-12-04T00:00:00", "timeZone": "America/Los_Angeles", "isAllDay": true},
            {"subject": "Standup", "start": "2026-12-03T17:00:00Z", "end": "2026-12-03T17:30:00Z"},
            {"subject": "Lunch with Sam", "start": "2026-12-03T20:30:00Z", "end": "2026-12-03T21:30:00Z", "location": "Cafe Rio"},
            {"subject": "Doctor", "start": "2026-12-04T00:00:00Z", "end": "2026-12-04T01:00:00Z", "location": "Clinic", "sensitivity": "Private"},
            {"subject": "Review", "start": "2026-12-04T01:00:00Z", "end": "2026-12-04T01:30:00Z"}
           ]},
          {"smtp": "carol@contoso.com", "displayName": "Carol White", "password": "carol-secret"},
          {"smtp": "svc@contoso.com", "displayName": "Impersonation Service", "password": "Svc-Secret-Plain-42!",
           "impersonation": {"scope": ["alice@contoso.com", "carol@contoso.com"]}},
          {"smtp": "svc-full@contoso.com", "displayName": "Delegate Service", "password": "full-secret"}
         ]}
        """

    init(serviceFlags: [String] = [], replicas: Int = 1, databaseURL: String? = nil) async throws {
        env = try await EnrollmentEnvironment(exchange: true, fixture: Self.fixture, clock: Instant.format(voiceNow), serviceFlags: serviceFlags,
                                              replicas: replicas, databaseURL: databaseURL)
    }

    static func with(serviceFlags: [String] = [], replicas: Int = 1, databaseURL: String? = nil,
                     _ body: (VoiceEnvironment) async throws -> Void) async throws {
        let voice = try await VoiceEnvironment(serviceFlags: serviceFlags, replicas: replicas, databaseURL: databaseURL)
        do {
            try await body(voice)
        } catch {
            await voice.env.stop()
            throw error
        }
        await voice.env.stop()
    }

    struct Organization {
        let id: String
        let key: String
        let aliceID: String
        let aliceAccount: String
    }

    /// An organization in Los Angeles linked with `accessMethod`, alice REGISTERED as `amzn1.ask.account.alice-<method>`
    /// with her calendar LINKED.
    func organization(_ accessMethod: String) async throws -> Organization {
        let org = try await env.createOrganization("Contoso \(accessMethod)", timeZone: "America/Los_Angeles")
        if accessMethod == "fullAccess" {
            try await env.linkExchange(org.id, key: org.key, upn: "svc-full@contoso.com", password: "full-secret", accessMethod: "fullAccess")
        } else {
            try await env.linkExchange(org.id, key: org.key)
        }
        let account = "amzn1.ask.account.alice-\(accessMethod)"
        let alice = try await register(org.id, key: org.key, email: "alice@contoso.com", account: account, linkCalendar: true)
        return Organization(id: org.id, key: org.key, aliceID: alice, aliceAccount: account)
    }

    /// Creates a user; with `account`, invites and accepts as that Alexa account; with `linkCalendar`, links it. Returns the id.
    @discardableResult
    func register(_ organization: String, key: String, email: String, account: String?, linkCalendar: Bool) async throws -> String {
        let user = try await env.createUser(organization, key: key, email: email)
        let id = try #require(user["id"] as? String)
        if let account {
            let invitation = try await env.invite(organization, key: key, id)
            let accepted = try await env.accept(try #require(invitation["token"] as? String), alexaUserId: account)
            try #require(accepted.status == 200, "accepting as \(account): \(accepted.status) \(accepted.body)")
        }
        if linkCalendar {
            let linked = try await env.call("PUT", env.userPath(organization, id) + "/calendar", token: key)
            try #require(linked.status == 200, "linking \(email)'s calendar: \(linked.status) \(linked.body)")
        }
        return id
    }

    /// A device for `user` of `organization`, on the service's clock (plus `skew` seconds).
    func device(_ organization: Organization, mode: MockDevice.Mode, user: String = "alice@contoso.com", alexaUserID: String? = nil,
                skew: TimeInterval = 0, applicationID: String? = nil) -> MockDevice {
        var configuration = MockDevice.Configuration(organizationID: organization.id, user: user, mode: mode, alexaUserID: alexaUserID,
                                                     clock: { voiceNow.addingTimeInterval(skew) })
        if let applicationID { configuration.applicationID = applicationID }
        return MockDevice(connection: DeviceConnection(server: "http://127.0.0.1:\(env.port)", apiKey: organization.key), configuration: configuration)
    }

    // MARK: - The fake

    func fake(_ method: String, _ path: String, _ body: String? = nil) async throws -> RawResponse {
        try await RawClient.request(port: fakePort, method, path, headers: body == nil ? [:] : ["Content-Type": "application/json"], body: body)
    }

    /// alice's calendar as the fake stores it: subject → (start, end) in UTC.
    func aliceEvents() async throws -> [String: (start: String, end: String)] {
        let response = try await fake("GET", "/_fake/mailboxes/alice@contoso.com/events")
        let events = try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]], "\(response.body)")
        var bySubject: [String: (String, String)] = [:]
        for event in events {
            bySubject[event["subject"] as? String ?? ""] = (event["start"] as? String ?? "", event["end"] as? String ?? "")
        }
        return bySubject
    }

    /// How many items alice's calendar holds.
    func aliceEventCount() async throws -> Int {
        let response = try await fake("GET", "/_fake/mailboxes/alice@contoso.com/events")
        return try #require(try JSONSerialization.jsonObject(with: Data(response.body.utf8)) as? [[String: Any]], "\(response.body)").count
    }

    func totalEWSRequests() async throws -> Int {
        let stats = try EnrollmentEnvironment.object(try await fake("GET", "/_fake/stats").body)
        return try #require(stats["totalRequests"] as? Int, "\(stats)")
    }
}

/// Every Alexa Skills Kit response the voice suite received, for the contract test (ask-sdk-model).
actor ASKResponses {
    static let shared = ASKResponses()
    private(set) var bodies: [String] = []
    func append(_ body: String) { bodies.append(body) }
}

extension MockDevice {
    /// Says `utterance`, keeping an ASK response for the contract test.
    func turn(_ utterance: String) async throws -> DeviceReply {
        let reply = try await say(utterance)
        if configuration.mode == .alexa { await ASKResponses.shared.append(reply.body) }
        return reply
    }
}
