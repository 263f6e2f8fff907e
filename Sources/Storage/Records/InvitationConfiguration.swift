// InvitationConfiguration: what an organization's invitation mails show (Alexa for Business's
// PutInvitationConfiguration), and where it is kept.

/// The organization name and contact address invitation mails show, and the private skills users are offered.
public struct InvitationConfiguration: Sendable, Equatable {
    public var organizationName: String
    public var contactEmail: String?
    public var privateSkillIDs: [String]

    public init(organizationName: String, contactEmail: String?, privateSkillIDs: [String]) {
        self.organizationName = organizationName
        self.contactEmail = contactEmail
        self.privateSkillIDs = privateSkillIDs
    }
}

/// At most one configuration per organization.
public protocol InvitationConfigurationStore: Sendable {
    func configuration(organizationID: String) async throws -> InvitationConfiguration?
    /// Stores or replaces the configuration.
    func save(_ configuration: InvitationConfiguration, organizationID: String) async throws
}
