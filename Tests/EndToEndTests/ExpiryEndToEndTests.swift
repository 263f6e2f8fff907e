// ExpiryEndToEndTests: password-expiry notices on the real binaries: 40 days on the test clock in 6-hour steps
// through real SMTP into fake-exchange, the same with the service SIGKILLed at random points, the relay down for a
// day, a rotation mid-cycle, notify --once, and what the operator endpoints show on the way.
import Foundation
import Glibc
import TestSupport
import Testing

@Suite(.serialized) struct ExpiryEndToEndTests {
    /// The password expires at 2027-01-21 09:00Z (04:00 in New York); the simulations start 20 days before.
    static let expiry = ISO8601DateFormatter().date(from: "2027-01-21T09:00:00Z")!
    static let start = expiry.addingTimeInterval(-20 * 86_400)
    static let step: TimeInterval = 6 * 3600
    static let expected = ["T-14d", "T-7d", "T-3d", "T-1d"] + (0..<20).map { "expired-day-\($0)" }

    static func dueAt(_ notice: String) -> Date {
        switch notice {
        case "T-14d": expiry.addingTimeInterval(-14 * 86_400)
        case "T-7d": expiry.addingTimeInterval(-7 * 86_400)
        case "T-3d": expiry.addingTimeInterval(-3 * 86_400)
        case "T-1d": expiry.addingTimeInterval(-86_400)
        default: expiry.addingTimeInterval(Double(Int(notice.dropFirst("expired-day-".count))!) * 86_400)
        }
    }

    @Test func fortyDaysInSixHourStepsSendFourWarningsThenOneADayAtTheRightTimesWithTheRightTexts() async throws {
        try await ExpiryEnvironment.with { env in
            try await env.setClock(Self.start)
            let org = try await env.linkedOrganization(expires: Self.expiry)
            var now = Self.start
            var checkedUpcoming = false, checkedOpen = false
            for _ in 0..<160 {
                try await env.setClock(now)
                if !checkedUpcoming && now >= Self.expiry.addingTimeInterval(-10 * 86_400) {
                    checkedUpcoming = true
                    let events = try await env.object("GET", "/v1/organizations/\(org.id)/health-events?status=open,upcoming", token: org.key)["events"] as? [[String: Any]]
                    #expect(events?.map { $0["eventTypeCode"] as? String } == ["AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRING"])
                    #expect(events?.first?["statusCode"] as? String == "upcoming")
                    let status = try await env.object("GET", "/v1/organizations/\(org.id)/exchange/expiry", token: org.key)
                    #expect(status["state"] as? String == "expiring")
                    #expect(status["daysLeft"] as? Int == 10)
                    let fleet = try await env.object("GET", "/v1/expiry?withinDays=14")["organizations"] as? [[String: Any]]
                    #expect(fleet?.map { $0["organizationId"] as? String } == [org.id])
                }
                if !checkedOpen && now >= Self.expiry.addingTimeInterval(86_400) {
                    checkedOpen = true
                    let events = try await env.object("GET", "/v1/organizations/\(org.id)/health-events", token: org.key)["events"] as? [[String: Any]]
                    #expect(Set(events?.map { "\($0["eventTypeCode"] ?? "") \($0["statusCode"] ?? "")" } ?? []) == [
                        "AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRING closed", "AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRED open",
                    ])
                    #expect(events?.allSatisfy { $0["startTime"] as? String == "2027-01-21T09:00:00Z" } == true)
                }
                now = now.addingTimeInterval(Self.step)
            }
            let inbox = try await env.inbox("svc@contoso.com")
            #expect(inbox.map(ExpiryEnvironment.notice(of:)) == Self.expected)
            #expect(try await env.duplicatesDropped("svc@contoso.com") == 0)
            for message in inbox {
                let notice = ExpiryEnvironment.notice(of: message)
                // Sent at the first 6-hour step at or after it fell due (the mail's Date header is the service's clock).
                let date = try #require(Instant.parse(message["date"] as? String), "\(message)")
                let due = Self.dueAt(notice)
                #expect(date >= due && date.timeIntervalSince(due) < Self.step, "\(notice) dated \(date), due \(due)")
                #expect(message["from"] as? String == "a4b-calendar@contoso.com")
                let text = try #require(message["text"] as? String)
                #expect(text.contains("svc@contoso.com expire"))
                #expect(text.contains("Thursday 2027-01-21 09:00 UTC (Thursday 2027-01-21 04:00 in America/New_York)"))
                #expect(text.contains("1. Create a new user principal name (UPN) service account and password."))
                #expect(text.contains("POST /v1/organizations/\(org.id)/exchange/test"))
            }
            let subjects = inbox.map { $0["subject"] as? String ?? "" }
            #expect(subjects[1] == "Alexa for Business: the password of service account svc@contoso.com expires in 7 days")
            #expect(subjects[3] == "Alexa for Business: the password of service account svc@contoso.com expires in 1 day")
            #expect(subjects[4] == "Alexa for Business: the password of service account svc@contoso.com has expired")
            #expect(subjects[6] == "Alexa for Business: the password of service account svc@contoso.com expired 2 days ago")
            #expect((inbox[1]["text"] as? String)?.contains("7 days are left.") == true)
            let status = try await env.object("GET", "/v1/organizations/\(org.id)/exchange/expiry", token: org.key)
            let notices = try #require(status["notices"] as? [[String: Any]])
            #expect(notices.filter { $0["state"] as? String == "sent" }.count == 24)
            #expect(notices.last?["state"] as? String == "scheduled")
            let metrics = try await env.call("GET", "/metrics", token: nil).body
            #expect(metrics.contains("a4b_expiry_notices_sent_total 24"))
            #expect(metrics.contains("a4b_service_account_passwords_expired 1"))
        }
    }

    @Test func theSameFortyDaysWithTheServiceKilledAtRandomPointsLoseAndDuplicateNothing() async throws {
        var generator = SystemRandomNumberGenerator()
        try await ExpiryEnvironment.with { env in
            try await env.setClock(Self.start)
            let org = try await env.linkedOrganization(expires: Self.expiry)
            // Half the kills at steps where a notice falls due (the pass then talks SMTP), half anywhere.
            let dueSteps = Self.expected.map { Int((Self.dueAt($0).timeIntervalSince(Self.start) / Self.step).rounded(.up)) }.filter { $0 < 150 }
            let killSteps = Set(dueSteps.shuffled(using: &generator).prefix(6) + (0..<6).map { _ in Int.random(in: 1..<150, using: &generator) })
            var kills = 0
            for index in 0..<160 {
                let now = Self.start.addingTimeInterval(Double(index) * Self.step)
                if killSteps.contains(index) {
                    // Kill while the clock move (and its pass, with its SMTP sends) is in flight, at a random moment.
                    let port = env.service.port
                    let move = Task {
                        try? await RawClient.request(port: port, "POST", "/v1/admin/clock", headers: [
                            "Authorization": "Bearer \(ExpiryEnvironment.adminToken)", "Content-Type": "application/json",
                        ], body: EnrollmentEnvironment.json(["now": Instant.format(now)]))
                    }
                    try await Task.sleep(for: .microseconds(Int.random(in: 0..<30_000, using: &generator)))
                    try await env.killAndRestart()
                    _ = await move.value
                    kills += 1
                }
                try await env.setClock(now)
            }
            // A notice claimed by a process that was killed waits out its 5-minute claim: one more move (an hour on,
            // before the next notice is due) delivers it.
            try await env.setClock(Self.start.addingTimeInterval(159 * Self.step + 3600))
            let inbox = try await env.inbox("svc@contoso.com")
            #expect(kills == killSteps.count)
            #expect(inbox.map(ExpiryEnvironment.notice(of:)) == Self.expected, "after \(kills) kills")
            let status = try await env.object("GET", "/v1/organizations/\(org.id)/exchange/expiry", token: org.key)
            #expect((status["notices"] as? [[String: Any]])?.filter { $0["state"] as? String == "sent" }.count == 24)
            // A repeat can only come from a kill between the relay's 250 and the ledger write; the inbox dropped it.
            #expect(try await env.duplicatesDropped("svc@contoso.com") <= kills)
        }
    }

    @Test func withTheRelayDownForADayTheNoticesArriveOnceEachWhenItReturns() async throws {
        try await ExpiryEnvironment.with { env in
            let begin = Self.expiry.addingTimeInterval(3600)  // expired-day-0 is due
            try await env.setClock(begin)
            let down = try await env.fakeControl("POST", "/_fake/faults", json: #"{"fault": "smtpUnavailable"}"#)
            #expect(down.status == 201)
            let org = try await env.linkedOrganization(expires: Self.expiry, notificationEmail: "it@contoso.com")
            for index in 0...4 {  // a day in 6-hour steps: expired-day-1 falls due too
                let pass = try await env.setClock(begin.addingTimeInterval(Double(index) * Self.step))
                #expect(pass["sent"] as? Int == 0)
            }
            let status = try await env.object("GET", "/v1/organizations/\(org.id)/exchange/expiry", token: org.key)
            let pending = (status["notices"] as? [[String: Any]] ?? []).filter { $0["state"] as? String == "pending" }
            #expect(pending.map { $0["notice"] as? String } == ["expired-day-0", "expired-day-1"])
            #expect(pending.allSatisfy { ($0["attempts"] as? Int ?? 0) >= 1 && ($0["lastError"] as? String)?.isEmpty == false })
            #expect(try await env.call("GET", "/metrics", token: nil).body.contains("a4b_expiry_notices_failed_total 0") == false)
            #expect(try await env.inbox("it@contoso.com").isEmpty)
            #expect(try await env.fakeControl("DELETE", "/_fake/faults").status == 200)
            let back = try await env.setClock(begin.addingTimeInterval(5 * Self.step))
            #expect(back["sent"] as? Int == 2)
            for index in 6...8 { try await env.setClock(begin.addingTimeInterval(Double(index) * Self.step)) }
            let inbox = try await env.inbox("it@contoso.com")
            #expect(inbox.map(ExpiryEnvironment.notice(of:)) == ["expired-day-0", "expired-day-1", "expired-day-2"])
            #expect(try await env.duplicatesDropped("it@contoso.com") == 0)
            #expect(try await env.inbox("svc@contoso.com").isEmpty, "notificationEmail takes the notices")
        }
    }

    @Test func aRotationMidCycleStopsTheOldCycleAndClosesItsEvents() async throws {
        try await ExpiryEnvironment.with { env in
            let begin = Self.expiry.addingTimeInterval(-8 * 86_400)  // T-14d due
            try await env.setClock(begin)
            let org = try await env.linkedOrganization(expires: Self.expiry)
            try await env.setClock(begin)  // a pass now that the link exists: T-14d
            try await env.setClock(begin.addingTimeInterval(1.5 * 86_400))  // T-7d due
            let before = try await env.inbox("svc@contoso.com").map(ExpiryEnvironment.notice(of:))
            #expect(before == ["T-14d", "T-7d"])
            let open = try await env.object("GET", "/v1/organizations/\(org.id)/health-events?status=upcoming", token: org.key)["events"] as? [[String: Any]]
            #expect(open?.count == 1)
            // Rotation: a new UPN, validated live, with a password that expires in 90 days.
            try await env.link(org.id, key: org.key, upn: "svc2@contoso.com", password: "Svc2-Secret-Plain-43!",
                               expires: Self.expiry.addingTimeInterval(90 * 86_400))
            let events = try await env.object("GET", "/v1/organizations/\(org.id)/health-events", token: org.key)["events"] as? [[String: Any]]
            #expect(events?.map { $0["statusCode"] as? String } == ["closed"])
            #expect(events?.first?["endTime"] as? String == Instant.format(begin.addingTimeInterval(1.5 * 86_400)))
            for day in 2...12 { try await env.setClock(begin.addingTimeInterval(Double(day) * 86_400)) }  // past the old expiry
            #expect(try await env.inbox("svc@contoso.com").count == 2, "the old cycle stopped")
            #expect(try await env.inbox("svc2@contoso.com").isEmpty)
            let status = try await env.object("GET", "/v1/organizations/\(org.id)/exchange/expiry", token: org.key)
            #expect(status["upn"] as? String == "svc2@contoso.com")
            #expect(status["state"] as? String == "ok")
            let current = try await env.object("GET", "/v1/organizations/\(org.id)/health-events?status=open,upcoming", token: org.key)
            #expect((current["events"] as? [[String: Any]])?.isEmpty == true)
        }
    }

    @Test func patchSetsTheExpiryAndNotifyOnceSendsWhatIsDue() async throws {
        try await ExpiryEnvironment.with { env in
            let now = Self.expiry.addingTimeInterval(-30 * 86_400)
            try await env.setClock(now)
            let org = try await env.linkedOrganization(expires: Self.expiry)
            // The test clock is in the database: a restarted service is still at `now`.
            try await env.killAndRestart()
            #expect(try await env.object("GET", "/v1/admin/clock")["now"] as? String == Instant.format(now))
            let path = "/v1/organizations/\(org.id)/exchange"
            for (body, field) in [(#"{"passwordExpiresAt": "soon"}"#, "passwordExpiresAt"), (#"{"notificationEmail": "nobody"}"#, "notificationEmail")] {
                let response = try await env.call("PATCH", path, token: org.key, json: body)
                #expect(response.status == 400)
                #expect(EnrollmentEnvironment.error(response)["field"] as? String == field)
            }
            #expect(try await env.call("PATCH", path, token: "a4b_wrong", json: "{}").status == 401)
            // Six days from now: T-7d is due at once, in a new cycle.
            let patched = try await env.object("PATCH", path, token: org.key,
                                               json: EnrollmentEnvironment.json(["passwordExpiresAt": Instant.format(now.addingTimeInterval(6 * 86_400))]))
            #expect(patched["generation"] as? Int == 2)
            await env.stopService()
            for expectedSent in [1, 0] {
                let run = try await runProgram(
                    ServiceProcess.buildDirectory.appendingPathComponent("a4b-calendar"),
                    ["notify", "--once", "--data-dir", env.dataDir, "--test-clock", "--smtp-url", env.smtpURL, "--log-level", "warning"])
                let text = run.output
                #expect(run.status == 0)
                let report = try EnrollmentEnvironment.object(text)
                #expect(report["sent"] as? Int == expectedSent, "notify --once printed \(text)")
            }
            #expect(try await env.inbox("svc@contoso.com").map(ExpiryEnvironment.notice(of:)) == ["T-7d"])
            #expect(try await env.inbox("svc@contoso.com").first?["messageId"] as? String == "<expiry.\(org.id).g2.T-7d@a4b-calendar>")
        }
    }
}
