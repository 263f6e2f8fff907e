// AWSModel: facts of the alexaforbusiness 2017-11-09 model (botocore 1.34.120) the front-end answers by.

enum AWSModel {
    /// All 93 operations of the model: one this service does not offer gets UnsupportedOperationException, a name
    /// outside this list UnknownOperationException.
    static let operations: Set<String> = [
        "ApproveSkill", "AssociateContactWithAddressBook", "AssociateDeviceWithNetworkProfile", "AssociateDeviceWithRoom",
        "AssociateSkillGroupWithRoom", "AssociateSkillWithSkillGroup", "AssociateSkillWithUsers", "CreateAddressBook",
        "CreateBusinessReportSchedule", "CreateConferenceProvider", "CreateContact", "CreateGatewayGroup",
        "CreateNetworkProfile", "CreateProfile", "CreateRoom", "CreateSkillGroup", "CreateUser", "DeleteAddressBook",
        "DeleteBusinessReportSchedule", "DeleteConferenceProvider", "DeleteContact", "DeleteDevice", "DeleteDeviceUsageData",
        "DeleteGatewayGroup", "DeleteNetworkProfile", "DeleteProfile", "DeleteRoom", "DeleteRoomSkillParameter",
        "DeleteSkillAuthorization", "DeleteSkillGroup", "DeleteUser", "DisassociateContactFromAddressBook",
        "DisassociateDeviceFromRoom", "DisassociateSkillFromSkillGroup", "DisassociateSkillFromUsers",
        "DisassociateSkillGroupFromRoom", "ForgetSmartHomeAppliances", "GetAddressBook", "GetConferencePreference",
        "GetConferenceProvider", "GetContact", "GetDevice", "GetGateway", "GetGatewayGroup", "GetInvitationConfiguration",
        "GetNetworkProfile", "GetProfile", "GetRoom", "GetRoomSkillParameter", "GetSkillGroup", "ListBusinessReportSchedules",
        "ListConferenceProviders", "ListDeviceEvents", "ListGatewayGroups", "ListGateways", "ListSkills",
        "ListSkillsStoreCategories", "ListSkillsStoreSkillsByCategory", "ListSmartHomeAppliances", "ListTags",
        "PutConferencePreference", "PutInvitationConfiguration", "PutRoomSkillParameter", "PutSkillAuthorization",
        "RegisterAVSDevice", "RejectSkill", "ResolveRoom", "RevokeInvitation", "SearchAddressBooks", "SearchContacts",
        "SearchDevices", "SearchNetworkProfiles", "SearchProfiles", "SearchRooms", "SearchSkillGroups", "SearchUsers",
        "SendAnnouncement", "SendInvitation", "StartDeviceSync", "StartSmartHomeApplianceDiscovery", "TagResource",
        "UntagResource", "UpdateAddressBook", "UpdateBusinessReportSchedule", "UpdateConferenceProvider", "UpdateContact",
        "UpdateDevice", "UpdateGateway", "UpdateGatewayGroup", "UpdateNetworkProfile", "UpdateProfile", "UpdateRoom",
        "UpdateSkillGroup"
    ]
}
