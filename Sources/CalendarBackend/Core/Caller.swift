// Who is calling the API: the deployment's admin, or one organization through one of its API keys.

public enum Caller: Sendable, Equatable {
    case admin
    case organization(id: String, keyID: String)

    /// For audit rows: `admin` or `apiKey:<keyId>` (never the key itself).
    public var auditName: String {
        switch self {
        case .admin: return "admin"
        case .organization(_, let keyID): return "apiKey:\(keyID)"
        }
    }
}
