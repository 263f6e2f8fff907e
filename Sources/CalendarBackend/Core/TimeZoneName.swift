// TimeZoneName: an IANA time zone name (America/New_York), validated once for every front-end.
import Foundation

/// A name from the IANA time zone database that this system's tz data knows: `UTC`, `Europe/Berlin`,
/// `America/Argentina/Buenos_Aires`. Offsets (`GMT+5`, `+02:00`) and lower-case spellings are refused.
public struct TimeZoneName: Sendable, Equatable {
    public static let utc = TimeZoneName(checked: "UTC")
    public let value: String

    /// - Throws: ``ServiceError/Code/invalidInput`` naming `field`.
    public init(_ raw: String, field: String = "timeZone") throws {
        guard Self.isIANAName(raw) else {
            throw ServiceError.invalidInput(field, "field '\(field)' must be an IANA time zone name such as America/New_York or UTC, not '\(raw.prefix(64))'")
        }
        value = raw
    }

    private init(checked: String) { value = checked }

    public var timeZone: TimeZone { TimeZone(identifier: value) ?? TimeZone(secondsFromGMT: 0)! }

    static func isIANAName(_ name: String) -> Bool {
        guard (1...64).contains(name.utf8.count),
              name.utf8.allSatisfy({ $0 < 0x80 && (Character(Unicode.Scalar($0)).isLetter || Character(Unicode.Scalar($0)).isNumber || "/_-+".utf8.contains($0)) }),
              !name.hasPrefix("/"), !name.hasSuffix("/"), !name.contains("//") else { return false }
        if name == "UTC" { return true }
        // Foundation also accepts offsets it makes up ("GMT+5" becomes "GMT+0500"); an IANA name comes back unchanged.
        // On Linux it also knows ICU's own legacy ids, which no IANA release has: the three-letter ones ("BST" is
        // Asia/Dhaka, "IST" Asia/Kolkata, "CST" America/Chicago) and SystemV/*.
        guard !name.hasPrefix("GMT+"), !name.hasPrefix("GMT-"), !icuOnlyNames.contains(name), !name.hasPrefix("SystemV/"),
              let zone = TimeZone(identifier: name) else { return false }
        return zone.identifier == name
    }

    /// ICU's three-letter ids (from Java's JDK 1.1); EST, MST and HST are IANA names too and stay accepted.
    private static let icuOnlyNames: Set<String> = [
        "ACT", "AET", "AGT", "ART", "AST", "BET", "BST", "CAT", "CNT", "CST", "CTT", "EAT", "ECT", "IET", "IST", "JST", "MIT",
        "NET", "NST", "PLT", "PNT", "PRT", "PST", "SST", "VST",
    ]
}
