// XMLParseError: the typed reasons a document is refused by `XMLTree.parse`.

/// Why `XMLTree.parse` refused a document. Every refusal is one of these; the parser never crashes
/// and never hands out a partially read tree.
public enum XMLParseError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The document is larger than the caller's limit; nothing was parsed.
    case tooLarge(limit: Int, actual: Int)
    /// The document carries a DOCTYPE. DTDs are never processed (no entity expansion, no XXE).
    case doctypeNotAllowed
    /// The document is empty (zero bytes or only whitespace).
    case empty
    /// libxml2 found the document not well-formed; `message` is libxml2's own text.
    case malformed(message: String, line: Int, column: Int)

    /// A stable, machine-readable code for logs and error bodies.
    public var code: String {
        switch self {
        case .tooLarge: return "xml_too_large"
        case .doctypeNotAllowed: return "xml_doctype_not_allowed"
        case .empty: return "xml_empty"
        case .malformed: return "xml_malformed"
        }
    }

    public var description: String {
        switch self {
        case let .tooLarge(limit, actual):
            return "XML document of \(actual) bytes exceeds the limit of \(limit) bytes"
        case .doctypeNotAllowed:
            return "XML document contains a DOCTYPE, which is not allowed"
        case .empty:
            return "XML document is empty"
        case let .malformed(message, line, column):
            return "malformed XML at line \(line), column \(column): \(message)"
        }
    }
}
