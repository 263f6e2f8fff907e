// XMLEscaping: escaping of text and attribute values, and removal of characters XML 1.0 forbids.

/// Escaping rules for building XML as strings. Output is always well-formed XML 1.0:
/// `& < > " '` become entity references, and characters XML 1.0 forbids (C0 controls other than
/// tab, LF and CR; U+FFFE; U+FFFF) are dropped.
public enum XMLEscaping {
    /// Escapes character data. CR is written as `&#13;` so it survives parsing.
    public static func text(_ value: String) -> String {
        escape(value, inAttribute: false)
    }

    /// Escapes an attribute value. Tab, LF and CR are written as character references so that
    /// attribute-value normalisation does not turn them into spaces.
    public static func attribute(_ value: String) -> String {
        escape(value, inAttribute: true)
    }

    /// True when XML 1.0 allows `scalar` in a document.
    public static func isAllowed(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x9, 0xA, 0xD: return true
        case 0x20...0xD7FF: return true
        case 0xE000...0xFFFD: return true
        case 0x10000...0x10FFFF: return true
        default: return false
        }
    }

    /// Removes the characters XML 1.0 forbids, leaving everything else untouched.
    public static func stripIllegal(_ value: String) -> String {
        if value.unicodeScalars.allSatisfy(isAllowed) { return value }
        var scalars = String.UnicodeScalarView()
        scalars.append(contentsOf: value.unicodeScalars.filter(isAllowed))
        return String(scalars)
    }

    private static func escape(_ value: String, inAttribute: Bool) -> String {
        var out = ""
        out.reserveCapacity(value.utf8.count)
        for scalar in value.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            case "\r": out += "&#13;"
            case "\n" where inAttribute: out += "&#10;"
            case "\t" where inAttribute: out += "&#9;"
            default:
                if isAllowed(scalar) { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }
}
