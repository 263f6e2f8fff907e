// RoomDirectoryTests: GetRoomLists and GetRooms (their single-message answers), the fixture's room lists
// (default and explicit, refused when invalid), builds before Exchange 2010 and GET /_fake/roomlists.
import Foundation
import Testing
import XMLSupport

@testable import FakeExchange

private let getRoomLists = "<m:GetRoomLists></m:GetRoomLists>"

private func getRooms(_ address: String) -> String {
    "<m:GetRooms><m:RoomList><t:EmailAddress>\(address)</t:EmailAddress></m:RoomList></m:GetRooms>"
}

/// The `m:<Operation>Response` element of an answer: for these operations, the one message itself.
private func responseElement(_ answer: Answer, _ operation: String) throws -> XMLElementView {
    let element = try #require(answer.body.children.first)
    #expect(element.isElement(NS.m, "\(operation)Response"))
    return element
}

/// (name, address) of each `t:Address` in `m:RoomLists`.
private func listedRoomLists(_ answer: Answer) throws -> [[String]] {
    let response = try responseElement(answer, "GetRoomLists")
    return (response.firstChild(NS.m, "RoomLists")?.children(NS.t, "Address") ?? []).map { address in
        ["Name", "EmailAddress"].map { address.firstChild(NS.t, $0)?.text ?? "" }
    }
}

/// (name, address) of each `t:Room/t:Id` in `m:Rooms`.
private func listedRooms(_ answer: Answer) throws -> [[String]] {
    let response = try responseElement(answer, "GetRooms")
    return (response.firstChild(NS.m, "Rooms")?.children(NS.t, "Room") ?? []).map { room in
        ["Name", "EmailAddress"].map { room.descendant([(NS.t, "Id"), (NS.t, $0)])?.text ?? "" }
    }
}

/// Two room lists over three rooms (room3 in both), and a person.
private let listsFixture = """
    {"mailboxes": [
      {"smtp": "alice@fabrikam.com", "displayName": "Alice", "password": "secret"},
      {"smtp": "room1@fabrikam.com", "displayName": "Room 1", "kind": "room"},
      {"smtp": "room2@fabrikam.com", "displayName": "Room 2", "kind": "room"},
      {"smtp": "room3@fabrikam.com", "displayName": "Room 3", "kind": "room", "aliases": ["boardroom@fabrikam.com"]}
     ],
     "roomLists": [
      {"smtp": "Building1@fabrikam.com", "displayName": "Building 1", "rooms": ["room3@fabrikam.com", "room1@fabrikam.com"]},
      {"smtp": "building2@fabrikam.com", "displayName": "Building 2", "rooms": ["ROOM3@fabrikam.com", "room2@fabrikam.com"]},
      {"smtp": "empty@fabrikam.com"}
     ]}
    """

@Suite struct GetRoomListsTests {
    @Test(arguments: ClientStyle.allCases)
    func defaultListHoldsEveryRoomInTheDocumentedShape(style: ClientStyle) throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(getRoomLists, style: style)))
        #expect(answer.response.status == 200)
        let response = try responseElement(answer, "GetRoomLists")
        #expect(response.attribute("ResponseClass") == "Success")
        #expect(response.firstChild(NS.m, "ResponseMessages") == nil, "the response element is the message")
        #expect(response.children.map(\.localName) == ["ResponseCode", "RoomLists"])
        #expect(response.firstChild(NS.m, "ResponseCode")?.text == "NoError")
        let address = try #require(response.descendant([(NS.m, "RoomLists"), (NS.t, "Address")]))
        #expect(address.children.map(\.localName) == ["Name", "EmailAddress", "RoutingType", "MailboxType"])
        #expect(address.children.allSatisfy { $0.namespaceURI == NS.t })
        #expect(address.firstChild(NS.t, "Name")?.text == "All Rooms")
        #expect(address.firstChild(NS.t, "EmailAddress")?.text == "allrooms@contoso.com")
        #expect(address.firstChild(NS.t, "RoutingType")?.text == "SMTP")
        #expect(address.firstChild(NS.t, "MailboxType")?.text == "PublicDL")
        #expect(answer.header?.firstChild(NS.t, "ServerVersionInfo")?.attribute("MajorVersion") == "15")
    }

    @Test func selfClosingRequestAndImpersonationHeaderAreAccepted() throws {
        let fake = try makeFake()
        #expect(try listedRoomLists(Answer(post(fake, envelope("<m:GetRoomLists/>")))) == [["All Rooms", "allrooms@contoso.com"]])
        // A directory operation: the impersonation header is checked like everywhere, then changes nothing.
        let impersonated = try Answer(post(
            fake, envelope(getRoomLists, header: impersonationHeader("<t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress>")),
            user: "svc@contoso.com", password: "svc-secret"))
        #expect(try listedRoomLists(impersonated) == [["All Rooms", "allrooms@contoso.com"]])
    }

    @Test func explicitListsInFixtureOrder() throws {
        let fake = try makeFake(listsFixture)
        let answer = try Answer(post(fake, envelope(getRoomLists), user: "alice@fabrikam.com"))
        #expect(try listedRoomLists(answer) == [
            ["Building 1", "Building1@fabrikam.com"], ["Building 2", "building2@fabrikam.com"], ["empty@fabrikam.com", "empty@fabrikam.com"],
        ])
    }

    @Test(arguments: [
        #"{"mailboxes": [{"smtp": "alice@fabrikam.com", "password": "secret"}]}"#,
        #"{"mailboxes": [{"smtp": "alice@fabrikam.com", "password": "secret"}, {"smtp": "r@fabrikam.com", "kind": "room"}], "roomLists": []}"#,
    ])
    func noRoomsOrAnEmptySectionMeanNoLists(fixture: String) throws {
        let fake = try makeFake(fixture)
        let answer = try Answer(post(fake, envelope(getRoomLists), user: "alice@fabrikam.com"))
        let response = try responseElement(answer, "GetRoomLists")
        #expect(response.attribute("ResponseClass") == "Success")
        #expect(response.firstChild(NS.m, "RoomLists")?.children.isEmpty == true, "an empty m:RoomLists, still present")
        #expect(fake.roomLists.isEmpty)
    }

    @Test func contentIsASchemaFault() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope("<m:GetRoomLists><m:RoomList/></m:GetRoomLists>")))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorSchemaValidation")
    }
}

@Suite struct GetRoomsTests {
    @Test(arguments: ClientStyle.allCases)
    func defaultListReturnsItsRoomsInTheDocumentedShape(style: ClientStyle) throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(getRooms("AllRooms@contoso.com"), style: style)))
        #expect(answer.response.status == 200)
        let response = try responseElement(answer, "GetRooms")
        #expect(response.attribute("ResponseClass") == "Success")
        #expect(response.children.map(\.localName) == ["ResponseCode", "Rooms"])
        #expect(response.firstChild(NS.m, "ResponseCode")?.text == "NoError")
        let id = try #require(response.descendant([(NS.m, "Rooms"), (NS.t, "Room"), (NS.t, "Id")]))
        #expect(id.children.map(\.localName) == ["Name", "EmailAddress", "RoutingType", "MailboxType"])
        #expect(id.firstChild(NS.t, "Name")?.text == "Conference Room 1")
        #expect(id.firstChild(NS.t, "EmailAddress")?.text == "room1@contoso.com")
        #expect(id.firstChild(NS.t, "RoutingType")?.text == "SMTP")
        #expect(id.firstChild(NS.t, "MailboxType")?.text == "Mailbox")
    }

    @Test func explicitListsKeepTheirOrderAndMatchCaseInsensitively() throws {
        let fake = try makeFake(listsFixture)
        func rooms(_ list: String) throws -> [[String]] {
            try listedRooms(Answer(post(fake, envelope(getRooms(list)), user: "alice@fabrikam.com")))
        }
        #expect(try rooms("building1@FABRIKAM.com") == [["Room 3", "room3@fabrikam.com"], ["Room 1", "room1@fabrikam.com"]])
        #expect(try rooms("building2@fabrikam.com") == [["Room 3", "room3@fabrikam.com"], ["Room 2", "room2@fabrikam.com"]])
        let empty = try Answer(post(fake, envelope(getRooms("empty@fabrikam.com")), user: "alice@fabrikam.com"))
        #expect(try responseElement(empty, "GetRooms").attribute("ResponseClass") == "Success")
        #expect(try listedRooms(empty).isEmpty)
    }

    @Test(arguments: ["alice@contoso.com", "room1@contoso.com", "nobody@contoso.com"])
    func anAddressThatIsNoRoomListIsNameResolutionNoResults(address: String) throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(getRooms(address))))
        #expect(answer.response.status == 200)
        let response = try responseElement(answer, "GetRooms")
        #expect(response.attribute("ResponseClass") == "Error")
        #expect(response.children.map(\.localName) == ["MessageText", "ResponseCode", "DescriptiveLinkKey"])
        #expect(response.firstChild(NS.m, "MessageText")?.text == "No results were found.")
        #expect(response.firstChild(NS.m, "ResponseCode")?.text == "ErrorNameResolutionNoResults")
        #expect(response.firstChild(NS.m, "DescriptiveLinkKey")?.text == "0")
        #expect(response.firstChild(NS.m, "Rooms") == nil)
    }

    @Test(arguments: [
        "<m:GetRooms/>",
        "<m:GetRooms><m:RoomList/></m:GetRooms>",
        "<m:GetRooms><m:RoomList><t:Name>Rooms</t:Name></m:RoomList></m:GetRooms>",
        "<m:GetRooms><m:RoomList><t:EmailAddress> </t:EmailAddress></m:RoomList></m:GetRooms>",
        "<m:GetRooms><t:RoomList><t:EmailAddress>allrooms@contoso.com</t:EmailAddress></t:RoomList></m:GetRooms>",
    ])
    func aMissingListOrAddressIsASchemaFault(body: String) throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(body)))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorSchemaValidation")
    }
}

@Suite struct RoomListFixtureTests {
    @Test func theShippedExampleGetsTheDefaultList() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let data = try Data(contentsOf: root.appendingPathComponent("Examples/contoso.json"))
        let fake = try FakeExchange.load(fixture: data, now: testNow)
        #expect(fake.roomLists.contains { $0.rooms.contains("room1@contoso.com") })
    }

    @Test func defaultListIsNamedAfterTheFirstRoomsDomainAndHoldsRoomsInFixtureOrder() throws {
        let fixture = """
            {"mailboxes": [
              {"smtp": "a@contoso.com"}, {"smtp": "Zeta@rooms.fabrikam.com", "kind": "room"}, {"smtp": "b@contoso.com"},
              {"smtp": "alpha@contoso.com", "kind": "room"}]}
            """
        let fake = try makeFake(fixture)
        #expect(fake.roomLists == [
            RoomList(smtp: "allrooms@rooms.fabrikam.com", displayName: "All Rooms", rooms: ["zeta@rooms.fabrikam.com", "alpha@contoso.com"]),
        ])
    }

    @Test(arguments: [
        (#"{"roomLists": [{"smtp": "rooms@contoso.com", "rooms": ["ghost@contoso.com"]}]}"#, "roomLists[0].rooms[0]", "unknown mailbox"),
        (#"{"roomLists": [{"smtp": "rooms@contoso.com", "rooms": ["room@contoso.com", "alice@contoso.com"]}]}"#, "roomLists[0].rooms[1]", "is not a room"),
        (#"{"roomLists": [{"smtp": "rooms@contoso.com", "rooms": ["room@contoso.com", "ROOM@contoso.com"]}]}"#, "roomLists[0].rooms[1]", "listed twice"),
        (#"{"roomLists": [{"smtp": "rooms@contoso.com", "rooms": ["alias@contoso.com"]}]}"#, "roomLists[0].rooms[0]", "unknown mailbox"),
        (#"{"roomLists": [{"smtp": "rooms"}]}"#, "roomLists[0].smtp", "not an SMTP address"),
        (#"{"roomLists": [{"smtp": "alias@contoso.com"}]}"#, "roomLists[0].smtp", "already used by mailbox room@contoso.com"),
        (#"{"roomLists": [{"smtp": "rooms@contoso.com"}, {"smtp": "Rooms@contoso.com"}]}"#, "roomLists[1].smtp", "listed twice"),
        (#"{"roomLists": [{"displayName": "Rooms"}]}"#, "roomLists[0].smtp", "is required"),
        (#"{"roomLists": {"smtp": "rooms@contoso.com"}}"#, "roomLists", "expected"),
    ])
    func badRoomListsAreRefusedNamingTheField(section: String, field: String, message: String) throws {
        let mailboxes = #""mailboxes": [{"smtp": "alice@contoso.com"}, {"smtp": "room@contoso.com", "kind": "room", "aliases": ["alias@contoso.com"]}]"#
        let fixture = "{" + mailboxes + ", " + String(section.dropFirst())
        do {
            _ = try makeFake(fixture)
            Issue.record("accepted \(fixture)")
        } catch let error as FixtureError {
            #expect(error.field == field)
            #expect(error.message.contains(message), "\(error)")
        }
    }
}

@Suite struct RoomDirectoryVersionTests {
    /// An Exchange 2007 server has neither operation (nor GetServerTimeZones): it answers as for any
    /// operation it does not know.
    @Test(arguments: [getRoomLists, getRooms("allrooms@contoso.com"), #"<m:GetServerTimeZones ReturnFullTimeZoneData="false"/>"#])
    func exchange2007DoesNotKnowTheOperations(body: String) throws {
        let fake = try makeFake(testFixture.replacingOccurrences(of: "15.1.2507.6", with: "8.1.436.0"))
        let answer = try Answer(post(fake, envelope(body, header: #"<t:RequestServerVersion Version="Exchange2007_SP1"/>"#)))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorInvalidRequest")
        // Asking for Exchange 2010 is refused first, as for every operation on that build.
        let newer = try Answer(post(fake, envelope(body, header: #"<t:RequestServerVersion Version="Exchange2010"/>"#)))
        #expect(newer.faultCode == "ErrorInvalidServerVersion")
    }

    @Test func exchange2010Answers() throws {
        let fake = try makeFake(testFixture.replacingOccurrences(of: "15.1.2507.6", with: "14.0.639.21"))
        let answer = try Answer(post(fake, envelope(getRooms("allrooms@contoso.com"), header: #"<t:RequestServerVersion Version="Exchange2010"/>"#)))
        #expect(try listedRooms(answer) == [["Conference Room 1", "room1@contoso.com"]])
        #expect(answer.header?.firstChild(NS.t, "ServerVersionInfo")?.attribute("MajorVersion") == "14")
    }
}

@Suite struct RoomListControlTests {
    @Test func controlAPIListsRoomListsWithMemberAddresses() throws {
        let fake = try makeFake(listsFixture)
        let response = fake.handle(FakeHTTPRequest(method: "GET", path: "/_fake/roomlists"))
        #expect(response.status == 200)
        let lists = try #require(try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]])
        #expect(lists.map { $0["smtp"] as? String } == ["Building1@fabrikam.com", "building2@fabrikam.com", "empty@fabrikam.com"])
        #expect(lists.first?["displayName"] as? String == "Building 1")
        #expect(lists.first?["rooms"] as? [String] == ["room3@fabrikam.com", "room1@fabrikam.com"])
        #expect(fake.handle(FakeHTTPRequest(method: "POST", path: "/_fake/roomlists")).status == 405)
    }
}
