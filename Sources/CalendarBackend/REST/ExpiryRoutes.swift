// ExpiryRoutes: REST v1 for password expiry: the link's expiry settings, its status and notices, health-dashboard
// events, the operators' fleet view, and (with `serve --test-clock`) the test clock.
import Foundation
import HTTPServer

/// Decoding and rendering around ``ExpiryService``, ``HealthEventService`` and ``ExpiryNotifier``.
enum ExpiryRoutes {
    struct UpdateBody: Decodable {
        let passwordExpiresAt: FieldChange<String>
        let notificationEmail: FieldChange<String>

        enum CodingKeys: String, CodingKey { case passwordExpiresAt, notificationEmail }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            passwordExpiresAt = try container.decodeChange(String.self, forKey: .passwordExpiresAt)
            notificationEmail = try container.decodeChange(String.self, forKey: .notificationEmail)
        }
    }

    struct ClockBody: Decodable {
        let now: String?
    }

    struct ClockAnswer: Encodable {
        let now: Date
        /// What the scheduler pass run after the move did.
        let pass: ExpiryPassReport?
    }

    struct FleetBody: Encodable {
        let withinDays: Int
        let organizations: [FleetExpiryView]
    }

    struct EventsBody: Encodable {
        let events: [HealthEventView]
    }

    static func register(admin: RouteGroup<Caller>, organization: RouteGroup<OrganizationAccess>, expiry: ExpiryService,
                         healthEvents: HealthEventService, testClock: (clock: TestClock, notifier: ExpiryNotifier)?) {
        organization.patch("/exchange") { request, access in
            let body = try request.decode(UpdateBody.self)
            let update = ExpiryUpdate(passwordExpiresAt: body.passwordExpiresAt, notificationEmail: body.notificationEmail)
            return .json(try await expiry.update(organizationID: access.organizationID, update, caller: access.caller))
        }

        organization.get("/exchange/expiry") { _, access in
            .json(try await expiry.status(organizationID: access.organizationID))
        }

        organization.get("/health-events") { request, access in
            let statuses = request.queryItems["status"].map { $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) } }
            return .json(EventsBody(events: try await healthEvents.list(organizationID: access.organizationID, statuses: statuses)))
        }

        admin.get("/v1/expiry") { request, _ in
            var days = 14
            if let text = request.queryItems["withinDays"] {
                guard let value = Int(text) else {
                    throw ServiceError.invalidInput("withinDays", "query parameter 'withinDays' must be a whole number of days from 0 to 3650")
                }
                days = value
            }
            return .json(FleetBody(withinDays: days, organizations: try await expiry.fleet(withinDays: days)))
        }

        // Only with `serve --test-clock`: without it the route does not exist (404).
        guard let (clock, notifier) = testClock else { return }
        admin.get("/v1/admin/clock") { _, _ in
            await clock.refresh()  // another replica may have moved it
            return .json(ClockAnswer(now: clock.now(), pass: nil))
        }
        admin.post("/v1/admin/clock") { request, _ in
            guard let text = try request.decode(ClockBody.self).now else { throw ServiceError.invalidInput("now", "missing required field 'now'") }
            try await clock.set(try ISOInstant.parse(text, field: "now"))
            // The pass runs before the answer, so a test that moves the clock sees the notices due at once.
            return .json(ClockAnswer(now: clock.now(), pass: try await notifier.runPass()))
        }
    }
}
