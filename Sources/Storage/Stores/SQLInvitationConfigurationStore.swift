// SQLInvitationConfigurationStore: invitation configurations in the `invitation_configurations` table.

/// ``InvitationConfigurationStore`` on a migrated ``SQLDatabase`` (SQLite or PostgreSQL, through `0008_aws_api.sql`).
public final class SQLInvitationConfigurationStore: InvitationConfigurationStore {
    private let database: any SQLDatabase

    public init(database: any SQLDatabase) {
        self.database = database
    }

    public func configuration(organizationID: String) async throws -> InvitationConfiguration? {
        try await database.read { database in
            try database.query("SELECT organization_name, contact_email, private_skill_ids FROM invitation_configurations WHERE organization_id = ?",
                               [.text(organizationID)]).first.map { row in
                let skills: String = try row.get("private_skill_ids")
                return InvitationConfiguration(organizationName: try row.get("organization_name"), contactEmail: try row.get("contact_email"),
                                               privateSkillIDs: skills.split(separator: " ").map(String.init))
            }
        }
    }

    public func save(_ configuration: InvitationConfiguration, organizationID: String) async throws {
        _ = try await database.perform { database in
            try database.execute(
                """
                INSERT INTO invitation_configurations (organization_id, organization_name, contact_email, private_skill_ids) VALUES (?, ?, ?, ?)
                ON CONFLICT (organization_id) DO UPDATE SET organization_name = excluded.organization_name,
                    contact_email = excluded.contact_email, private_skill_ids = excluded.private_skill_ids
                """, [.text(organizationID), .text(configuration.organizationName), configuration.contactEmail.sqlValue,
                      .text(configuration.privateSkillIDs.joined(separator: " "))])
        }
    }
}
