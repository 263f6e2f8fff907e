// RoomDirectoryEntry: a room list or a room as the directory lists it (GetRoomLists, GetRooms).
import Foundation

/// A directory entry as GetRoomLists and GetRooms return it.
public struct RoomDirectoryEntry: Sendable, Equatable {
    /// The display name (the address when the server sent none).
    public let name: String
    /// The primary SMTP address.
    public let address: String

    public init(name: String, address: String) {
        self.name = name
        self.address = address
    }
}
