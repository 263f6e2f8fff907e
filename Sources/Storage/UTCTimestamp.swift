// UTCTimestamp: the one text form times take in the database, `yyyy-MM-ddTHH:mm:ssZ`, formatted and parsed.
import Foundation
import TextSupport

/// Converts between `Date` and the stored text form `2026-11-27T03:00:00Z` (UTC, whole seconds).
///
/// Pure arithmetic on the proleptic Gregorian calendar: no `DateFormatter`, no locale, no shared state, so it is
/// safe from any thread. Text of this form sorts in time order, in SQLite and PostgreSQL alike.
enum UTCTimestamp {
    /// `date` as `yyyy-MM-ddTHH:mm:ssZ`, its fraction of a second dropped (rounded toward the past).
    ///
    /// - Returns: nil for a date outside the years 0000–9999, which the form cannot hold.
    static func string(from date: Date) -> String? {
        let interval = date.timeIntervalSince1970.rounded(.down)
        guard interval.isFinite, let seconds = Int64(exactly: interval) else { return nil }
        let days = floorDivide(seconds, 86_400)
        let secondOfDay = seconds - days * 86_400
        let (year, month, day) = civil(fromDays: days)
        guard (0...9999).contains(year) else { return nil }
        return pad(year, 4) + "-" + pad(month, 2) + "-" + pad(day, 2) + "T"
            + pad(secondOfDay / 3600, 2) + ":" + pad(secondOfDay % 3600 / 60, 2) + ":" + pad(secondOfDay % 60, 2) + "Z"
    }

    /// The date `text` names, or nil unless it is exactly `yyyy-MM-ddTHH:mm:ssZ` with an existing calendar day and
    /// a time from 00:00:00 to 23:59:59 (no leap seconds, offsets, fractions or spaces).
    static func date(from text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == UInt8(ascii: "-"), bytes[7] == UInt8(ascii: "-"),
            bytes[10] == UInt8(ascii: "T"), bytes[13] == UInt8(ascii: ":"), bytes[16] == UInt8(ascii: ":"),
            bytes[19] == UInt8(ascii: "Z"),
            let year = number(bytes[0..<4]), let month = number(bytes[5..<7]), let day = number(bytes[8..<10]),
            let hour = number(bytes[11..<13]), let minute = number(bytes[14..<16]), let second = number(bytes[17..<19]),
            (1...12).contains(month), (1...daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = days(fromCivil: year, month, day) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    // Howard Hinnant's days_from_civil / civil_from_days (public domain): day 0 is 1970-01-01.
    private static func days(fromCivil year: Int64, _ month: Int64, _ day: Int64) -> Int64 {
        Int64(CivilDays.days(year: Int(year), month: Int(month), day: Int(day)))
    }

    private static func civil(fromDays days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let date = CivilDays.date(days: Int(days))
        return (Int64(date.year), Int64(date.month), Int64(date.day))
    }

    private static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private static func floorDivide(_ a: Int64, _ b: Int64) -> Int64 {
        let quotient = a / b
        return (a % b != 0 && (a < 0) != (b < 0)) ? quotient - 1 : quotient
    }

    /// ASCII digits only: `Int("+1")` would accept a sign, which the form does not allow.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int64? {
        var value: Int64 = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int64(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: Int64, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}
