// SQLRow+UTCTimestamp: reading and binding times in their stored text form, for the repositories.
import Foundation

extension SQLRow {
    /// The time stored in `column` as `yyyy-MM-ddTHH:mm:ssZ`.
    ///
    /// - Throws: ``StorageError/typeMismatch(column:expected:actual:)`` when the column is NULL, not text, or
    ///   text in another form (the value itself is not quoted in the message).
    func timestamp(_ column: String) throws -> Date {
        guard let date = try optionalTimestamp(column) else {
            throw StorageError.typeMismatch(column: column, expected: Self.timestampForm, actual: "NULL")
        }
        return date
    }

    /// The time stored in `column`, or nil when it is NULL.
    func optionalTimestamp(_ column: String) throws -> Date? {
        guard let text: String = try get(column) else { return nil }
        guard let date = UTCTimestamp.date(from: text) else {
            throw StorageError.typeMismatch(column: column, expected: Self.timestampForm, actual: "TEXT in another form")
        }
        return date
    }

    private static let timestampForm = "a UTC time yyyy-MM-ddTHH:mm:ssZ"
}

extension SQLValue {
    /// `date` as a binding in the stored text form; `field` names it in the error.
    ///
    /// - Throws: ``StorageError/invalidRecord(_:)`` for a date outside the years 0000–9999.
    static func timestamp(_ date: Date, field: String) throws -> SQLValue {
        guard let text = UTCTimestamp.string(from: date) else {
            throw StorageError.invalidRecord("\(field) is outside the years 0000-9999 that the database can store")
        }
        return .text(text)
    }

    /// The same for an optional date; nil binds as NULL.
    static func timestamp(_ date: Date?, field: String) throws -> SQLValue {
        guard let date else { return .null }
        return try timestamp(date, field: field)
    }
}
