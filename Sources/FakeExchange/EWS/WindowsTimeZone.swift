// WindowsTimeZone: the Windows time zone ids the fake knows, mapped to IANA zones (CLDR windowsZones).
import Foundation

/// A Windows time zone id (what EWS speaks) with its IANA zone (what Foundation computes with) and
/// the display name Exchange shows.
struct WindowsTimeZone: Sendable, Equatable {
    var id: String
    var iana: String
    var displayName: String

    /// The Foundation zone; every entry in `all` resolves (a test checks it).
    var timeZone: TimeZone { TimeZone(identifier: iana) ?? TimeZone(secondsFromGMT: 0)! }

    static let utc = WindowsTimeZone(id: "UTC", iana: "Etc/UTC", displayName: "(UTC) Coordinated Universal Time")

    /// The zone with Windows id `id` (case-insensitive), or nil.
    static func windows(_ id: String) -> WindowsTimeZone? {
        all.first { $0.id.caseInsensitiveCompare(id) == .orderedSame }
    }

    /// The Windows zone for a Foundation zone: an exact IANA match, a known alias, else the first zone
    /// with the same UTC offsets in January and July, else UTC.
    static func forZone(_ zone: TimeZone) -> WindowsTimeZone { matching(zone) ?? utc }

    /// The Windows zone for a Foundation zone: an exact IANA match, a known alias, else the first zone
    /// with the same UTC offsets in January and July; nil when none has them.
    static func matching(_ zone: TimeZone) -> WindowsTimeZone? {
        let identifier = aliases[zone.identifier] ?? zone.identifier
        if let exact = all.first(where: { $0.iana == identifier }) { return exact }
        let january = Date(timeIntervalSince1970: 1_767_225_600)  // 2026-01-01
        let july = Date(timeIntervalSince1970: 1_782_864_000)  // 2026-07-01
        return all.first {
            $0.timeZone.secondsFromGMT(for: january) == zone.secondsFromGMT(for: january)
                && $0.timeZone.secondsFromGMT(for: july) == zone.secondsFromGMT(for: july)
        }
    }

    private static let aliases = [
        "UTC": "Etc/UTC", "GMT": "Etc/UTC", "Etc/GMT": "Etc/UTC", "Asia/Kolkata": "Asia/Calcutta",
        "Europe/Kyiv": "Europe/Kiev", "Asia/Kathmandu": "Asia/Katmandu", "America/Argentina/Buenos_Aires": "America/Buenos_Aires",
        "US/Eastern": "America/New_York", "US/Central": "America/Chicago", "US/Mountain": "America/Denver",
        "US/Pacific": "America/Los_Angeles",
    ]

    static let all: [WindowsTimeZone] = [
        WindowsTimeZone(id: "Dateline Standard Time", iana: "Etc/GMT+12", displayName: "(UTC-12:00) International Date Line West"),
        WindowsTimeZone(id: "Hawaiian Standard Time", iana: "Pacific/Honolulu", displayName: "(UTC-10:00) Hawaii"),
        WindowsTimeZone(id: "Alaskan Standard Time", iana: "America/Anchorage", displayName: "(UTC-09:00) Alaska"),
        WindowsTimeZone(id: "Pacific Standard Time", iana: "America/Los_Angeles", displayName: "(UTC-08:00) Pacific Time (US & Canada)"),
        WindowsTimeZone(id: "US Mountain Standard Time", iana: "America/Phoenix", displayName: "(UTC-07:00) Arizona"),
        WindowsTimeZone(id: "Mountain Standard Time", iana: "America/Denver", displayName: "(UTC-07:00) Mountain Time (US & Canada)"),
        WindowsTimeZone(id: "Central Standard Time", iana: "America/Chicago", displayName: "(UTC-06:00) Central Time (US & Canada)"),
        WindowsTimeZone(id: "Central Standard Time (Mexico)", iana: "America/Mexico_City", displayName: "(UTC-06:00) Guadalajara, Mexico City, Monterrey"),
        WindowsTimeZone(id: "Canada Central Standard Time", iana: "America/Regina", displayName: "(UTC-06:00) Saskatchewan"),
        WindowsTimeZone(id: "SA Pacific Standard Time", iana: "America/Bogota", displayName: "(UTC-05:00) Bogota, Lima, Quito, Rio Branco"),
        WindowsTimeZone(id: "Eastern Standard Time", iana: "America/New_York", displayName: "(UTC-05:00) Eastern Time (US & Canada)"),
        WindowsTimeZone(id: "Atlantic Standard Time", iana: "America/Halifax", displayName: "(UTC-04:00) Atlantic Time (Canada)"),
        WindowsTimeZone(id: "Newfoundland Standard Time", iana: "America/St_Johns", displayName: "(UTC-03:30) Newfoundland"),
        WindowsTimeZone(id: "E. South America Standard Time", iana: "America/Sao_Paulo", displayName: "(UTC-03:00) Brasilia"),
        WindowsTimeZone(id: "Argentina Standard Time", iana: "America/Buenos_Aires", displayName: "(UTC-03:00) City of Buenos Aires"),
        WindowsTimeZone(id: "UTC", iana: "Etc/UTC", displayName: "(UTC) Coordinated Universal Time"),
        WindowsTimeZone(id: "GMT Standard Time", iana: "Europe/London", displayName: "(UTC+00:00) Dublin, Edinburgh, Lisbon, London"),
        WindowsTimeZone(id: "Greenwich Standard Time", iana: "Atlantic/Reykjavik", displayName: "(UTC+00:00) Monrovia, Reykjavik"),
        WindowsTimeZone(id: "W. Europe Standard Time", iana: "Europe/Berlin", displayName: "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna"),
        WindowsTimeZone(id: "Central Europe Standard Time", iana: "Europe/Budapest", displayName: "(UTC+01:00) Belgrade, Bratislava, Budapest, Ljubljana, Prague"),
        WindowsTimeZone(id: "Romance Standard Time", iana: "Europe/Paris", displayName: "(UTC+01:00) Brussels, Copenhagen, Madrid, Paris"),
        WindowsTimeZone(id: "Central European Standard Time", iana: "Europe/Warsaw", displayName: "(UTC+01:00) Sarajevo, Skopje, Warsaw, Zagreb"),
        WindowsTimeZone(id: "W. Central Africa Standard Time", iana: "Africa/Lagos", displayName: "(UTC+01:00) West Central Africa"),
        WindowsTimeZone(id: "GTB Standard Time", iana: "Europe/Bucharest", displayName: "(UTC+02:00) Athens, Bucharest"),
        WindowsTimeZone(id: "Egypt Standard Time", iana: "Africa/Cairo", displayName: "(UTC+02:00) Cairo"),
        WindowsTimeZone(id: "South Africa Standard Time", iana: "Africa/Johannesburg", displayName: "(UTC+02:00) Harare, Pretoria"),
        WindowsTimeZone(id: "FLE Standard Time", iana: "Europe/Kiev", displayName: "(UTC+02:00) Helsinki, Kyiv, Riga, Sofia, Tallinn, Vilnius"),
        WindowsTimeZone(id: "Israel Standard Time", iana: "Asia/Jerusalem", displayName: "(UTC+02:00) Jerusalem"),
        WindowsTimeZone(id: "Arab Standard Time", iana: "Asia/Riyadh", displayName: "(UTC+03:00) Kuwait, Riyadh"),
        WindowsTimeZone(id: "Russian Standard Time", iana: "Europe/Moscow", displayName: "(UTC+03:00) Moscow, St. Petersburg"),
        WindowsTimeZone(id: "E. Africa Standard Time", iana: "Africa/Nairobi", displayName: "(UTC+03:00) Nairobi"),
        WindowsTimeZone(id: "Arabian Standard Time", iana: "Asia/Dubai", displayName: "(UTC+04:00) Abu Dhabi, Muscat"),
        WindowsTimeZone(id: "Pakistan Standard Time", iana: "Asia/Karachi", displayName: "(UTC+05:00) Islamabad, Karachi"),
        WindowsTimeZone(id: "India Standard Time", iana: "Asia/Calcutta", displayName: "(UTC+05:30) Chennai, Kolkata, Mumbai, New Delhi"),
        WindowsTimeZone(id: "Nepal Standard Time", iana: "Asia/Katmandu", displayName: "(UTC+05:45) Kathmandu"),
        WindowsTimeZone(id: "Bangladesh Standard Time", iana: "Asia/Dhaka", displayName: "(UTC+06:00) Dhaka"),
        WindowsTimeZone(id: "SE Asia Standard Time", iana: "Asia/Bangkok", displayName: "(UTC+07:00) Bangkok, Hanoi, Jakarta"),
        WindowsTimeZone(id: "China Standard Time", iana: "Asia/Shanghai", displayName: "(UTC+08:00) Beijing, Chongqing, Hong Kong, Urumqi"),
        WindowsTimeZone(id: "Singapore Standard Time", iana: "Asia/Singapore", displayName: "(UTC+08:00) Kuala Lumpur, Singapore"),
        WindowsTimeZone(id: "Taipei Standard Time", iana: "Asia/Taipei", displayName: "(UTC+08:00) Taipei"),
        WindowsTimeZone(id: "Tokyo Standard Time", iana: "Asia/Tokyo", displayName: "(UTC+09:00) Osaka, Sapporo, Tokyo"),
        WindowsTimeZone(id: "Korea Standard Time", iana: "Asia/Seoul", displayName: "(UTC+09:00) Seoul"),
        WindowsTimeZone(id: "Cen. Australia Standard Time", iana: "Australia/Adelaide", displayName: "(UTC+09:30) Adelaide"),
        WindowsTimeZone(id: "E. Australia Standard Time", iana: "Australia/Brisbane", displayName: "(UTC+10:00) Brisbane"),
        WindowsTimeZone(id: "AUS Eastern Standard Time", iana: "Australia/Sydney", displayName: "(UTC+10:00) Canberra, Melbourne, Sydney"),
        WindowsTimeZone(id: "New Zealand Standard Time", iana: "Pacific/Auckland", displayName: "(UTC+12:00) Auckland, Wellington"),
    ]
}
