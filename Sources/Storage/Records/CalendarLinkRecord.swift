// CalendarLinkRecord: a user's linked Exchange mailbox, as stored.
import Foundation

/// The mailbox (primary SMTP address, as Exchange resolved it) a user's calendar is read from.
public struct CalendarLinkRecord: Sendable, Equatable {
    public let userID: String
    public let organizationID: String
    public let mailbox: String
    public let linkedAt: Date

    public init(userID: String, organizationID: String, mailbox: String, linkedAt: Date) {
        self.userID = userID
        self.organizationID = organizationID
        self.mailbox = mailbox
        self.linkedAt = linkedAt
    }
}
