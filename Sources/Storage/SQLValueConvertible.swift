// SQLValueConvertible: the Swift types a column can be read as and a binding can be made from.

/// A Swift type with a lossless mapping to and from ``SQLValue``.
///
/// Conversions are strict: a `TEXT` column never reads as a number and an `INTEGER` never reads as text, so a
/// schema mistake surfaces as ``StorageError/typeMismatch(column:expected:actual:)`` instead of a silent guess.
/// The one widening allowed is `INTEGER` read as `Double`. `NULL` reads only as an `Optional`.
public protocol SQLValueConvertible {
    /// The value to bind for `self`.
    var sqlValue: SQLValue { get }
    /// Creates the Swift value for `sqlValue`, or returns nil when the storage class does not fit this type.
    init?(sqlValue: SQLValue)
}

extension SQLValue: SQLValueConvertible {
    public var sqlValue: SQLValue { self }
    public init?(sqlValue: SQLValue) { self = sqlValue }
}

extension String: SQLValueConvertible {
    public var sqlValue: SQLValue { .text(self) }
    public init?(sqlValue: SQLValue) {
        guard case .text(let text) = sqlValue else { return nil }
        self = text
    }
}

extension Int64: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(self) }
    public init?(sqlValue: SQLValue) {
        guard case .integer(let integer) = sqlValue else { return nil }
        self = integer
    }
}

extension Int: SQLValueConvertible {
    public var sqlValue: SQLValue { .integer(Int64(self)) }
    public init?(sqlValue: SQLValue) {
        guard case .integer(let integer) = sqlValue, let exact = Int(exactly: integer) else { return nil }
        self = exact
    }
}

extension Double: SQLValueConvertible {
    public var sqlValue: SQLValue { .real(self) }
    public init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .real(let real): self = real
        // SQLite stores a REAL column's whole numbers as INTEGER when it can; reading them back must still work.
        case .integer(let integer): self = Double(integer)
        default: return nil
        }
    }
}

extension Bool: SQLValueConvertible {
    /// Stored as 1 or 0; reading accepts only those two integers.
    public var sqlValue: SQLValue { .integer(self ? 1 : 0) }
    public init?(sqlValue: SQLValue) {
        switch sqlValue {
        case .integer(1): self = true
        case .integer(0): self = false
        default: return nil
        }
    }
}

extension Array: SQLValueConvertible where Element == UInt8 {
    public var sqlValue: SQLValue { .blob(self) }
    public init?(sqlValue: SQLValue) {
        guard case .blob(let bytes) = sqlValue else { return nil }
        self = bytes
    }
}

extension Optional: SQLValueConvertible where Wrapped: SQLValueConvertible {
    /// `nil` binds as `NULL`.
    public var sqlValue: SQLValue { self?.sqlValue ?? .null }
    /// `NULL` reads as `nil`; any other value must convert to `Wrapped`.
    public init?(sqlValue: SQLValue) {
        if case .null = sqlValue {
            self = .none
        } else if let wrapped = Wrapped(sqlValue: sqlValue) {
            self = .some(wrapped)
        } else {
            return nil
        }
    }
}
