// Trimming: whitespace off both ends of a string, as Foundation's trimmingCharacters(in:) does for its whitespace
// sets, without bridging to NSString (which cost about 5% of a voice request's CPU: XML text, headers, speech).

extension StringProtocol {
    /// Without the leading and trailing characters of Foundation's `.whitespacesAndNewlines`: Unicode space
    /// separators (Zs), tab, U+200B, U+000A–U+000D, U+0085, U+2028 and U+2029.
    public func trimmingWhitespaceAndNewlines() -> String { trimming(newlines: true) }

    /// Without the leading and trailing characters of Foundation's `.whitespaces`: Unicode space separators (Zs),
    /// tab and U+200B; line breaks stay.
    public func trimmingWhitespace() -> String { trimming(newlines: false) }

    private func trimming(newlines: Bool) -> String {
        let scalars = unicodeScalars
        let isTrimmed = { (scalar: Unicode.Scalar) in Trimmed.contains(scalar, newlines: newlines) }
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }) else { return "" }
        let last = scalars.lastIndex(where: { !isTrimmed($0) })!
        // Common case: nothing to trim, no copy of the scalars.
        if first == scalars.startIndex && scalars.index(after: last) == scalars.endIndex { return String(self) }
        return String(String.UnicodeScalarView(scalars[first...last]))
    }
}

private enum Trimmed {
    static func contains(_ scalar: Unicode.Scalar, newlines: Bool) -> Bool {
        switch scalar.value {
        // U+200B ZERO WIDTH SPACE is not Zs, but Foundation's sets hold it (CoreFoundation's old definition).
        case 0x20, 0x09, 0x200B: return true
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: return newlines
        case 0..<0x80: return false
        default: return scalar.properties.generalCategory == .spaceSeparator
        }
    }
}
