// EnrollmentStatus: where a user is in joining the organization, with Alexa for Business's names.

/// The Alexa for Business `EnrollmentStatus` values, so the AWS-compatible front-end maps them one to one.
public enum EnrollmentStatus: String, Sendable, Codable, CaseIterable {
    /// Created, never invited (or the invitation was revoked).
    case initialized = "INITIALIZED"
    /// Invited; the latest invitation is not accepted yet.
    case pending = "PENDING"
    /// Joined with an Alexa account.
    case registered = "REGISTERED"
    /// Transient while a user's association is being removed (kept for the AWS API; the REST API removes at once).
    case disassociating = "DISASSOCIATING"
    /// Transient while a user is being deleted (kept for the AWS API; the REST API removes at once).
    case deregistering = "DEREGISTERING"

    /// - Throws: ``ServiceError/Code/invalidInput`` naming `field`.
    public init(parsing raw: String, field: String = "status") throws {
        guard let status = EnrollmentStatus(rawValue: raw) else {
            throw ServiceError.invalidInput(field, "'\(field)' must be one of \(Self.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        self = status
    }

    /// Whether an invitation may be sent: never to a user who already joined or is leaving.
    var acceptsInvitation: Bool { self == .initialized || self == .pending }
}
