// TagStore: key-value tags on an organization's resources (users, rooms, profiles, conference providers).

/// Tags by resource id. Keys are unique per resource; setting an existing key replaces its value.
public protocol TagStore: Sendable {
    /// The resource's tags, by key.
    func tags(organizationID: String, resourceID: String) async throws -> [(key: String, value: String)]
    /// Adds or replaces each tag, in one transaction; throws ``StorageError/conflict(_:)`` and writes nothing when the
    /// resource would end up with more than `limit` tags.
    func setTags(_ tags: [(key: String, value: String)], organizationID: String, resourceID: String, limit: Int) async throws
    /// Removes the tags with these keys (absent ones are ignored).
    func removeTags(keys: [String], organizationID: String, resourceID: String) async throws
    /// Removes all of the resource's tags (the resource was deleted).
    func removeAll(organizationID: String, resourceID: String) async throws
}
