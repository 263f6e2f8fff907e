// PageRequest: which page of a listing to return, validated once for every front-end.

/// A cursor (the last id of the previous page, nil for the first) and a page size of 1 to 200 (default 50).
public struct PageRequest: Sendable, Equatable {
    public static let defaultLimit = 50
    public let cursor: String?
    public let limit: Int

    /// - Throws: ``ServiceError/Code/invalidInput`` naming `limitField` when `limit` is outside 1...200.
    public init(cursor: String?, limit: Int?, limitField: String = "limit") throws {
        let limit = limit ?? Self.defaultLimit
        guard (1...200).contains(limit) else {
            throw ServiceError.invalidInput(limitField, "query parameter '\(limitField)' must be 1 to 200")
        }
        self.cursor = cursor.flatMap { $0.isEmpty ? nil : $0 }
        self.limit = limit
    }
}
