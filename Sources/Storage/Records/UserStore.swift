// UserStore: where users, their invitations and calendar links are kept (SQL stays behind it).
import Foundation

/// What a user listing may be narrowed to.
public struct UserFilter: Sendable, Equatable {
    public var enrollmentStatus: String?
    /// Compared ignoring case.
    public var email: String?

    public init(enrollmentStatus: String? = nil, email: String? = nil) {
        self.enrollmentStatus = enrollmentStatus
        self.email = email
    }
}

/// What ``UserStore/create(_:)``'s ``StorageError/conflict(_:)`` says was taken.
public enum UserConflict {
    public static let email = "the organization already has a user with this e-mail"
    public static let externalID = "the organization already has a user with this UserId"
}

/// A field users are searched and sorted by (the AWS API's SearchUsers keys).
public enum UserSearchField: String, Sendable, CaseIterable {
    /// CreateUser's UserId, or the e-mail for users made through REST v1.
    case userID = "UserId"
    case firstName = "FirstName"
    case lastName = "LastName"
    /// Compared ignoring case.
    case email = "Email"
    case enrollmentStatus = "EnrollmentStatus"
}

/// A search of users (the AWS API's SearchUsers).
public typealias UserSearch = Search<UserSearchField>

/// What ``UserStore/accept(tokenHash:alexaUserID:at:)`` did.
public enum InvitationAcceptance: Sendable, Equatable {
    case accepted
    /// The invitation was accepted, revoked or replaced meanwhile (or its user is no longer PENDING).
    case notPending
    /// Another user, of this or another organization, is registered with this Alexa id.
    case alexaUserIDTaken
}

/// Users of organizations with their invitations and calendar links. Writes that depend on a user's enrollment
/// status compare and swap on it: they throw ``StorageError/conflict(_:)`` and change nothing when the stored
/// status is not the expected one (another request changed it first).
public protocol UserStore: Sendable {
    /// - Throws: ``StorageError/conflict(_:)`` with ``UserConflict/email`` when the organization already has a user
    ///   with this e-mail (ignoring case), or ``UserConflict/externalID`` with this external id;
    ///   ``StorageError/constraintViolation(message:sql:)`` when the organization does not exist.
    func create(_ user: UserRecord) async throws
    /// The user, with its pending invitation's expiry and its calendar link; nil when the organization has no such user.
    func user(id: String, organizationID: String) async throws -> UserRecord?
    /// The user who joined with this Alexa account (`amzn1.ask.account.…`), in whichever organization.
    func user(alexaUserID: String) async throws -> UserRecord?
    /// The organization's users matching `filter`, ordered by id, with an id above `cursor` when given, at most `limit`.
    func users(organizationID: String, filter: UserFilter, after cursor: String?, limit: Int) async throws -> [UserRecord]
    /// The user of this enrollment id, if any.
    func user(enrollmentID: String, organizationID: String) async throws -> UserRecord?
    /// One page of the search, and how many users match in all.
    func search(organizationID: String, _ search: UserSearch) async throws -> (users: [UserRecord], total: Int)
    /// Deletes the user with its invitations, calendar link and tags; false when there was none.
    func delete(id: String, organizationID: String) async throws -> Bool

    /// In one transaction: marks the user's pending invitation replaced, stores `invitation` (pending), sets the
    /// user PENDING, and appends `mail` to the outbox. Returns the message as stored.
    func issueInvitation(_ invitation: InvitationRecord, expectedStatus: String, mail: OutboxMessage) async throws -> OutboxMessage
    /// Marks the user's pending invitation revoked and sets the user INITIALIZED; false when none was pending.
    func revokeInvitation(userID: String, organizationID: String, at: Date) async throws -> Bool
    /// The invitation with this token hash and its user; nil when unknown (or its user was deleted).
    func invitation(tokenHash: String) async throws -> (invitation: InvitationRecord, user: UserRecord)?
    /// In one transaction: marks the pending, unexpired (at `at`) invitation accepted and registers its user (PENDING → REGISTERED) as
    /// `alexaUserID`. Nothing is written unless the outcome is ``InvitationAcceptance/accepted``.
    func accept(tokenHash: String, alexaUserID: String, at: Date) async throws -> InvitationAcceptance

    /// Stores (or replaces) the user's calendar link; false when the user no longer exists.
    func saveCalendarLink(_ link: CalendarLinkRecord) async throws -> Bool
    /// Deletes the user's calendar link; false when there was none.
    func deleteCalendarLink(userID: String, organizationID: String) async throws -> Bool
}
