// MailboxKind: whether a directory entry is a person's mailbox or a room.

/// The kind of a mailbox; impersonation scope `userMailboxes` admits only `.user`.
public enum MailboxKind: String, Sendable, Codable {
    case user
    case room
}
