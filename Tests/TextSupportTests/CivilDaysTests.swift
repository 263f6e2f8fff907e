// CivilDays agrees with Foundation's Gregorian calendar (from its reform in 1582 on, where both are Gregorian).
import Foundation
import Testing
import TextSupport

@Suite struct CivilDaysTests {
    private static let utc: Calendar = {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        return calendar
    }()

    @Test func daysDatesAndWeekdaysMatchFoundation() {
        var generator = SystemRandomNumberGenerator()
        var samples = [0, -1, 59, 60, 365, 10_957, 11_016, 20_426, -141_427, 2_932_896]
        for _ in 0..<2000 { samples.append(Int.random(in: -141_427...2_932_896, using: &generator)) }
        for days in samples {
            let date = Date(timeIntervalSince1970: Double(days) * 86_400)
            let parts = Self.utc.dateComponents([.year, .month, .day, .weekday], from: date)
            let civil = CivilDays.date(days: days)
            #expect(civil.year == parts.year && civil.month == parts.month && civil.day == parts.day, "\(days)")
            #expect(CivilDays.days(year: civil.year, month: civil.month, day: civil.day) == days)
            #expect(CivilDays.isoWeekday(days: days) == (parts.weekday! == 1 ? 7 : parts.weekday! - 1), "\(days)")
        }
    }

    @Test func monthLengthsMatchFoundation() {
        for year in [1600, 1900, 1999, 2000, 2024, 2026, 2100, 2400] {
            for month in 1...12 {
                let first = Self.utc.date(from: DateComponents(year: year, month: month, day: 1))!
                #expect(CivilDays.daysIn(month: month, year: year) == Self.utc.range(of: .day, in: .month, for: first)?.count, "\(year)-\(month)")
            }
        }
    }

    @Test func secondsSplitIntoDaysRoundingDown() {
        #expect(CivilDays.split(seconds: 0) == (0, 0))
        #expect(CivilDays.split(seconds: 86_399) == (0, 86_399))
        #expect(CivilDays.split(seconds: 86_400) == (1, 0))
        #expect(CivilDays.split(seconds: -1) == (-1, 86_399))
        #expect(CivilDays.split(seconds: -86_400) == (-1, 0))
        #expect(CivilDays.split(seconds: -86_401) == (-2, 86_399))
    }
}
