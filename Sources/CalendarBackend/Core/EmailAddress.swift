// EmailAddress: an e-mail address as Alexa for Business accepts one, validated once for every front-end.
import Foundation
import TextSupport

/// At most 128 characters matching Alexa for Business's pattern `\w[+-.\w]*@\w[\w\.\-]+\.[0-9a-zA-Z]{2,24}`
/// (ASCII word characters), except that the local part may not hold a comma. Kept as typed; ``key`` is the lower-cased form addresses are compared by.
public struct EmailAddress: Sendable, Equatable {
    public let value: String

    /// - Throws: ``ServiceError/Code/invalidInput`` naming `field`.
    public init(_ raw: String, field: String = "email") throws {
        let trimmed = raw.trimmingWhitespace()
        guard trimmed.utf8.count <= 128, Self.matches(Array(trimmed.utf8)) else {
            throw ServiceError.invalidInput(field, "field '\(field)' must be an e-mail address such as alice@contoso.com (at most 128 characters)")
        }
        value = trimmed
    }

    /// Lower case: the form uniqueness and Exchange's primary address are compared in.
    public var key: String { value.lowercased() }

    /// The pattern by hand (no regex engine needed for one fixed shape): local part, `@`, a domain whose last
    /// label is 2 to 24 letters or digits.
    static func matches(_ bytes: [UInt8]) -> Bool {
        func isWord(_ byte: UInt8) -> Bool {
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x5F
        }
        guard let at = bytes.firstIndex(of: UInt8(ascii: "@")) else { return false }
        let local = bytes[..<at], domain = bytes[(at + 1)...]
        // Local part: a word character, then word characters or + - . (A4B's class [+-.] also spans the comma; it is
        // left out here, since a comma would split the address in a To: header).
        guard let first = local.first, isWord(first),
              local.dropFirst().allSatisfy({ isWord($0) || $0 == UInt8(ascii: "+") || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else { return false }
        // Domain: a word character, then word characters, dots or hyphens, ending in .<2 to 24 alphanumerics>.
        guard let head = domain.first, isWord(head), let dot = domain.lastIndex(of: UInt8(ascii: ".")), dot > domain.startIndex + 1 else { return false }
        let middle = domain[(domain.startIndex + 1)..<dot], tld = domain[(dot + 1)...]
        guard middle.allSatisfy({ isWord($0) || $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "-") }),
              (2...24).contains(tld.count), tld.allSatisfy({ isWord($0) && $0 != 0x5F }) else { return false }
        return true
    }
}
