// PersonName: a user's first or last name as Alexa for Business accepts one.

/// 0 to 30 characters: letters (any script), digits, space, `-`, `'`, `.`, `_`. Empty means none.
public struct PersonName: Sendable, Equatable {
    public let value: String?

    /// - Throws: ``ServiceError/Code/invalidInput`` naming `field`.
    public init(_ raw: String?, field: String) throws {
        guard let raw, !raw.isEmpty else {
            value = nil
            return
        }
        guard raw.count <= 30, raw.allSatisfy({ $0.isLetter || ("0"..."9").contains($0) || " -'._".contains($0) }) else {
            throw ServiceError.invalidInput(field, "field '\(field)' must be at most 30 letters, digits, spaces or - ' . _")
        }
        value = raw
    }
}
