// PasswordExpiryScheduleTests: when each notice falls due, which one a pass sends (the latest, never a burst), the
// ledger keys, days left and the state, across a whole cycle.
import CalendarBackend
import Foundation
import Testing

@Suite struct PasswordExpiryScheduleTests {
    /// 2026-12-20T12:00:00Z.
    static let expiry = Date(timeIntervalSince1970: 1_797_768_000)
    static let schedule = PasswordExpirySchedule(expiresAt: expiry)
    static func at(hours: Double) -> Date { expiry.addingTimeInterval(hours * 3600) }

    @Test func noticesFallDueAtWholeDaysFromTheExpiry() {
        #expect(Self.schedule.dueAt(.before(days: 14)) == Self.at(hours: -336))
        #expect(Self.schedule.dueAt(.before(days: 1)) == Self.at(hours: -24))
        #expect(Self.schedule.dueAt(.expired(day: 0)) == Self.expiry)
        #expect(Self.schedule.dueAt(.expired(day: 3)) == Self.at(hours: 72))
    }

    @Test(arguments: [
        (-400.0, nil), (-336.0001, nil), (-336.0, "T-14d"), (-200.0, "T-14d"), (-168.0, "T-7d"), (-72.0, "T-3d"), (-71.0, "T-3d"),
        (-24.0, "T-1d"), (-0.001, "T-1d"), (0.0, "expired-day-0"), (23.99, "expired-day-0"), (24.0, "expired-day-1"), (24.0 * 30 + 5, "expired-day-30"),
    ] as [(Double, String?)])
    func theLatestDueNoticeIsTheOneAPassSends(hours: Double, expected: String?) {
        #expect(Self.schedule.latestDue(at: Self.at(hours: hours))?.description == expected)
    }

    /// A service down from before T-7d until after T-1d sends T-1d alone when it returns, not T-7d, T-3d and T-1d.
    @Test func aServiceThatWasDownSendsOnlyTheCurrentNotice() {
        #expect(Self.schedule.latestDue(at: Self.at(hours: -200)) == .before(days: 14))
        #expect(Self.schedule.latestDue(at: Self.at(hours: -20)) == .before(days: 1))
        #expect(Self.schedule.due(through: Self.at(hours: -20)).map(\.description) == ["T-14d", "T-7d", "T-3d", "T-1d"])
    }

    /// Stepping 6 hours at a time over 40 days: four warnings before the expiry, then one new notice a day.
    @Test func aFortyDaySimulationMeetsEachNoticeOnce() {
        var met: [String] = []
        for step in 0...(40 * 4) {
            let now = Self.at(hours: -20 * 24 + Double(step) * 6)
            if let notice = Self.schedule.latestDue(at: now), met.last != notice.description { met.append(notice.description) }
        }
        #expect(met == ["T-14d", "T-7d", "T-3d", "T-1d"] + (0...20).map { "expired-day-\($0)" })
    }

    @Test func keysRoundTripAndNothingElseIsANotice() {
        for notice in [ExpiryNotice.before(days: 14), .before(days: 7), .before(days: 3), .before(days: 1), .expired(day: 0), .expired(day: 365)] {
            #expect(ExpiryNotice(notice.description) == notice)
        }
        for key in ["T-2d", "T-14", "T-014d", "expired-day--1", "expired-day-01", "expired-day-", "T-+7d", "", "expired"] {
            #expect(ExpiryNotice(key) == nil, "\(key)")
        }
        #expect(ExpiryNotice.before(days: 14) < .before(days: 1) && ExpiryNotice.before(days: 1) < .expired(day: 0))
    }

    @Test func daysLeftAndState() {
        #expect(Self.schedule.daysLeft(at: Self.at(hours: -336)) == 14)
        #expect(Self.schedule.daysLeft(at: Self.at(hours: -335)) == 13)
        #expect(Self.schedule.daysLeft(at: Self.at(hours: -1)) == 0)
        #expect(Self.schedule.daysLeft(at: Self.at(hours: 1)) == -1)
        #expect(Self.schedule.daysLeft(at: Self.at(hours: 49)) == -3)
        #expect(Self.schedule.state(at: Self.at(hours: -337)) == .ok)
        #expect(Self.schedule.state(at: Self.at(hours: -336)) == .expiring)
        #expect(Self.schedule.state(at: Self.expiry) == .expired)
    }

    @Test func farOffTimesAreNotACrash() {
        #expect(Self.schedule.latestDue(at: .distantFuture) != nil)
        #expect(Self.schedule.latestDue(at: .distantPast) == nil)
        _ = Self.schedule.daysLeft(at: .distantFuture)
        _ = Self.schedule.daysLeft(at: .distantPast)
    }
}
