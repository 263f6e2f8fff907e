// SQLValue: one value as SQLite binds and stores it, one case per storage class.

/// A value bound to a statement parameter or read from a result column.
///
/// Values reach SQL only as bindings (`?` parameters), never spliced into the SQL text, so no value can change
/// what a statement does. The literal conformances let bindings read naturally: `["org-1", 42, nil]`.
public enum SQLValue: Sendable, Hashable {
    case null
    case integer(Int64)
    case real(Double)
    /// UTF-8 text; may hold any Unicode, quotes and all, since it is bound rather than written into SQL.
    case text(String)
    /// Raw bytes, stored exactly, including zero bytes; an empty array stays an empty blob, never NULL.
    case blob([UInt8])

    /// The SQLite storage class name (`NULL`, `INTEGER`, `REAL`, `TEXT`, `BLOB`), for error messages.
    public var storageClass: String {
        switch self {
        case .null: "NULL"
        case .integer: "INTEGER"
        case .real: "REAL"
        case .text: "TEXT"
        case .blob: "BLOB"
        }
    }
}

extension SQLValue: ExpressibleByNilLiteral {
    public init(nilLiteral: ()) { self = .null }
}

extension SQLValue: ExpressibleByIntegerLiteral {
    public init(integerLiteral value: Int64) { self = .integer(value) }
}

extension SQLValue: ExpressibleByFloatLiteral {
    public init(floatLiteral value: Double) { self = .real(value) }
}

extension SQLValue: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) { self = .text(value) }
}

extension SQLValue: ExpressibleByBooleanLiteral {
    /// Booleans are stored as the integers 1 and 0, as both SQLite and PostgreSQL `INTEGER` columns accept.
    public init(booleanLiteral value: Bool) { self = .integer(value ? 1 : 0) }
}
