// RoomList: a room list distribution group of the directory (what GetRoomLists and GetRooms serve).

/// A room list: a distribution group whose members are room mailboxes. A mailbox is a room for EWS
/// clients exactly when some room list holds it.
public struct RoomList: Sendable, Equatable {
    /// The list's primary SMTP address, as GetRoomLists returns it and GetRooms takes it.
    public var smtp: String
    public var displayName: String
    /// The members' keys (lower-cased primary SMTP addresses), in fixture order; every one is a mailbox
    /// of kind `.room`.
    public var rooms: [String]

    /// The lower-cased address; room lists are compared case-insensitively.
    public var key: String { smtp.lowercased() }
}
