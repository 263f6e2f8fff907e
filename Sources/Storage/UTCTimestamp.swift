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
        guard interval.isFinite, let seconds = Int(exactly: interval) else { return nil }
        let (days, secondOfDay) = CivilDays.split(seconds: seconds)
        let (year, month, day) = CivilDays.date(days: days)
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
            (1...12).contains(month), (1...CivilDays.daysIn(month: month, year: year)).contains(day),
            hour < 24, minute < 60, second < 60
        else { return nil }
        let seconds = CivilDays.days(year: year, month: month, day: day) * 86_400 + hour * 3600 + minute * 60 + second
        return Date(timeIntervalSince1970: TimeInterval(seconds))
    }

    /// ASCII digits only: `Int("+1")` would accept a sign, which the form does not allow.
    private static func number(_ digits: ArraySlice<UInt8>) -> Int? {
        var value = 0
        for digit in digits {
            guard (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(digit) else { return nil }
            value = value * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return value
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        String(value, zeroPaddedTo: width)
    }
}
