// Meeting rooms through the real binaries: a room's calendar validated live against fake-exchange (unknown address,
// a person's mailbox, a room out of the service account's reach, no Exchange link), room voice answered from and
// booking the room's calendar (free, busy, book, refused, end), the skill endpoint for a device placed in the room,
// and the same rooms and users through REST v1 and the signed AWS API.
import AWSSigV4
import Foundation
import MockDevice
import TestSupport
import Testing

@Suite struct RoomEndToEndTests {
    /// `svc` may impersonate alice, carol, boardroom and focus (not huddle). Boardroom is free now; focus has a
    /// meeting going on; carol is a person.
    static func fixture(now: Date) -> String {
        func iso(_ offset: TimeInterval) -> String { ISO8601DateFormatter().string(from: now.addingTimeInterval(offset)) }
        return """
            {"server": {"build": "15.1.2507.6", "basicAuth": true},
             "mailboxes": [
              {"smtp": "alice@contoso.com", "displayName": "Alice Jones", "password": "alice-secret"},
              {"smtp": "carol@contoso.com", "displayName": "Carol White", "password": "carol-secret"},
              {"smtp": "boardroom@contoso.com", "displayName": "Boardroom", "kind": "room",
               "events": [{"subject": "Hold for cleaning", "start": "\(iso(-600))", "end": "\(iso(1200))", "freeBusy": "Free"}]},
              {"smtp": "focus@contoso.com", "displayName": "Focus Room", "kind": "room",
               "events": [{"subject": "Design review", "start": "\(iso(-600))", "end": "\(iso(3000))"}]},
              {"smtp": "huddle@contoso.com", "displayName": "Huddle Room", "kind": "room"},
              {"smtp": "svc@contoso.com", "displayName": "Impersonation Service", "password": "Svc-Secret-Plain-42!",
               "impersonation": {"scope": ["alice@contoso.com", "carol@contoso.com", "boardroom@contoso.com", "focus@contoso.com"]}}
             ]}
            """
    }

    static func withRooms(_ body: (EnrollmentEnvironment, (id: String, key: String)) async throws -> Void) async throws {
        let env = try await EnrollmentEnvironment(exchange: true, fixture: fixture(now: Date()))
        do {
            let organization = try await env.createOrganization("Contoso")
            try await body(env, (organization.id, organization.key))
        } catch {
            await env.stop()
            throw error
        }
        await env.stop()
    }

    func createRoom(_ env: EnrollmentEnvironment, _ org: (id: String, key: String), _ fields: [String: Any]) async throws -> RawResponse {
        try await env.call("POST", "/v1/organizations/\(org.id)/rooms", token: org.key, json: EnrollmentEnvironment.json(fields))
    }

    @Test func aRoomCalendarIsValidatedLiveAndRefusedWithTheReasonAndTheFix() async throws {
        try await Self.withRooms { env, org in
            // Without an Exchange link there is nothing to validate against.
            let unlinked = try await createRoom(env, org, ["name": "Boardroom", "calendarMailbox": "boardroom@contoso.com"])
            #expect(unlinked.status == 409 && EnrollmentEnvironment.error(unlinked)["code"] as? String == "EXCHANGE_NOT_LINKED", "\(unlinked.body)")
            try await env.linkExchange(org.id, key: org.key)
            let cases: [(String, String, String)] = [
                ("nobody@contoso.com", "EMAIL_NOT_IN_EXCHANGE", "primary SMTP address of the room mailbox"),
                ("carol@contoso.com", "NOT_A_ROOM", "room list"),
                ("huddle@contoso.com", "IMPERSONATION_DENIED", "huddle@contoso.com"),
            ]
            for (address, reason, fix) in cases {
                let response = try await createRoom(env, org, ["name": "Room for \(address)", "calendarMailbox": address])
                let error = EnrollmentEnvironment.error(response)
                #expect(response.status == 422, "\(address): \(response.body)")
                #expect(error["code"] as? String == "ROOM_CALENDAR_INVALID" && error["reason"] as? String == reason, "\(address): \(response.body)")
                #expect((error["detail"] as? String)?.contains(fix) == true, "\(address): \(response.body)")
            }
            let listed = try await env.call("GET", "/v1/organizations/\(org.id)/rooms", token: org.key)
            #expect((try EnrollmentEnvironment.object(listed.body)["rooms"] as? [Any])?.isEmpty == true, "a refused room is not stored: \(listed.body)")

            // A valid one is stored with the mailbox's primary address; a PATCH to a person's mailbox is refused and changes nothing.
            let made = try await createRoom(env, org, ["name": "Boardroom", "calendarMailbox": "BoardRoom@contoso.com", "description": "10 seats"])
            #expect(made.status == 201, "\(made.body)")
            let room = try EnrollmentEnvironment.object(made.body)
            #expect(room["calendarMailbox"] as? String == "boardroom@contoso.com")
            let id = try #require(room["id"] as? String)
            let patched = try await env.call("PATCH", "/v1/organizations/\(org.id)/rooms/\(id)", token: org.key,
                                             json: EnrollmentEnvironment.json(["calendarMailbox": "carol@contoso.com"]))
            #expect(patched.status == 422)
            let read = try EnrollmentEnvironment.object(try await env.call("GET", "/v1/organizations/\(org.id)/rooms/\(id)", token: org.key).body)
            #expect(read["calendarMailbox"] as? String == "boardroom@contoso.com")
            let duplicate = try await createRoom(env, org, ["name": "boardroom"])
            #expect(duplicate.status == 409, "names are unique ignoring case: \(duplicate.body)")
        }
    }

    @Test func roomVoiceReadsBooksRefusesAndEndsMeetings() async throws {
        try await Self.withRooms { env, org in
            try await env.linkExchange(org.id, key: org.key)
            func room(_ name: String, _ mailbox: String) async throws -> String {
                let response = try await createRoom(env, org, ["name": name, "calendarMailbox": mailbox])
                try #require(response.status == 201, "\(response.body)")
                return try #require(try EnrollmentEnvironment.object(response.body)["id"] as? String)
            }
            let boardroom = try await room("Boardroom", "boardroom@contoso.com")
            let focus = try await room("Focus Room", "focus@contoso.com")
            func device(_ room: String) -> MockDevice {
                MockDevice(connection: DeviceConnection(server: "http://127.0.0.1:\(env.port)", apiKey: org.key),
                           configuration: .init(organizationID: org.id, user: "", room: room))
            }
            let board = device(boardroom), busy = device(focus)
            // Boardroom's only item now is shown as Free: it does not make the room busy.
            #expect(try await board.say("is this room free").speech.hasPrefix("Boardroom is free"))
            #expect(try await board.say("what's on this room's calendar today").speech.contains("Hold for cleaning"))
            // A bare time already past today means tomorrow's.
            var utc = Calendar(identifier: .gregorian)
            utc.timeZone = TimeZone(identifier: "UTC")!
            let hour = utc.component(.hour, from: Date())
            if hour >= 1 {
                let earlier = hour - 1
                let past = try await board.say("is this room free at \(earlier % 12 == 0 ? 12 : earlier % 12) \(earlier < 12 ? "AM" : "PM")").speech
                #expect(past.contains("tomorrow at"), "\(past)")
            }
            let focusNow = try await busy.say("is this room free right now").speech
            #expect(focusNow.hasPrefix("Focus Room is booked until") && focusNow.contains("Design review"), "\(focusNow)")
            #expect(try await busy.say("what's on this room's calendar today").speech.contains("Design review"))

            // Booking a busy room is refused; a free one is confirmed, then created in its calendar.
            let refused = try await busy.say("book this room for 30 minutes").speech
            #expect(refused.contains("so I can't book it for 30 minutes now"), "\(refused)")
            let question = try await board.say("book this room for 45 minutes")
            #expect(question.directive == "ConfirmIntent" && question.speech.hasPrefix("Book Boardroom now, until"), "\(question.body)")
            let booked = try await board.say("yes")
            #expect(booked.speech.hasPrefix("Booked. Boardroom is yours until"), "\(booked.body)")
            let events = try await fakeEvents(env, "boardroom@contoso.com")
            let booking = try #require(events.first { $0.subject == "Booked with Alexa: Boardroom" }, "\(events)")
            #expect(booking.end.timeIntervalSince(booking.start) == 45 * 60)
            #expect(try await board.say("is this room free").speech.hasPrefix("Boardroom is booked until"))
            #expect(try await board.say("book this room").speech.contains("so I can't book it"), "a booked room is not booked twice")

            // Ending: only the room's own booking, shortened to end now.
            #expect(try await busy.say("end this meeting").speech.contains("no meeting booked from this room"))
            #expect(try await board.say("end this meeting").speech == "OK, I ended the meeting. Boardroom is free now.")
            // Shortened to end now, or (as here, booked a moment ago) released whole.
            if let ended = try await fakeEvents(env, "boardroom@contoso.com").first(where: { $0.subject == booking.subject }) {
                #expect(ended.end < booking.end && ended.end <= Date(), "\(ended)")
            }
            let freeAgain = try await board.say("is this room free").speech
            #expect(freeAgain.hasPrefix("Boardroom is free"), "\(freeAgain)")

            // A denied booking books nothing; a room without a calendar says so.
            let before = try await fakeEvents(env, "boardroom@contoso.com").count
            let again = try await board.say("book this room for 15 minutes")
            #expect(again.directive == "ConfirmIntent", "\(again.body)")
            #expect(try await board.say("no").speech == "OK, I won't book it.")
            #expect(try await fakeEvents(env, "boardroom@contoso.com").count == before)
            let bare = try await createRoom(env, org, ["name": "Quiet Room"])
            let quiet = device(try #require(try EnrollmentEnvironment.object(bare.body)["id"] as? String))
            #expect(try await quiet.say("is this room free").speech.hasPrefix("This room isn't linked to a calendar yet"))
        }
    }

    @Test func aDevicePlacedInARoomAsksTheSkillEndpointAboutTheRoom() async throws {
        try await Self.withRooms { env, org in
            try await env.linkExchange(org.id, key: org.key)
            let made = try await createRoom(env, org, ["name": "Focus Room", "calendarMailbox": "focus@contoso.com"])
            let room = try #require(try EnrollmentEnvironment.object(made.body)["id"] as? String)
            let deviceID = "amzn1.ask.device.focus-room-echo"
            let placed = try await env.call("PUT", "/v1/organizations/\(org.id)/rooms/\(room)/devices/\(deviceID)", token: org.key)
            #expect(placed.status == 200, "\(placed.body)")
            let bad = try await env.call("PUT", "/v1/organizations/\(org.id)/rooms/\(room)/devices/not-a-device", token: org.key)
            #expect(bad.status == 400)
            let echo = MockDevice(connection: DeviceConnection(server: "http://127.0.0.1:\(env.port)", apiKey: org.key),
                                  configuration: .init(organizationID: org.id, user: "nobody@contoso.com", mode: .alexa, deviceID: deviceID))
            let answer = try await echo.say("is this room free")
            #expect(answer.speech.hasPrefix("Focus Room is booked until"), "\(answer.body)")
            // The same request from a device in no room is told so.
            let elsewhere = MockDevice(connection: DeviceConnection(server: "http://127.0.0.1:\(env.port)", apiKey: org.key),
                                       configuration: .init(organizationID: org.id, user: "nobody@contoso.com", mode: .alexa,
                                                            alexaUserID: "amzn1.ask.account.NOBODY"))
            let stray = try await elsewhere.say("is this room free")
            #expect(stray.speech.contains("not set up to use this calendar") || stray.speech.contains("isn't set up in a meeting room"), "\(stray.body)")
        }
    }

    @Test func roomsAndUsersAreTheSameThroughRESTAndTheSignedAWSAPI() async throws {
        try await Self.withRooms { env, org in
            try await env.linkExchange(org.id, key: org.key)
            let credentials = try await AWSInteropTests.credentials(env, organization: org.id, key: org.key)
            let signer = SigV4Signer(accessKeyID: credentials.accessKeyId, secret: credentials.secretAccessKey, region: "eu-west-1")
            func wire(_ operation: String, _ body: [String: Any]) async throws -> (status: Int, object: [String: Any]) {
                let json = EnrollmentEnvironment.json(body)
                // RawClient sends the same Host itself.
                let signed = try signer.jsonCallHeaders(target: "AlexaForBusiness.\(operation)", host: "127.0.0.1:\(env.port)", body: Array(json.utf8), at: Date())
                let headers = Dictionary(uniqueKeysWithValues: signed.map { ($0.name, $0.value) })
                let response = try await RawClient.request(port: env.port, "POST", "/", headers: headers, body: json)
                #expect(response.header("x-amzn-RequestId") != nil)
                return (response.status, (try? EnrollmentEnvironment.object(response.body)) ?? [:])
            }
            let made = try await createRoom(env, org, ["name": "Boardroom", "calendarMailbox": "boardroom@contoso.com"])
            let restRoom = try EnrollmentEnvironment.object(made.body)
            let search = try await wire("SearchRooms", [:])
            #expect(search.status == 200, "\(search.object)")
            let rooms = try #require(search.object["Rooms"] as? [[String: Any]])
            #expect(rooms.count == 1 && (rooms[0]["RoomArn"] as? String)?.hasSuffix(":room/\(restRoom["id"] as? String ?? "")") == true, "\(rooms)")
            #expect((rooms[0]["RoomArn"] as? String)?.hasPrefix("arn:aws:a4b:eu-west-1:") == true, "the signing region is the ARNs'")
            #expect(rooms[0]["ProviderCalendarId"] as? String == "boardroom@contoso.com")

            // A room made through the wire with a person's mailbox is refused with the same reason as REST gives.
            let refused = try await wire("CreateRoom", ["RoomName": "Carol's office", "ProviderCalendarId": "carol@contoso.com"])
            #expect(refused.status == 400 && refused.object["__type"] as? String == "ValidationException", "\(refused.object)")
            #expect((refused.object["message"] as? String)?.contains("NOT_A_ROOM") == true, "\(refused.object)")
            let wireRoom = try await wire("CreateRoom", ["RoomName": "Focus Room", "ProviderCalendarId": "focus@contoso.com"])
            #expect(wireRoom.status == 200, "\(wireRoom.object)")
            let restList = try EnrollmentEnvironment.object(try await env.call("GET", "/v1/organizations/\(org.id)/rooms", token: org.key).body)
            #expect((restList["rooms"] as? [[String: Any]])?.map { $0["name"] as? String ?? "" } == ["Boardroom", "Focus Room"])

            // A user made through the wire is a REST user with the same status; the invitation mail is in the outbox.
            let user = try await wire("CreateUser", ["UserId": "alice", "Email": "alice@contoso.com", "FirstName": "Alice"])
            let arn = try #require(user.object["UserArn"] as? String)
            #expect(try await wire("SendInvitation", ["UserArn": arn]).status == 200)
            let restUser = try await env.getUser(org.id, key: org.key, String(arn.split(separator: "/").last!))
            #expect(restUser["enrollmentStatus"] as? String == "PENDING")
            let outbox = try EnrollmentEnvironment.object(try await env.call("GET", "/v1/organizations/\(org.id)/outbox", token: org.key).body)
            #expect((outbox["messages"] as? [[String: Any]])?.contains { $0["to"] as? String == "alice@contoso.com" } == true)
        }
    }

    struct FakeEvent: Decodable {
        let subject: String
        let start: Date
        let end: Date
    }

    func fakeEvents(_ env: EnrollmentEnvironment, _ mailbox: String) async throws -> [FakeEvent] {
        let response = try await RawClient.request(port: try #require(env.fake).port, "GET", "/_fake/mailboxes/\(mailbox)/events")
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .iso8601
        return try decoder.decode([FakeEvent].self, from: Data(response.body.utf8))
    }
}
