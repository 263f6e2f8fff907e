// xs:dateTime as EWS writes it (UTC `Z`, offsets, optional fractions) to and from `Date`.
import Foundation
import Glibc
import TextSupport

/// Parses and formats EWS date-times without a formatter object (thread-safe, allocation-light).
enum EWSDateTime {
    /// `2026-11-25T14:00:00Z`, `2026-11-25T15:00:00+01:00`, `2013-09-19T14:37:10.732-07:00`;
    /// a value without a zone is read as UTC. Nil for anything else.
    static func parse(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count >= 19, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 116,
              bytes[13] == 58, bytes[16] == 58 else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                let byte = bytes[index]
                guard byte >= 48 && byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10),
              let hour = number(11..<13), let minute = number(14..<16), let second = number(17..<19),
              (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 61 else { return nil }
        var index = 19
        var fraction = 0.0
        if index < bytes.count && bytes[index] == 46 {
            index += 1
            var scale = 0.1
            let start = index
            while index < bytes.count, bytes[index] >= 48 && bytes[index] <= 57 {
                fraction += Double(bytes[index] - 48) * scale
                scale /= 10
                index += 1
            }
            if index == start { return nil }
        }
        var offset = 0
        if index < bytes.count {
            let sign = bytes[index]
            if (sign == 90 || sign == 122) && index + 1 == bytes.count {
                // Z
            } else if (sign == 43 || sign == 45) && index + 6 == bytes.count && bytes[index + 3] == 58 {  // ±HH:MM
                guard let hours = number((index + 1)..<(index + 3)), let minutes = number((index + 4)..<(index + 6)) else { return nil }
                offset = (hours * 3600 + minutes * 60) * (sign == 45 ? -1 : 1)
            } else {
                return nil
            }
        }
        let days = CivilDays.days(year: year, month: month, day: day)
        let seconds = Double(days * 86_400 + hour * 3600 + minute * 60 + second - offset) + fraction
        return Date(timeIntervalSince1970: seconds)
    }

    /// `2026-11-25T14:00:00Z` (whole seconds, UTC).
    static func format(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        return String(Int(parts.tm_year) + 1900, zeroPaddedTo: 4) + "-" + String(Int(parts.tm_mon) + 1, zeroPaddedTo: 2) + "-"
            + String(Int(parts.tm_mday), zeroPaddedTo: 2) + "T" + String(Int(parts.tm_hour), zeroPaddedTo: 2) + ":"
            + String(Int(parts.tm_min), zeroPaddedTo: 2) + ":" + String(Int(parts.tm_sec), zeroPaddedTo: 2) + "Z"
    }
}
