// HealthEventRulesTests: which events a link calls for, and how they change, at the edges of a cycle.
import Foundation
import Storage
import Testing

@testable import CalendarBackend

@Suite struct HealthEventRulesTests {
    static let expiry = Date(timeIntervalSince1970: 1_800_000_000)
    static let link = HealthEventRules.Link(generation: 3, upn: "svc@contoso.com", passwordExpiresAt: expiry, credentialsRejected: false)

    private func at(_ days: Double) -> Date { Self.expiry.addingTimeInterval(days * 86_400) }

    private func apply(_ existing: [HealthEventRecord], link: HealthEventRules.Link? = HealthEventRulesTests.link, at days: Double) -> [HealthEventRecord] {
        var byARN = Dictionary(existing.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })
        for change in HealthEventRules.changes(organizationID: "org_1", link: link, existing: existing, now: at(days)) { byARN[change.arn] = change }
        return byARN.values.sorted { $0.arn < $1.arn }
    }

    @Test func nothingBeforeFourteenDaysThenUpcomingThenExpiredAndClosed() {
        #expect(apply([], at: -14.01).isEmpty)
        let upcoming = apply([], at: -14)
        #expect(upcoming.map(\.statusCode) == ["upcoming"])
        #expect(upcoming.first?.arn == "arn:aws:health:global::event/A4B/AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRING/AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRING_org_1_3")
        #expect(upcoming.first?.startTime == Self.expiry)
        #expect(HealthEventRules.changes(organizationID: "org_1", link: Self.link, existing: upcoming, now: at(-3)).isEmpty, "nothing changed")
        let expired = apply(upcoming, at: 0)
        #expect(expired.map { "\($0.eventTypeCode) \($0.statusCode)" } == [
            "AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRED open", "AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRING closed",
        ])
        #expect(expired.last?.endTime == Self.expiry && expired.last?.lastUpdatedTime == at(0))
    }

    @Test func aServiceThatMissedTheWarningWindowOpensOnlyTheExpiredEvent() {
        #expect(apply([], at: 2).map(\.eventTypeCode) == ["AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRED"])
    }

    @Test func rejectedCredentialsOpenAnEventThatKeepsItsStartUntilANewGenerationClosesIt() {
        var rejectedLink = Self.link
        rejectedLink.passwordExpiresAt = nil
        rejectedLink.credentialsRejected = true
        let open = apply([], link: rejectedLink, at: -30)
        #expect(open.map(\.eventTypeCode) == ["AWS_A4B_SERVICE_ACCOUNT_CREDENTIALS_REJECTED"])
        #expect(apply(open, link: rejectedLink, at: -29).first?.startTime == at(-30))
        var relinked = rejectedLink
        relinked.generation = 4
        relinked.credentialsRejected = false
        let closed = apply(open, link: relinked, at: -29)
        #expect(closed.map(\.statusCode) == ["closed"] && closed.first?.endTime == at(-29))
    }

    @Test func anUnlinkClosesEverything() {
        let events = apply([], at: 1)
        let closed = apply(events, link: nil, at: 2)
        #expect(closed.allSatisfy { $0.statusCode == "closed" && $0.endTime != nil })
        #expect(HealthEventRules.changes(organizationID: "org_1", link: nil, existing: closed, now: at(3)).isEmpty)
    }
}
