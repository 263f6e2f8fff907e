// EWSDateTime: xs:dateTime / xs:date / xs:duration parsing and the UTC `Z` format EWS answers with.
import Foundation

/// Date and duration formats on the wire. Input: `2026-11-25T14:00:00Z`, offsets (`+02:00`), optional
/// fractions, and zone-less values (read in a caller-given zone, per the EWS rules); a day the month
/// does not have (`2026-02-30`) is malformed, never rolled over. Output: always UTC with `Z` and no
/// fraction, as Exchange writes it.
enum EWSDateTime {
    /// Parses an xs:dateTime. A value without a zone is read in `zone`. Nil when malformed.
    static func parse(_ text: String, defaultZone zone: TimeZone = TimeZone(secondsFromGMT: 0)!) -> Date? {
        let value = text.trimmingCharacters(in: .whitespacesAndNewlines)
        let chars = Array(value.utf8)
        guard chars.count >= 19, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
            chars[10] == UInt8(ascii: "T"), chars[13] == UInt8(ascii: ":"), chars[16] == UInt8(ascii: ":"),
            let year = number(chars, 0, 4), let month = number(chars, 5, 2), let day = number(chars, 8, 2),
            let hour = number(chars, 11, 2), let minute = number(chars, 14, 2), let second = number(chars, 17, 2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour <= 24, minute <= 59,
            second <= 60
        else { return nil }
        var index = 19
        var fraction = 0.0
        if index < chars.count, chars[index] == UInt8(ascii: ".") {
            index += 1
            let start = index
            while index < chars.count, (48...57).contains(chars[index]) { index += 1 }
            guard index > start, let digits = Double("0." + String(decoding: chars[start..<index], as: UTF8.self)) else {
                return nil
            }
            fraction = digits
        }
        guard let offset = zoneOffset(chars, from: index) else { return nil }
        var components = DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second)
        let calendar = gregorian(in: offset.map { TimeZone(secondsFromGMT: $0)! } ?? zone)
        components.calendar = calendar
        guard let date = calendar.date(from: components) else { return nil }
        return date.addingTimeInterval(fraction)
    }

    /// Parses an xs:date (`2026-11-25`, `2026-11-25Z`, `2026-11-25-05:00`) to year/month/day.
    static func parseDate(_ text: String) -> DateComponents? {
        let chars = Array(text.trimmingCharacters(in: .whitespacesAndNewlines).utf8)
        guard chars.count >= 10, chars[4] == UInt8(ascii: "-"), chars[7] == UInt8(ascii: "-"),
            let year = number(chars, 0, 4), let month = number(chars, 5, 2), let day = number(chars, 8, 2),
            (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), zoneOffset(chars, from: 10) != nil
        else { return nil }
        return DateComponents(year: year, month: month, day: day)
    }

    /// `2026-11-25T14:00:00Z`.
    static func format(_ date: Date) -> String {
        let c = gregorian(in: TimeZone(secondsFromGMT: 0)!).dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(
            format: "%04d-%02d-%02dT%02d:%02d:%02dZ", c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    /// An xs:date with the zone's offset on that day, as recurrence ranges are written (`2026-11-25-05:00`, `2026-11-25Z`).
    static func formatDate(_ components: DateComponents, in zone: TimeZone) -> String {
        let calendar = gregorian(in: zone)
        let date = calendar.date(from: DateComponents(year: components.year, month: components.month, day: components.day, hour: 12))
        let offset = date.map { zone.secondsFromGMT(for: $0) } ?? 0
        let base = String(format: "%04d-%02d-%02d", components.year ?? 0, components.month ?? 0, components.day ?? 0)
        if offset == 0 { return base + "Z" }
        let sign = offset < 0 ? "-" : "+"
        return base + sign + String(format: "%02d:%02d", abs(offset) / 3600, abs(offset) % 3600 / 60)
    }

    /// An xs:duration such as `PT1H`, `PT15M`, `P1D`, `P1DT2H30M`.
    static func formatDuration(_ interval: TimeInterval) -> String {
        var seconds = Int(interval.rounded())
        let negative = seconds < 0
        seconds = abs(seconds)
        let days = seconds / 86_400
        let hours = seconds % 86_400 / 3600
        let minutes = seconds % 3600 / 60
        let rest = seconds % 60
        var text = negative ? "-P" : "P"
        if days > 0 { text += "\(days)D" }
        if hours > 0 || minutes > 0 || rest > 0 || days == 0 {
            text += "T"
            if hours > 0 { text += "\(hours)H" }
            if minutes > 0 { text += "\(minutes)M" }
            if rest > 0 || (hours == 0 && minutes == 0) { text += "\(rest)S" }
        }
        return text
    }

    /// A Gregorian calendar fixed to `zone`.
    static func gregorian(in zone: TimeZone) -> Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        return calendar
    }

    /// Days in `month` of `year` (proleptic Gregorian), so `2026-02-30` is refused instead of rolled over.
    private static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: return year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28
        case 4, 6, 9, 11: return 30
        default: return 31
        }
    }

    /// The decimal number in `chars[start ..< start + length]`, nil when any of them is not a digit.
    static func number(_ chars: [UInt8], _ start: Int, _ length: Int) -> Int? {
        guard start + length <= chars.count else { return nil }
        var value = 0
        for char in chars[start..<(start + length)] {
            guard (48...57).contains(char) else { return nil }
            value = value * 10 + Int(char - 48)
        }
        return value
    }

    /// The zone suffix from `index`: nil = malformed, .some(nil) = no zone, .some(seconds) = offset.
    private static func zoneOffset(_ chars: [UInt8], from index: Int) -> Int?? {
        if index == chars.count { return .some(nil) }
        if chars[index] == UInt8(ascii: "Z"), index + 1 == chars.count { return .some(0) }
        guard index + 6 == chars.count, chars[index] == UInt8(ascii: "+") || chars[index] == UInt8(ascii: "-"),
            chars[index + 3] == UInt8(ascii: ":"), let hours = number(chars, index + 1, 2),
            let minutes = number(chars, index + 4, 2), hours <= 14, minutes <= 59
        else { return nil }
        let seconds = hours * 3600 + minutes * 60
        return .some(chars[index] == UInt8(ascii: "-") ? -seconds : seconds)
    }
}
