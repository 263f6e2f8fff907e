// The room directory: GetRoomLists and GetRooms, how a room mailbox is told from a person's.
import Foundation
import XMLSupport

extension EWSClient {
    /// Every room list of the organization (GetRoomLists), in the server's order; empty when the
    /// organization has none (Exchange creates none by default). Runs as the service account; retried
    /// once when throttled.
    public func roomLists(timeout: Duration) async throws(EWSError) -> [RoomDirectoryEntry] {
        let request = SOAPRequest(operation: "GetRoomLists", access: .serviceAccount) { body in
            body.element("m:GetRoomLists")
        }
        return try Self.roomLists(from: try await call(request, access: .serviceAccount, timeout: timeout, idempotent: true))
    }

    /// The rooms of the room list `address` (GetRooms), in the server's order. A mailbox is a room when
    /// some room list holds it.
    /// ErrorNameResolutionNoResults for an address that is no room list maps to the EWSError case the
    /// client already uses for "name not resolved": `nameNotResolved`.
    public func rooms(inList address: String, timeout: Duration) async throws(EWSError) -> [RoomDirectoryEntry] {
        let request = SOAPRequest(operation: "GetRooms", access: .serviceAccount) { body in
            body.element("m:GetRooms") { rooms in
                rooms.element("m:RoomList") { $0.element("t:EmailAddress", text: address) }
            }
        }
        return try Self.rooms(from: try await call(request, access: .serviceAccount, timeout: timeout, idempotent: true))
    }

    /// The `m:RoomLists/t:Address` entries of a GetRoomLists answer (no `m:RoomLists`: none), or the
    /// message's typed error.
    static func roomLists(from response: SOAPResponse) throws(EWSError) -> [RoomDirectoryEntry] {
        let message = try response.onlyMessage()
        return (message.child("RoomLists")?.children(EWSNamespace.types, "Address") ?? []).compactMap(entry)
    }

    /// The `m:Rooms/t:Room/t:Id` entries of a GetRooms answer (no `m:Rooms`: none), or the message's
    /// typed error (`nameNotResolved` for an address that is no room list).
    static func rooms(from response: SOAPResponse) throws(EWSError) -> [RoomDirectoryEntry] {
        let message = try response.onlyMessage()
        return (message.child("Rooms")?.children(EWSNamespace.types, "Room") ?? [])
            .compactMap { $0.firstChild(EWSNamespace.types, "Id") }
            .compactMap(entry)
    }

    /// An `EmailAddressType` element as an entry; nil without an address.
    private static func entry(_ element: XMLElementView) -> RoomDirectoryEntry? {
        guard let address = element.firstChild(EWSNamespace.types, "EmailAddress")?.trimmedText, !address.isEmpty else {
            return nil
        }
        let name = element.firstChild(EWSNamespace.types, "Name")?.trimmedText ?? ""
        return RoomDirectoryEntry(name: name.isEmpty ? address : name, address: address)
    }
}
