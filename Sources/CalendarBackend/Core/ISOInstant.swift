// ISOInstant: an instant as clients send it (ISO 8601 with a zone), validated once for every front-end.
import Foundation

enum ISOInstant {
    /// `2027-02-01T00:00:00Z` or with an offset. The stores hold the years 0000-9999, so anything outside them is the
    /// client's mistake (a 400), not a failed write (a 500).
    ///
    /// - Throws: ``ServiceError/Code/invalidInput`` naming `field`.
    static func parse(_ text: String, field: String) throws -> Date {
        guard let date = ISO8601DateFormatter().date(from: text),
              (-62_167_219_200...253_402_300_799).contains(date.timeIntervalSince1970.rounded(.down)) else {
            throw ServiceError.invalidInput(field, "field '\(field)' must be an ISO 8601 time such as 2027-02-01T00:00:00Z")
        }
        return date
    }
}
