// TagService: key-value tags on an organization's resources, for the AWS API's TagResource, UntagResource, ListTags
// and the Tags of its creates.
import Storage

/// Tags by resource id; the caller has checked that the resource exists. At most ``limit`` tags per resource.
public struct TagService: Sendable {
    public static let limit = 50
    let store: any TagStore

    public init(store: any TagStore) {
        self.store = store
    }

    public func tags(organizationID: String, resourceID: String) async throws -> [(key: String, value: String)] {
        try await store.tags(organizationID: organizationID, resourceID: resourceID)
    }

    /// Adds or replaces tags (the last value of a key given twice wins).
    ///
    /// - Throws: ``ServiceError/Code/limitExceeded`` when the resource would have more than ``limit``.
    public func tag(organizationID: String, resourceID: String, _ tags: [(key: String, value: String)]) async throws {
        guard !tags.isEmpty else { return }
        do {
            try await store.setTags(tags, organizationID: organizationID, resourceID: resourceID, limit: Self.limit)
        } catch StorageError.conflict {
            throw ServiceError(.limitExceeded, "a resource has at most \(Self.limit) tags")
        }
    }

    public func untag(organizationID: String, resourceID: String, keys: [String]) async throws {
        try await store.removeTags(keys: keys, organizationID: organizationID, resourceID: resourceID)
    }

    public func removeAll(organizationID: String, resourceID: String) async throws {
        try await store.removeAll(organizationID: organizationID, resourceID: resourceID)
    }
}
