// SQLRow: one result row of a query, readable by column name or position.

/// One row returned by ``SQLiteDatabase/query(_:_:)``: the statement's column names and this row's values.
///
/// Typed reads go through `get(_:as:)`, which throws rather than guessing when the column is
/// missing or holds another storage class:
/// ```swift
/// let name: String = try row.get("name")
/// let revokedAt: String? = try row.get("revoked_at")   // NULL reads as nil
/// ```
public struct SQLRow: Sendable, Hashable {
    /// Column names as the statement reports them (the `AS` alias when there is one), in select order.
    public let columnNames: [String]
    /// This row's values, in the same order as ``columnNames``.
    public let values: [SQLValue]

    public init(columnNames: [String], values: [SQLValue]) {
        precondition(columnNames.count == values.count, "a row needs one value per column")
        self.columnNames = columnNames
        self.values = values
    }

    /// The value of the first column named exactly `column`, or nil when the row has no such column.
    public subscript(_ column: String) -> SQLValue? {
        columnNames.firstIndex(of: column).map { values[$0] }
    }

    /// The value of the first column named exactly `column`, converted to `T`.
    ///
    /// - Throws: ``StorageError/noSuchColumn(_:)`` when the row has no such column;
    ///   ``StorageError/typeMismatch(column:expected:actual:)`` when the value does not convert (`NULL` into a
    ///   non-optional type included).
    public func get<T: SQLValueConvertible>(_ column: String, as type: T.Type = T.self) throws -> T {
        guard let index = columnNames.firstIndex(of: column) else {
            throw StorageError.noSuchColumn("\(column) (the row has: \(columnNames.joined(separator: ", ")))")
        }
        return try convert(values[index], column: column)
    }

    /// The value at zero-based position `index`, converted to `T`.
    ///
    /// - Throws: ``StorageError/noSuchColumn(_:)`` when `index` is out of range;
    ///   ``StorageError/typeMismatch(column:expected:actual:)`` when the value does not convert.
    public func get<T: SQLValueConvertible>(_ index: Int, as type: T.Type = T.self) throws -> T {
        guard values.indices.contains(index) else {
            throw StorageError.noSuchColumn("#\(index) (the row has \(values.count) columns)")
        }
        return try convert(values[index], column: columnNames[index])
    }

    private func convert<T: SQLValueConvertible>(_ value: SQLValue, column: String) throws -> T {
        guard let converted = T(sqlValue: value) else {
            throw StorageError.typeMismatch(column: column, expected: "\(T.self)", actual: value.storageClass)
        }
        return converted
    }
}
