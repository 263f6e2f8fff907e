// OrganizationName: a tenant's display name, validated once for every front-end.
import Foundation
import TextSupport

/// 1 to 200 characters after trimming white space, with no control characters (the name goes into e-mail subjects).
public struct OrganizationName: Sendable, Equatable {
    public let value: String

    /// - Throws: ``ServiceError/Code/invalidInput`` naming `field`.
    public init(_ raw: String, field: String = "name") throws {
        let trimmed = raw.trimmingWhitespaceAndNewlines()
        guard (1...200).contains(trimmed.count) else { throw ServiceError.invalidInput(field, "field '\(field)' must be 1 to 200 characters") }
        guard !trimmed.unicodeScalars.contains(where: { $0.properties.generalCategory == .control }) else {
            throw ServiceError.invalidInput(field, "field '\(field)' must not hold control characters such as line breaks")
        }
        value = trimmed
    }
}
