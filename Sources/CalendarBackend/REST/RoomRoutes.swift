// RoomRoutes: REST v1 for /v1/organizations/{orgId}/rooms: meeting rooms on Exchange room mailboxes, and the Alexa
// devices placed in them.
import Foundation
import HTTPServer
import Storage

/// Decoding and rendering around ``RoomService``. The same rooms as the AWS API's CreateRoom, SearchRooms, ...
enum RoomRoutes {
    struct CreateBody: Decodable {
        let name: String?
        let description: String?
        let profileId: String?
        let calendarMailbox: String?
    }

    struct UpdateBody: Decodable {
        let name: String?
        let description: FieldChange<String>
        let profileId: FieldChange<String>
        let calendarMailbox: FieldChange<String>

        enum CodingKeys: String, CodingKey { case name, description, profileId, calendarMailbox }

        init(from decoder: any Decoder) throws {
            let container = try decoder.container(keyedBy: CodingKeys.self)
            name = try container.decodeIfPresent(String.self, forKey: .name)
            description = try container.decodeChange(String.self, forKey: .description)
            profileId = try container.decodeChange(String.self, forKey: .profileId)
            calendarMailbox = try container.decodeChange(String.self, forKey: .calendarMailbox)
        }
    }

    struct PageBody: Encodable {
        let rooms: [RoomView]
        let nextCursor: String?
    }

    struct PlacedDevice: Encodable {
        let roomId: String
        let deviceId: String
    }

    struct VoiceBody: Decodable {
        let utterance: String?
        let sessionId: String?
    }

    static func register(on organization: RouteGroup<OrganizationAccess>, rooms: RoomService, voice: RoomVoiceService) {
        // A turn said to the room's device, as plain JSON; answered like POST …/voice.
        organization.post("/rooms/{roomId}/voice") { request, access in
            let body = try request.decode(VoiceBody.self)
            guard let utterance = body.utterance, !utterance.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty else {
                throw ServiceError.invalidInput("utterance", "missing required field 'utterance' (what was said in the room)")
            }
            guard utterance.count <= VoiceRoutes.maxUtterance else {
                throw ServiceError.invalidInput("utterance", "field 'utterance' is longer than \(VoiceRoutes.maxUtterance) characters")
            }
            let answer = try await voice.answer(RoomVoiceRequest(
                organizationID: access.organizationID, roomID: try request.parameter("roomId"), input: .utterance(utterance),
                sessionID: try body.sessionId.map(VoiceRoutes.validatedSessionID)))
            return .json(VoiceRoutes.render(answer))
        }

        organization.post("/rooms") { request, access in
            let body = try request.decode(CreateBody.self)
            guard let name = body.name else { throw ServiceError.invalidInput("name", "missing required field 'name'") }
            let room = try await rooms.create(organizationID: access.organizationID, NewRoom(
                name: name, description: body.description, profileID: body.profileId, calendarMailbox: body.calendarMailbox))
            return .json(room, status: .created)
        }

        organization.get("/rooms") { request, access in
            let page = try PageRequest(query: request.queryItems)
            // The cursor is the offset of the next page, in name order.
            let offset = try page.cursor.map { cursor in
                guard let offset = Int(cursor), offset >= 0 else { throw ServiceError.invalidInput("cursor", "query parameter 'cursor' is not one this service returned") }
                return offset
            } ?? 0
            let (found, total) = try await rooms.search(organizationID: access.organizationID, Search<RoomSearchField>(offset: offset, limit: page.limit))
            let next = offset + found.count
            return .json(PageBody(rooms: found, nextCursor: next < total && !found.isEmpty ? String(next) : nil))
        }

        organization.get("/rooms/{roomId}") { request, access in
            .json(try await rooms.room(organizationID: access.organizationID, id: try request.parameter("roomId")))
        }

        organization.patch("/rooms/{roomId}") { request, access in
            let body = try request.decode(UpdateBody.self)
            let change = RoomChange(name: body.name, description: body.description, profileID: body.profileId, calendarMailbox: body.calendarMailbox)
            return .json(try await rooms.update(organizationID: access.organizationID, id: try request.parameter("roomId"), change))
        }

        organization.delete("/rooms/{roomId}") { request, access in
            try await rooms.delete(organizationID: access.organizationID, id: try request.parameter("roomId"))
            return HTTPResponse(status: .noContent)
        }

        organization.put("/rooms/{roomId}/devices/{deviceId}") { request, access in
            let roomID = try request.parameter("roomId"), deviceID = try request.parameter("deviceId")
            try await rooms.placeDevice(organizationID: access.organizationID, roomID: roomID, deviceID: deviceID)
            return .json(PlacedDevice(roomId: roomID, deviceId: deviceID))
        }
    }
}
