// IdempotencyStore: ClientRequestToken claims, so a retried create gets the resource the first attempt made.
import Foundation

/// A create's idempotency token, claimed for the id the resource gets.
public struct IdempotencyClaim: Sendable, Equatable {
    public let organizationID: String
    /// The operation, e.g. `CreateUser`: the same token may be used once per operation.
    public let operation: String
    public let token: String
    /// SHA-256 (hex) of the operation's input without the token.
    public let inputHash: String
    public let resourceID: String
    public let createdAt: Date

    public init(organizationID: String, operation: String, token: String, inputHash: String, resourceID: String, createdAt: Date) {
        self.organizationID = organizationID
        self.operation = operation
        self.token = token
        self.inputHash = inputHash
        self.resourceID = resourceID
        self.createdAt = createdAt
    }
}

/// Where tokens are claimed.
public protocol IdempotencyStore: Sendable {
    /// Stores `claim` unless its (organization, operation, token) is claimed already; returns the claim that holds
    /// the token afterwards: `claim` itself, or the earlier one.
    func claim(_ claim: IdempotencyClaim) async throws -> IdempotencyClaim
    /// Removes the claim when it still names `resourceID` (a create that failed for a reason a retry would meet again).
    func release(organizationID: String, operation: String, token: String, resourceID: String) async throws
}
