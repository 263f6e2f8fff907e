// CalendarDayTests: day arithmetic, ISO weeks and where days start in zones with DST.
import Foundation
import Testing
import Voice

@Suite struct CalendarDayTests {
    @Test func daysAddAcrossMonthsYearsAndLeapDays() throws {
        let day = try #require(CalendarDay(year: 2028, month: 2, day: 28))
        #expect(day.adding(days: 1).description == "2028-02-29")
        #expect(day.adding(days: 2).description == "2028-03-01")
        #expect(try #require(CalendarDay(year: 2026, month: 12, day: 31)).adding(days: 1).description == "2027-01-01")
        #expect(CalendarDay(year: 2026, month: 2, day: 29) == nil)
    }

    @Test func isoWeeksAndWeekdays() throws {
        let day = try #require(CalendarDay(year: 2026, month: 12, day: 2))  // a Wednesday
        #expect(day.isoWeekday == 3)
        #expect(day.isoWeek == (2026, 49))
        #expect(CalendarDay.monday(ofISOWeek: 49, year: 2026)?.description == "2026-11-30")
        // 2027-01-01 is a Friday in ISO week 53 of 2026.
        #expect(try #require(CalendarDay(year: 2027, month: 1, day: 1)).isoWeek == (2026, 53))
        #expect(CalendarDay.monday(ofISOWeek: 53, year: 2025) == nil)
    }

    @Test func aDayWithADSTChangeHas23Or25Hours() throws {
        let newYork = try #require(TimeZone(identifier: "America/New_York"))
        let spring = try #require(CalendarDay(year: 2027, month: 3, day: 14))
        #expect(spring.adding(days: 1).start(in: newYork).timeIntervalSince(spring.start(in: newYork)) == 23 * 3600)
        let autumn = try #require(CalendarDay(year: 2026, month: 11, day: 1))
        #expect(autumn.adding(days: 1).start(in: newYork).timeIntervalSince(autumn.start(in: newYork)) == 25 * 3600)
        // 02:30 does not exist on the spring day: the first valid instant after the gap.
        #expect(spring.at(hour: 2, minute: 30, in: newYork) == spring.at(hour: 3, minute: 0, in: newYork))
    }

    @Test func theDayOfAnInstantDependsOnTheZone() throws {
        let instant = try Date("2026-12-03T02:00:00Z", strategy: .iso8601)
        #expect(CalendarDay(instant, in: try #require(TimeZone(identifier: "America/Los_Angeles"))).description == "2026-12-02")
        #expect(CalendarDay(instant, in: try #require(TimeZone(identifier: "Asia/Tokyo"))).description == "2026-12-03")
    }

    @Test(arguments: ["UTC", "America/Los_Angeles", "Europe/London", "Asia/Kolkata", "Australia/Lord_Howe", "Pacific/Chatham", "America/St_Johns"])
    func theDayOfAnInstantIsTheDayFoundationsCalendarNames(zone: String) throws {
        // Offsets of whole hours, half hours and 45 minutes, DST changes of an hour and of half an hour, both sides of UTC.
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<3000 {
            let instant = Date(timeIntervalSince1970: Double(Int.random(in: 1_700_000_000...1_900_000_000, using: &generator)))
            let parts = calendar.dateComponents([.year, .month, .day], from: instant)
            let day = CalendarDay(instant, in: timeZone)
            #expect(day.year == parts.year && day.month == parts.month && day.day == parts.day, "\(instant) in \(zone)")
        }
    }
}
