// EnrollmentService: users of an organization, their invitations, and joining with an Alexa account.
import Foundation
import Storage

/// Creates, lists and removes users, sends invitations and accepts them. The enrollment state machine lives here:
/// INITIALIZED → PENDING (invited; a new invitation replaces the previous one) → REGISTERED (accepted); revoking
/// goes back to INITIALIZED. Invitation tokens are 256 random bits, returned once and kept as SHA-256; every invitation
/// e-mail is written to the outbox in the same transaction as the invitation, its body showing the token elided and its
/// link sealed under the service's key, so that no live token rests in the database or shows in a listing.
public struct EnrollmentService: Sendable {
    /// How long an invitation works (Alexa for Business: 30 days, or until the next one).
    public static let invitationLifetime: TimeInterval = 30 * 86_400

    let users: any UserStore
    let organizations: any OrganizationStore
    let clock: any WallClock
    let ids: any IdentifierSource
    /// Seals the invitation link an outbox mail keeps.
    let secrets: SecretBox
    /// The link a user opens, for a token (the deployment's public URL + `/v1/invitations/<token>`).
    let invitationURL: @Sendable (String) -> String
    /// What invitation mails show instead of the organization's own name (PutInvitationConfiguration); nil: none kept.
    let invitationConfigurations: (any InvitationConfigurationStore)?

    public init(users: any UserStore, organizations: any OrganizationStore, secrets: SecretBox, clock: any WallClock = SystemClock(),
                ids: any IdentifierSource = RandomIdentifiers(), invitationConfigurations: (any InvitationConfigurationStore)? = nil,
                invitationURL: @escaping @Sendable (String) -> String) {
        self.secrets = secrets
        self.invitationConfigurations = invitationConfigurations
        self.users = users
        self.organizations = organizations
        self.clock = clock
        self.ids = ids
        self.invitationURL = invitationURL
    }

    /// - Parameters:
    ///   - externalID: the AWS API's UserId (already validated), nil for REST v1.
    ///   - id: the id to give the user (an idempotent create's claimed id); nil: a new one.
    /// - Throws: ``ServiceError/Code/conflict`` when the organization has a user with this e-mail (ignoring case) or
    ///   this external id.
    public func create(organizationID: String, _ new: NewUser, externalID: String? = nil, id: String? = nil) async throws -> UserView {
        let organization = try await organization(organizationID)
        let record = UserRecord(
            id: id ?? newUserID(), organizationID: organizationID, email: new.email.value, firstName: new.firstName.value,
            lastName: new.lastName.value, timeZone: new.timeZone?.value, enrollmentID: ids.identifier(prefix: "enr"),
            enrollmentStatus: EnrollmentStatus.initialized.rawValue, createdAt: clock.now().roundedToSeconds, externalID: externalID)
        do {
            try await users.create(record)
        } catch StorageError.conflict(let what) where what == UserConflict.externalID {
            throw ServiceError(.conflict, "organization \(organizationID) already has a user with the UserId \(externalID ?? "")", field: "userId")
        } catch StorageError.conflict {
            throw ServiceError(.conflict, "organization \(organizationID) already has a user with the e-mail \(new.email.value)", field: "email")
        }
        return UserView(record, organizationTimeZone: organization.timeZone)
    }

    /// An id for a user about to be created (so an idempotent create can claim it first).
    public func newUserID() -> String { ids.identifier(prefix: "usr") }

    /// Whether the organization has this user.
    public func exists(organizationID: String, id: String) async throws -> Bool {
        try await users.user(id: id, organizationID: organizationID) != nil
    }

    /// - Throws: ``ServiceError/Code/notFound``.
    public func user(organizationID: String, enrollmentID: String) async throws -> UserView {
        let organization = try await organization(organizationID)
        guard let record = try await users.user(enrollmentID: enrollmentID, organizationID: organizationID) else {
            throw ServiceError.notFound("no enrollment \(enrollmentID)")
        }
        return UserView(record, organizationTimeZone: organization.timeZone)
    }

    /// One page of a search and the number of users it matches in all.
    public func search(organizationID: String, _ search: UserSearch) async throws -> (users: [UserView], total: Int) {
        let organization = try await organization(organizationID)
        let (rows, total) = try await users.search(organizationID: organizationID, search)
        return (rows.map { UserView($0, organizationTimeZone: organization.timeZone) }, total)
    }

    /// - Throws: ``ServiceError/Code/notFound`` when none was put.
    public func invitationConfiguration(organizationID: String) async throws -> InvitationConfiguration {
        _ = try await organization(organizationID)
        guard let configuration = try await invitationConfigurations?.configuration(organizationID: organizationID) else {
            throw ServiceError.notFound("organization \(organizationID) has no invitation configuration; PutInvitationConfiguration sets one")
        }
        return configuration
    }

    /// Sets what later invitation mails show: `organizationName` instead of the organization's name, and the contact address.
    public func putInvitationConfiguration(organizationID: String, _ configuration: InvitationConfiguration) async throws {
        _ = try await organization(organizationID)
        guard let invitationConfigurations else { throw ServiceError(.forbidden, "this deployment keeps no invitation configuration") }
        try await invitationConfigurations.save(configuration, organizationID: organizationID)
    }

    /// - Throws: ``ServiceError/Code/notFound``.
    public func user(organizationID: String, id: String) async throws -> UserView {
        let organization = try await organization(organizationID)
        return UserView(try await record(organizationID: organizationID, id: id), organizationTimeZone: organization.timeZone)
    }

    public func list(organizationID: String, status: EnrollmentStatus?, email: String?, _ page: PageRequest) async throws -> Page<UserView> {
        let organization = try await organization(organizationID)
        // One extra row tells whether another page exists.
        let rows = try await users.users(organizationID: organizationID,
                                         filter: UserFilter(enrollmentStatus: status?.rawValue, email: email),
                                         after: page.cursor, limit: page.limit + 1)
        let items = rows.prefix(page.limit).map { UserView($0, organizationTimeZone: organization.timeZone) }
        return Page(items: Array(items), nextCursor: rows.count > page.limit ? items.last?.id : nil)
    }

    /// Removes the user with its invitations (their links stop working) and its calendar link.
    ///
    /// - Throws: ``ServiceError/Code/notFound``.
    public func delete(organizationID: String, id: String) async throws {
        guard try await users.delete(id: id, organizationID: organizationID) else { throw Self.noUser(id) }
    }

    /// Sends an invitation: a new token valid for 30 days, replacing any earlier one, and its e-mail in the outbox.
    ///
    /// - Throws: ``ServiceError/Code/notFound``; ``ServiceError/Code/invalidUserStatus`` for a user who joined
    ///   already; ``ServiceError/Code/conflict`` when another request changed the user meanwhile.
    public func invite(organizationID: String, userID: String) async throws -> IssuedInvitation {
        let organization = try await organization(organizationID)
        let user = try await record(organizationID: organizationID, id: userID)
        let status = EnrollmentStatus(rawValue: user.enrollmentStatus)
        guard status?.acceptsInvitation == true else {
            throw ServiceError(.invalidUserStatus, "user \(userID) is \(user.enrollmentStatus); only INITIALIZED or PENDING users can be invited")
        }
        let now = clock.now().roundedToSeconds
        let token = ids.secret(prefix: InvitationToken.prefix)
        let invitation = InvitationRecord(tokenHash: InvitationToken.hash(token), userID: userID, organizationID: organizationID,
                                          createdAt: now, expiresAt: now.addingTimeInterval(Self.invitationLifetime))
        let url = invitationURL(token)
        let configured = try await invitationConfigurations?.configuration(organizationID: organizationID)
        // The mail at rest shows the token elided; the link itself is sealed beside it.
        let mail = InvitationMail(organizationName: configured?.organizationName ?? organization.name, email: user.email, firstName: user.firstName,
                                  url: invitationURL(InvitationToken.elided), expiresAt: invitation.expiresAt, contactEmail: configured?.contactEmail)
        let sealedLink = try secrets.seal(Array(url.utf8), associatedData: InvitationToken.sealingContext(organizationID: organizationID))
        let stored: OutboxMessage
        do {
            stored = try await users.issueInvitation(invitation, expectedStatus: user.enrollmentStatus, mail: OutboxMessage(
                organizationID: organizationID, recipient: user.email, subject: mail.subject, body: mail.body, createdAt: now,
                deliveryState: OutboxMessage.held, sealedLink: sealedLink))
        } catch StorageError.conflict {
            throw ServiceError(.conflict, "user \(userID) changed while the invitation was being sent; read it and retry")
        }
        return IssuedInvitation(userId: userID, enrollmentStatus: EnrollmentStatus.pending.rawValue, token: token, url: url,
                                expiresAt: invitation.expiresAt, outboxMessageId: stored.id)
    }

    /// Revokes the pending invitation; the user goes back to INITIALIZED.
    ///
    /// - Throws: ``ServiceError/Code/notFound`` when the user does not exist or has no pending invitation.
    public func revokeInvitation(organizationID: String, userID: String) async throws {
        guard try await users.revokeInvitation(userID: userID, organizationID: organizationID, at: clock.now().roundedToSeconds) else {
            _ = try await record(organizationID: organizationID, id: userID)
            throw ServiceError.notFound("user \(userID) has no pending invitation")
        }
    }

    /// What a working invitation link invites to.
    ///
    /// - Throws: ``ServiceError/Code/notFound`` for a token that never existed (or whose user was removed);
    ///   ``ServiceError/Code/gone`` for one that expired, was replaced, revoked or accepted.
    public func invitation(token: String) async throws -> InvitationDetails {
        let (invitation, user) = try await usableInvitation(token)
        let organization = try await organization(invitation.organizationID)
        return InvitationDetails(organizationId: organization.id, organizationName: organization.name, email: user.email,
                                 firstName: user.firstName, lastName: user.lastName, expiresAt: invitation.expiresAt)
    }

    /// Joins the user to the organization as the Alexa account `alexaUserID` (REGISTERED). The token works once.
    ///
    /// - Throws: as ``invitation(token:)``; ``ServiceError/Code/invalidInput`` for an Alexa user id that is not
    ///   `amzn1.…`; ``ServiceError/Code/conflict`` when another user of the organization joined with that account.
    public func accept(token: String, alexaUserID raw: String?) async throws -> UserView {
        let alexaUserID = try Self.alexaUserID(raw)
        let (invitation, user) = try await usableInvitation(token)
        switch try await users.accept(tokenHash: invitation.tokenHash, alexaUserID: alexaUserID, at: clock.now().roundedToSeconds) {
        case .accepted:
            return try await self.user(organizationID: user.organizationID, id: user.id)
        case .alexaUserIDTaken:
            throw ServiceError(.conflict, "this Alexa account has already joined an organization", field: "alexaUserId")
        case .notPending:
            // Another request used, revoked or replaced it since we read it, or it expired meanwhile: report what it is now.
            _ = try await usableInvitation(token)
            throw Self.gone("ALREADY_ACCEPTED", "This invitation was already accepted; each invitation link works once.")
        }
    }

    // MARK: - Reading what the use cases act on

    /// The pending, unexpired invitation behind `token`, with its user.
    func usableInvitation(_ token: String) async throws -> (InvitationRecord, UserRecord) {
        guard InvitationToken.isWellFormed(token), let (invitation, user) = try await users.invitation(tokenHash: InvitationToken.hash(token)) else {
            throw ServiceError.notFound("this invitation link is not valid; ask your administrator for a new invitation")
        }
        switch invitation.state {
        case InvitationRecord.pending:
            guard clock.now() < invitation.expiresAt else {
                throw Self.gone("EXPIRED", "This invitation expired at \(invitation.expiresAt.formatted(.iso8601)); ask your administrator to send a new one.")
            }
            return (invitation, user)
        case InvitationRecord.replaced:
            throw Self.gone("REPLACED", "A newer invitation replaced this one; use the link in the latest invitation e-mail.")
        case InvitationRecord.revoked:
            throw Self.gone("REVOKED", "The administrator revoked this invitation; ask them for a new one.")
        default:
            throw Self.gone("ALREADY_ACCEPTED", "This invitation was already accepted; each invitation link works once.")
        }
    }

    func organization(_ id: String) async throws -> Organization {
        guard let organization = try await organizations.organization(id: id) else { throw OrganizationService.notFound(id) }
        return organization
    }

    func record(organizationID: String, id: String) async throws -> UserRecord {
        guard let record = try await users.user(id: id, organizationID: organizationID) else { throw Self.noUser(id) }
        return record
    }

    static func noUser(_ id: String) -> ServiceError { .notFound("no user \(id)") }

    static func gone(_ reason: String, _ message: String) -> ServiceError { ServiceError(.gone, message, reason: reason) }

    /// An Alexa account id as the Alexa Skills Kit sends it (`context.System.user.userId`): `amzn1.` and up to 512
    /// visible ASCII characters.
    static func alexaUserID(_ raw: String?) throws -> String {
        guard let raw else { throw ServiceError.invalidInput("alexaUserId", "missing required field 'alexaUserId'") }
        guard raw.hasPrefix("amzn1."), raw.utf8.count <= 512, raw.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ServiceError.invalidInput("alexaUserId", "field 'alexaUserId' must be an Alexa user id such as amzn1.ask.account.XYZ")
        }
        return raw
    }
}
