// OutboxService: reading and clearing the e-mails an organization's changes sent.
import Foundation
import Storage

/// The organization's outbox: every e-mail the service sent on its behalf (invitations, expiry notices), oldest
/// first. While no SMTP relay is configured the messages are kept here, HELD, and this is where to read them.
public struct OutboxService: Sendable {
    let outbox: any OutboxStore

    public init(outbox: any OutboxStore) {
        self.outbox = outbox
    }

    /// - Throws: ``ServiceError/Code/invalidInput`` naming `cursor` when it is not a message id.
    public func list(organizationID: String, _ page: PageRequest) async throws -> Page<OutboxMessageView> {
        var cursor: Int64?
        if let text = page.cursor {
            guard let id = Int64(text), id >= 0 else { throw ServiceError.invalidInput("cursor", "query parameter 'cursor' must be a nextCursor this listing returned") }
            cursor = id
        }
        let rows = try await outbox.messages(organizationID: organizationID, after: cursor, limit: page.limit + 1)
        let items = rows.prefix(page.limit).map(OutboxMessageView.init)
        return Page(items: Array(items), nextCursor: rows.count > page.limit ? items.last.map { String($0.id) } : nil)
    }

    public func clear(organizationID: String) async throws {
        try await outbox.clear(organizationID: organizationID)
    }
}

/// An e-mail as the API lists it.
public struct OutboxMessageView: Encodable, Sendable, Equatable {
    public let id: Int64
    public let to: String
    public let subject: String
    /// Plain text.
    public let body: String
    public let createdAt: Date
    public let deliveryState: String

    init(_ message: OutboxMessage) {
        id = message.id
        to = message.recipient
        subject = message.subject
        body = message.body
        createdAt = message.createdAt
        deliveryState = message.deliveryState
    }
}
