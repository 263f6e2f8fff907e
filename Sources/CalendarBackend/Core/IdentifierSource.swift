// IdentifierSource: where use cases get ids and secrets, so tests can make them predictable.

/// New identifiers and secrets. Both must be unguessable in production: ids are capabilities in URLs, and secrets
/// are credentials.
public protocol IdentifierSource: Sendable {
    /// `<prefix>_` and 16 random bytes in hex: `org_3f9a…`.
    func identifier(prefix: String) -> String
    /// `<prefix>` and 32 random bytes in hex: an API key `a4b_…`.
    func secret(prefix: String) -> String
}
