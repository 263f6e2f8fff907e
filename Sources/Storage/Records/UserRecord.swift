// UserRecord: an enrolled (or invited, or just created) user of an organization, as stored.
import Foundation

/// A user and, when read back, what the listing shows with it: the pending invitation's expiry and the calendar link.
public struct UserRecord: Sendable, Equatable {
    public let id: String
    public let organizationID: String
    /// As the admin typed it; the store keeps it unique per organization ignoring case.
    public let email: String
    public let firstName: String?
    public let lastName: String?
    /// An IANA name, or nil for the organization's.
    public let timeZone: String?
    public let enrollmentID: String
    /// The UserId an AWS API client gave CreateUser; nil for users made through REST v1 (their UserId is the e-mail).
    public let externalID: String?
    /// One of INITIALIZED, PENDING, REGISTERED, DISASSOCIATING, DEREGISTERING.
    public var enrollmentStatus: String
    public var alexaUserID: String?
    public let createdAt: Date
    public var registeredAt: Date?
    /// Read only: when the pending invitation expires (nil when none is pending). Ignored on create.
    public var invitationExpiresAt: Date?
    /// Read only: the user's calendar link. Ignored on create.
    public var calendarLink: CalendarLinkRecord?

    public init(id: String, organizationID: String, email: String, firstName: String?, lastName: String?, timeZone: String?,
                enrollmentID: String, enrollmentStatus: String, alexaUserID: String? = nil, createdAt: Date, registeredAt: Date? = nil,
                invitationExpiresAt: Date? = nil, calendarLink: CalendarLinkRecord? = nil, externalID: String? = nil) {
        self.externalID = externalID
        self.id = id
        self.organizationID = organizationID
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.timeZone = timeZone
        self.enrollmentID = enrollmentID
        self.enrollmentStatus = enrollmentStatus
        self.alexaUserID = alexaUserID
        self.createdAt = createdAt
        self.registeredAt = registeredAt
        self.invitationExpiresAt = invitationExpiresAt
        self.calendarLink = calendarLink
    }
}
