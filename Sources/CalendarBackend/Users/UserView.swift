// UserView: a user as every front-end shows it, with its effective time zone and calendar link.
import Foundation
import Storage

/// A user as the API shows it. `timeZone` is the user's own or, when it has none, the organization's.
public struct UserView: Encodable, Sendable, Equatable {
    public let id: String
    public let email: String
    public let firstName: String?
    public let lastName: String?
    public let timeZone: String
    public let enrollmentStatus: String
    public let enrollmentId: String
    public let alexaUserId: String?
    public let createdAt: Date
    public let registeredAt: Date?
    /// While PENDING: when the latest invitation stops working.
    public let invitationExpiresAt: Date?
    public let calendar: CalendarLinkView?

    init(_ record: UserRecord, organizationTimeZone: String) {
        id = record.id
        email = record.email
        firstName = record.firstName
        lastName = record.lastName
        timeZone = record.timeZone ?? organizationTimeZone
        enrollmentStatus = record.enrollmentStatus
        enrollmentId = record.enrollmentID
        alexaUserId = record.alexaUserID
        createdAt = record.createdAt
        registeredAt = record.registeredAt
        invitationExpiresAt = record.invitationExpiresAt
        calendar = record.calendarLink.map(CalendarLinkView.init)
    }
}

/// A user's linked calendar.
public struct CalendarLinkView: Encodable, Sendable, Equatable {
    public let status: String
    /// The mailbox's primary SMTP address.
    public let mailbox: String
    public let linkedAt: Date

    init(_ record: CalendarLinkRecord) {
        status = "LINKED"
        mailbox = record.mailbox
        linkedAt = record.linkedAt
    }
}
