// OrganizationName: a tenant's display name, validated once for every front-end.
import Foundation

/// 1 to 200 characters after trimming white space.
public struct OrganizationName: Sendable, Equatable {
    public let value: String

    /// - Throws: ``ServiceError/Code/invalidInput`` naming `field`.
    public init(_ raw: String, field: String = "name") throws {
        let trimmed = raw.trimmingCharacters(in: .whitespacesAndNewlines)
        guard (1...200).contains(trimmed.count) else { throw ServiceError.invalidInput(field, "field '\(field)' must be 1 to 200 characters") }
        value = trimmed
    }
}
