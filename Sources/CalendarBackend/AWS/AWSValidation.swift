// AWSValidation: the limits botocore leaves to the service (max lengths, patterns, enums, ranges), reported the
// way AWS services word a ValidationException.

/// Collects constraint violations of one request, then throws them as one ``AWSError`` (`ValidationException`):
/// `2 validation errors detected: Value 'bad id!' at 'userId' failed to satisfy constraint: Member must satisfy
/// regular expression pattern: [a-zA-Z0-9@_+.-]*; Value null at 'email' failed to satisfy constraint: Member must
/// not be null`. Member paths are lower camel case, as AWS writes them.
struct AWSValidation {
    private(set) var violations: [String] = []

    mutating func required(_ value: (some Any)?, _ member: String) {
        if value == nil { violations.append("Value null at '\(member)' failed to satisfy constraint: Member must not be null") }
    }

    /// Length in UTF-16 code units, as Java counts it (the model's limits are Java's).
    mutating func length(_ value: String?, _ member: String, _ range: ClosedRange<Int>) {
        guard let value, !range.contains(value.utf16.count) else { return }
        let bound = value.utf16.count < range.lowerBound ? "greater than or equal to \(range.lowerBound)" : "less than or equal to \(range.upperBound)"
        violations.append("Value '\(Self.shown(value))' at '\(member)' failed to satisfy constraint: Member must have length \(bound)")
    }

    mutating func count(_ value: [some Any]?, _ member: String, _ range: ClosedRange<Int>) {
        guard let value, !range.contains(value.count) else { return }
        let bound = value.count < range.lowerBound ? "greater than or equal to \(range.lowerBound)" : "less than or equal to \(range.upperBound)"
        violations.append("Value at '\(member)' failed to satisfy constraint: Member must have length \(bound)")
    }

    mutating func pattern(_ value: String?, _ member: String, _ pattern: String, _ matches: (String) -> Bool) {
        guard let value, !matches(value) else { return }
        violations.append("Value '\(Self.shown(value))' at '\(member)' failed to satisfy constraint: Member must satisfy regular expression pattern: \(pattern)")
    }

    mutating func oneOf(_ value: String?, _ member: String, _ allowed: [String]) {
        guard let value, !allowed.contains(value) else { return }
        violations.append("Value '\(Self.shown(value))' at '\(member)' failed to satisfy constraint: Member must satisfy enum value set: [\(allowed.joined(separator: ", "))]")
    }

    mutating func range(_ value: Int?, _ member: String, _ range: ClosedRange<Int>) {
        guard let value, !range.contains(value) else { return }
        let bound = value < range.lowerBound ? "greater than or equal to \(range.lowerBound)" : "less than or equal to \(range.upperBound)"
        violations.append("Value '\(value)' at '\(member)' failed to satisfy constraint: Member must have value \(bound)")
    }

    /// A violation the model does not spell as a constraint (e.g. this service needing an e-mail).
    mutating func fail(_ message: String) { violations.append(message) }

    func check() throws(AWSError) {
        guard !violations.isEmpty else { return }
        let count = violations.count == 1 ? "1 validation error detected" : "\(violations.count) validation errors detected"
        throw .validation("\(count): \(violations.joined(separator: "; "))")
    }

    /// A value as echoed in a message: at most 100 characters, control characters dropped, so a hostile value
    /// cannot flood or forge the message.
    static func shown(_ value: String) -> String {
        let clean = String(value.unicodeScalars.filter { !$0.properties.isNoncharacterCodePoint && $0.value >= 0x20 && $0.value != 0x7F }.map(Character.init))
        return clean.count > 100 ? String(clean.prefix(100)) + "…" : clean
    }
}

/// The character classes of the model's patterns, by hand (no regex engine for a handful of fixed shapes).
enum AWSPatterns {
    static func isASCIIAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    /// `[a-zA-Z0-9@_+.-]*` (CreateUser's UserId).
    static func userID(_ text: String) -> Bool {
        text.utf8.allSatisfy { isASCIIAlphanumeric($0) || "@_+.-".utf8.contains($0) }
    }

    /// `[a-zA-Z0-9][a-zA-Z0-9_-]*` (ClientRequestToken).
    static func clientRequestToken(_ text: String) -> Bool {
        guard let first = text.utf8.first, isASCIIAlphanumeric(first) else { return false }
        return text.utf8.allSatisfy { isASCIIAlphanumeric($0) || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-") }
    }

    /// `([A-Za-z\-' 0-9._]|\p{IsLetter})*` (first and last names).
    static func personName(_ text: String) -> Bool {
        text.allSatisfy { $0.isLetter || ("0"..."9").contains($0) || " -'._".contains($0) }
    }

    /// `^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$` (tag keys and values).
    static func tagText(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let category = scalar.properties.generalCategory
            switch category {
            case .uppercaseLetter, .lowercaseLetter, .titlecaseLetter, .modifierLetter, .otherLetter,
                 .spaceSeparator, .lineSeparator, .paragraphSeparator, .decimalNumber, .letterNumber, .otherNumber:
                return true
            default:
                return "_.:/=+-@".unicodeScalars.contains(scalar)
            }
        }
    }

    /// `arn:[a-z0-9-\.]{1,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[^/].{0,1023}`.
    static func arn(_ text: String) -> Bool {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn" else { return false }
        for (index, part) in parts[1...4].enumerated() {
            guard (index == 0 ? 1 : 0)...63 ~= part.utf8.count,
                  part.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") || $0 == UInt8(ascii: ".") }) else { return false }
        }
        guard let first = parts[5].first, first != "/", parts[5].count <= 1024 else { return false }
        return true
    }

    /// The model's text class `[\u0009\u000A\u000D\u0020-\u007E\u0085\u00A0-\uD7FF\uE000-\uFFFD\u10000-\u10FFFF]*`.
    static func printable(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { scalar in
            let value = scalar.value
            return value == 0x09 || value == 0x0A || value == 0x0D || (0x20...0x7E).contains(value) || value == 0x85 || (0xA0...0xD7FF).contains(value)
                || (0xE000...0xFFFD).contains(value) || (0x10000...0x10FFFF).contains(value)
        }
    }
}
