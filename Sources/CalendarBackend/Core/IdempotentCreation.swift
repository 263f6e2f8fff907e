// IdempotentCreation: a create that runs once per idempotency token, so a client's retry gets the same resource.
import Foundation
import Storage

/// Runs creates under a client's token (the AWS API's `ClientRequestToken`): the same token with the same input
/// answers the resource the first call made; with other input, ``ServiceError/Code/requestTokenReused``.
///
/// How: the token is claimed first, for the id the resource will get; then the resource is created with that id.
/// A retry finds the claim and, when the resource is missing (the first attempt crashed in between, or a twin is
/// still creating it), creates it with the claimed id, which at most one attempt can do. A create that fails for
/// the input's sake (say, a name in use) releases the claim, so a retry meets the same error.
public struct IdempotentCreation: Sendable {
    let store: any IdempotencyStore
    let clock: any WallClock

    public init(store: any IdempotencyStore, clock: any WallClock = SystemClock()) {
        self.store = store
        self.clock = clock
    }

    /// - Parameters:
    ///   - token: nil runs `create` once with `newID`, as any create.
    ///   - input: a canonical form of the input without the token (same input, same bytes).
    ///   - exists: whether a resource with this id exists.
    ///   - create: creates the resource with the id given; throws ``ServiceError`` for the input's faults.
    /// - Returns: the id of the resource.
    public func run(organizationID: String, operation: String, token: String?, input: String, newID: String,
                    exists: (String) async throws -> Bool, create: (String) async throws -> Void) async throws -> String {
        guard let token else {
            try await create(newID)
            return newID
        }
        let wanted = IdempotencyClaim(organizationID: organizationID, operation: operation, token: token, inputHash: sha256Hex(Array(input.utf8)),
                                      resourceID: newID, createdAt: clock.now().roundedToSeconds)
        let held = try await store.claim(wanted)
        guard held.inputHash == wanted.inputHash else {
            throw ServiceError(.requestTokenReused, "the ClientRequestToken \(token) was used before for a \(operation) with other parameters")
        }
        if held.resourceID != newID, try await exists(held.resourceID) { return held.resourceID }
        do {
            try await create(held.resourceID)
        } catch {
            // A concurrent twin under the same token may have created it a moment ago.
            if try await exists(held.resourceID) { return held.resourceID }
            if held.resourceID == newID {
                try? await store.release(organizationID: organizationID, operation: operation, token: token, resourceID: newID)
            }
            throw error
        }
        return held.resourceID
    }
}
