// AWSRoomOperations: CreateRoom, GetRoom, UpdateRoom, DeleteRoom and SearchRooms over the room use case REST v1 uses;
// ProviderCalendarId is the room mailbox's address, validated live against Exchange.
import HTTPServer
import Storage

enum AWSRoomOperations {
    static let operations: [String: AWSOperationFactory] = [
        "CreateRoom": createRoom, "GetRoom": getRoom, "UpdateRoom": updateRoom, "DeleteRoom": deleteRoom, "SearchRooms": searchRooms,
    ]

    struct RoomShape: Codable {
        var RoomArn: String?
        var RoomName: String?
        var Description: String?
        var ProfileArn: String?
        var ProviderCalendarId: String?
        var ProfileName: String?
        var ClientRequestToken: String?
        var Tags: [AWSTag]?

        init(RoomArn: String? = nil, RoomName: String? = nil, Description: String? = nil, ProfileArn: String? = nil, ProviderCalendarId: String? = nil,
             ProfileName: String? = nil) {
            self.RoomArn = RoomArn
            self.RoomName = RoomName
            self.Description = Description
            self.ProfileArn = ProfileArn
            self.ProviderCalendarId = ProviderCalendarId
            self.ProfileName = ProfileName
        }

        init(_ room: RoomView, caller: AWSCaller, withProfileName: Bool) {
            self.init(RoomArn: caller.arn(.room, room.id), RoomName: room.name, Description: room.description,
                      ProfileArn: room.profileId.map { caller.arn(.profile, $0) }, ProviderCalendarId: room.calendarMailbox,
                      ProfileName: withProfileName ? room.profileName : nil)
        }
    }

    static func validate(_ input: RoomShape, creating: Bool) throws(AWSError) {
        var check = AWSValidation()
        if creating { check.required(input.RoomName, "roomName") }
        check.length(input.RoomName, "roomName", 1...100)
        check.pattern(input.RoomName, "roomName", "printable characters", AWSPatterns.printable)
        check.length(input.Description, "description", 1...200)
        check.pattern(input.Description, "description", "printable characters", AWSPatterns.printable)
        check.arn(input.ProfileArn, "profileArn")
        check.arn(input.RoomArn, "roomArn")
        check.length(input.ProviderCalendarId, "providerCalendarId", 0...100)
        check.clientRequestToken(input.ClientRequestToken)
        check.tags(input.Tags)
        try check.check()
    }

    /// The profile id of a ProfileArn of this organization.
    static func profileID(_ arn: String?, call: AWSCall) throws(AWSError) -> String? {
        guard let arn else { return nil }
        guard let name = AWSResourceName.parse(arn, caller: call.caller, kinds: [.profile]) else {
            throw .notFound("no room profile \(AWSValidation.shown(arn)) in this organization")
        }
        return name.id
    }

    static func roomID(_ arn: String?, call: AWSCall) throws(AWSError) -> String {
        guard let arn else { throw .validation("1 validation error detected: Value null at 'roomArn' failed to satisfy constraint: Member must not be null") }
        guard let name = AWSResourceName.parse(arn, caller: call.caller, kinds: [.room]) else {
            throw .notFound("no room \(AWSValidation.shown(arn)) in this organization")
        }
        return name.id
    }

    static func createRoom(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            var input = try call.input(RoomShape.self)
            try validate(input, creating: true)
            let new = NewRoom(name: input.RoomName ?? "", description: input.Description, profileID: try profileID(input.ProfileArn, call: call),
                              calendarMailbox: input.ProviderCalendarId.flatMap { $0.isEmpty ? nil : $0 })
            let token = input.ClientRequestToken
            input.ClientRequestToken = nil
            let id = try await dependencies.idempotency.run(
                organizationID: call.organizationID, operation: call.operation, token: token, input: canonicalJSON(input),
                newID: dependencies.rooms.newRoomID(),
                exists: { try await dependencies.rooms.exists(organizationID: call.organizationID, id: $0) },
                create: { id in _ = try await dependencies.rooms.create(organizationID: call.organizationID, new, id: id) })
            try await dependencies.tags.tag(organizationID: call.organizationID, resourceID: id, input.Tags?.pairs ?? [])
            return call.ok(["RoomArn": call.caller.arn(.room, id)])
        }
    }

    static func getRoom(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(RoomShape.self)
            try validate(input, creating: false)
            let room = try await dependencies.rooms.room(organizationID: call.organizationID, id: try roomID(input.RoomArn, call: call))
            return call.ok(["Room": RoomShape(room, caller: call.caller, withProfileName: false)])
        }
    }

    static func updateRoom(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(RoomShape.self)
            try validate(input, creating: false)
            let id = try roomID(input.RoomArn, call: call)
            var change = RoomChange(name: input.RoomName)
            if let description = input.Description { change.description = .set(description) }
            if let profile = try profileID(input.ProfileArn, call: call) { change.profileID = .set(profile) }
            if let calendar = input.ProviderCalendarId { change.calendarMailbox = calendar.isEmpty ? .clear : .set(calendar) }
            // UpdateRoom with nothing to change succeeds, as in Alexa for Business; it still needs the room.
            if change == RoomChange() {
                _ = try await dependencies.rooms.room(organizationID: call.organizationID, id: id)
            } else {
                _ = try await dependencies.rooms.update(organizationID: call.organizationID, id: id, change)
            }
            return call.ok()
        }
    }

    static func deleteRoom(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(RoomShape.self)
            try validate(input, creating: false)
            try await dependencies.rooms.delete(organizationID: call.organizationID, id: try roomID(input.RoomArn, call: call))
            return call.ok()
        }
    }

    struct SearchRoomsOutput: Encodable {
        let Rooms: [RoomShape]
        let NextToken: String?
        let TotalCount: Int
    }

    static func searchRooms(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(AWSSearchInput.Members.self)
            let (search, query, offset) = try AWSSearchInput.parse(input, fields: RoomSearchField.self)
            let (rooms, total) = try await dependencies.rooms.search(organizationID: call.organizationID, search)
            return call.ok(SearchRoomsOutput(Rooms: rooms.map { RoomShape($0, caller: call.caller, withProfileName: true) },
                                             NextToken: AWSSearchInput.nextToken(offset: offset, count: rooms.count, total: total, query: query),
                                             TotalCount: total))
        }
    }
}
