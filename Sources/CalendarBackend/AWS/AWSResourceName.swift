// AWSResourceName: the ARNs of an organization's users, rooms, profiles and conference providers.
import Storage

/// `arn:aws:a4b:<region>:<account>:<kind>/<id>`. The account is derived from the organization (12 digits of
/// the SHA-256 of its id), so every ARN names its organization and an ARN of another one is unknown here.
struct AWSResourceName: Sendable, Equatable {
    enum Kind: String, Sendable, CaseIterable {
        case user
        case enrollment
        case room
        case profile
        case conferenceProvider = "conference-provider"
    }

    let region: String
    let account: String
    let kind: Kind
    let id: String

    var text: String { "arn:aws:a4b:\(region):\(account):\(kind.rawValue)/\(id)" }

    /// The 12-digit account id of an organization.
    static func account(organizationID: String) -> String {
        let hex = sha256Hex(Array(organizationID.utf8))
        let value = UInt64(hex.prefix(15), radix: 16)! % 1_000_000_000_000
        let digits = String(value)
        return String(repeating: "0", count: 12 - digits.count) + digits
    }

    /// The ARN when it is one of `caller`'s organization with one of `kinds`, else nil (any region is accepted).
    static func parse(_ text: String, caller: AWSCaller, kinds: Set<Kind>) -> AWSResourceName? {
        let parts = text.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[1] == "aws", parts[2] == "a4b", parts[4] == caller.account else { return nil }
        let resource = parts[5].split(separator: "/", maxSplits: 1, omittingEmptySubsequences: false)
        guard resource.count == 2, let kind = Kind(rawValue: String(resource[0])), kinds.contains(kind), !resource[1].isEmpty else { return nil }
        return AWSResourceName(region: String(parts[3]), account: String(parts[4]), kind: kind, id: String(resource[1]))
    }
}
