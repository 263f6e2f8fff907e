// OutboxStore: the e-mails the service sends, kept until delivered or cleared (SQL stays behind it).

/// The outbox. Changes that send mail write it in their own transaction (see ``UserStore/issueInvitation(_:expectedStatus:mail:)``);
/// this protocol reads and clears it.
public protocol OutboxStore: Sendable {
    /// Appends a message on its own; returns it with its id. A message whose `messageID` is already in the outbox is
    /// not added again: the one there is returned (a delivery repeated after a crash).
    func enqueue(_ message: OutboxMessage) async throws -> OutboxMessage
    /// The organization's messages with an id above `cursor` (all when nil), oldest first, at most `limit`.
    func messages(organizationID: String, after cursor: Int64?, limit: Int) async throws -> [OutboxMessage]
    /// Deletes every message of the organization; returns how many.
    @discardableResult
    func clear(organizationID: String) async throws -> Int
}
