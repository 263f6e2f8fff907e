// The room directory (GetRoomLists, GetRooms): the client against fake-exchange, and the parser on
// hand-written answers in the documented single-message shape (not captured from a server).
@testable import Curl
import FakeExchange
import Foundation
import Testing

@testable import EWS

@Suite struct RoomDirectoryAgainstFakeTests {
    static let listsFixture = """
        {"server": {"build": "15.2.1118.7", "basicAuth": true},
         "mailboxes": [
          {"smtp": "alice@contoso.com", "displayName": "Alice Jones", "password": "alice-secret"},
          {"smtp": "room1@contoso.com", "displayName": "Room 1", "kind": "room"},
          {"smtp": "room2@contoso.com", "displayName": "Room 2 & <Board>", "kind": "room"},
          {"smtp": "svc@contoso.com", "displayName": "Impersonation Service", "password": "svc-secret",
           "impersonation": {"scope": "userMailboxes"}}
         ],
         "roomLists": [
          {"smtp": "building1@contoso.com", "displayName": "Building 1", "rooms": ["room2@contoso.com", "room1@contoso.com"]},
          {"smtp": "building2@contoso.com", "displayName": "Building 2", "rooms": []}
         ]}
        """

    @Test func defaultListHoldsTheFixturesRooms() async throws {
        try await FakeEnvironment.run { env in
            let lists = try await env.impersonating.roomLists(timeout: FakeEnvironment.callTimeout)
            #expect(lists == [RoomDirectoryEntry(name: "All Rooms", address: "allrooms@contoso.com")])
            let rooms = try await env.delegate.rooms(inList: "allrooms@contoso.com", timeout: FakeEnvironment.callTimeout)
            #expect(rooms == [RoomDirectoryEntry(name: "Room 1", address: "room1@contoso.com")])
        }
    }

    @Test func explicitListsInOrderWithEscapedNames() async throws {
        try await FakeEnvironment.run(fixture: Self.listsFixture) { env in
            let client = env.client("svc@contoso.com", "svc-secret")
            let lists = try await client.roomLists(timeout: FakeEnvironment.callTimeout)
            #expect(lists == [
                RoomDirectoryEntry(name: "Building 1", address: "building1@contoso.com"),
                RoomDirectoryEntry(name: "Building 2", address: "building2@contoso.com"),
            ])
            let building1 = try await client.rooms(inList: "Building1@contoso.com", timeout: FakeEnvironment.callTimeout)
            #expect(building1 == [
                RoomDirectoryEntry(name: "Room 2 & <Board>", address: "room2@contoso.com"),
                RoomDirectoryEntry(name: "Room 1", address: "room1@contoso.com"),
            ])
            let building2 = try await client.rooms(inList: "building2@contoso.com", timeout: FakeEnvironment.callTimeout)
            #expect(building2.isEmpty)
        }
    }

    @Test func anAddressThatIsNoRoomListIsNameNotResolved() async throws {
        try await FakeEnvironment.run { env in
            for address in ["alice@contoso.com", "room1@contoso.com", "nobody@contoso.com"] {
                await expectError(.nameNotResolved) { _ = try await env.impersonating.rooms(inList: address, timeout: FakeEnvironment.callTimeout) }
            }
        }
    }

    @Test func anOrganizationWithoutRoomListsHasNone() async throws {
        let fixture = FakeEnvironment.fixture.replacingOccurrences(of: #""mailboxes": ["#, with: #""roomLists": [], "mailboxes": ["#)
        try await FakeEnvironment.run(fixture: fixture) { env in
            let lists = try await env.impersonating.roomLists(timeout: FakeEnvironment.callTimeout)
            #expect(lists.isEmpty)
            await expectError(.nameNotResolved) { _ = try await env.impersonating.rooms(inList: "allrooms@contoso.com", timeout: FakeEnvironment.callTimeout) }
        }
    }

    @Test func throttledRoomListsAreRetriedOnce() async throws {
        try await FakeEnvironment.run { env in
            _ = try await env.control("POST", "/_fake/faults", body: #"{"fault": "serverBusy", "operation": "GetRoomLists", "count": 1, "backOffMilliseconds": 50}"#)
            let lists = try await env.impersonating.roomLists(timeout: FakeEnvironment.callTimeout)
            #expect(lists.count == 1)
            let stats = try await env.control("GET", "/_fake/stats")
            #expect(stats.body.contains(#""GetRoomLists":2"#), "\(stats.body)")
        }
    }
}

/// Answers written by hand after the examples of MS-OXWSGTRM 4.1/4.2 and the GetRoomLists/GetRooms
/// reference pages (the response element in a default namespace, `m:` only on the payload), with a
/// 2016 ServerVersionInfo instead of the examples' 2010 one, which this client refuses as too old.
@Suite struct RoomDirectoryParsingTests {
    static let header = """
        <s:Header><h:ServerVersionInfo MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11" xmlns:h="http://schemas.microsoft.com/exchange/services/2006/types" xmlns="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"/></s:Header>
        """

    static func answer(_ body: String) -> TransportResponse {
        let text = """
            <?xml version="1.0" encoding="utf-8"?>
            <s:Envelope xmlns:s="http://schemas.xmlsoap.org/soap/envelope/">\(header)
              <s:Body xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema">\(body)</s:Body>
            </s:Envelope>
            """
        return TransportResponse(status: 200, headers: [(name: "Content-Type", value: "text/xml; charset=utf-8")],
                                 body: Array(text.utf8), newConnections: 0, remoteAddress: "127.0.0.1")
    }

    static let handWrittenRoomLists = answer("""
        <GetRoomListsResponse ResponseClass="Success" xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
          <ResponseCode>NoError</ResponseCode>
          <m:RoomLists xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
            <t:Address xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
              <t:Name>Contoso Rooms</t:Name>
              <t:EmailAddress>rooms@contoso.com</t:EmailAddress>
              <t:RoutingType>SMTP</t:RoutingType>
              <t:MailboxType>PublicDL</t:MailboxType>
            </t:Address>
          </m:RoomLists>
        </GetRoomListsResponse>
        """)

    static let handWrittenRooms = answer("""
        <GetRoomsResponse ResponseClass="Success" xmlns="http://schemas.microsoft.com/exchange/services/2006/messages">
          <ResponseCode>NoError</ResponseCode>
          <m:Rooms xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
            <t:Room xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
              <t:Id>
                <t:Name>Conf Room 11/101 (8) AV</t:Name>
                <t:EmailAddress>Cf11101@contoso.com</t:EmailAddress>
                <t:RoutingType>SMTP</t:RoutingType>
                <t:MailboxType>Mailbox</t:MailboxType>
              </t:Id>
            </t:Room>
            <t:Room xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">
              <t:Id><t:EmailAddress>Cf11102@contoso.com</t:EmailAddress><t:RoutingType>SMTP</t:RoutingType></t:Id>
            </t:Room>
          </m:Rooms>
        </GetRoomsResponse>
        """)

    static let handWrittenNoResults = answer("""
        <m:GetRoomsResponse ResponseClass="Error" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
          <m:MessageText>Es wurden keine Ergebnisse gefunden.</m:MessageText>
          <m:ResponseCode>ErrorNameResolutionNoResults</m:ResponseCode>
          <m:DescriptiveLinkKey>0</m:DescriptiveLinkKey>
        </m:GetRoomsResponse>
        """)

    @Test func roomListsInTheDocumentedShape() throws {
        let response = try SOAPResponse.parse(Self.handWrittenRoomLists)
        #expect(response.serverVersion?.major == 15)
        #expect(try EWSClient.roomLists(from: response) == [RoomDirectoryEntry(name: "Contoso Rooms", address: "rooms@contoso.com")])
    }

    @Test func roomsInTheDocumentedShapeANamelessRoomIsNamedByItsAddress() throws {
        #expect(try EWSClient.rooms(from: try SOAPResponse.parse(Self.handWrittenRooms)) == [
            RoomDirectoryEntry(name: "Conf Room 11/101 (8) AV", address: "Cf11101@contoso.com"),
            RoomDirectoryEntry(name: "Cf11102@contoso.com", address: "Cf11102@contoso.com"),
        ])
    }

    @Test func noResultsIsNameNotResolvedWhateverTheLanguage() throws {
        let response = try SOAPResponse.parse(Self.handWrittenNoResults)
        #expect(throws: EWSError.nameNotResolved) { try EWSClient.rooms(from: response) }
    }

    @Test func anotherErrorKeepsItsCode() throws {
        let response = try SOAPResponse.parse(Self.answer("""
            <m:GetRoomListsResponse ResponseClass="Error" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
              <m:MessageText>Access is denied.</m:MessageText><m:ResponseCode>ErrorAccessDenied</m:ResponseCode>
            </m:GetRoomListsResponse>
            """))
        #expect(throws: EWSError.accessDenied(code: "ErrorAccessDenied")) { try EWSClient.roomLists(from: response) }
        let other = try SOAPResponse.parse(Self.answer("""
            <m:GetRoomListsResponse ResponseClass="Error" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages">
              <m:MessageText>Try later.</m:MessageText><m:ResponseCode>ErrorInternalServerTransientError</m:ResponseCode>
            </m:GetRoomListsResponse>
            """))
        #expect(throws: EWSError.exchange(code: "ErrorInternalServerTransientError", message: "Try later.")) { try EWSClient.roomLists(from: other) }
    }

    @Test func successWithoutAPayloadIsEmpty() throws {
        let response = try SOAPResponse.parse(Self.answer("""
            <m:GetRoomListsResponse ResponseClass="Success" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><m:ResponseCode>NoError</m:ResponseCode></m:GetRoomListsResponse>
            """))
        #expect(try EWSClient.roomLists(from: response).isEmpty)
    }

    /// The single-message shape needs ResponseClass on a response element in the messages namespace;
    /// anything else is still "no ResponseMessages".
    @Test(arguments: [
        #"<m:GetRoomListsResponse xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><m:ResponseCode>NoError</m:ResponseCode></m:GetRoomListsResponse>"#,
        #"<GetRoomListsResponse ResponseClass="Success" xmlns="urn:other"><ResponseCode>NoError</ResponseCode></GetRoomListsResponse>"#,
    ])
    func otherShapesAreMalformed(body: String) {
        #expect(throws: EWSError.malformedResponse("no ResponseMessages in the body")) { try SOAPResponse.parse(Self.answer(body)) }
    }

    @Test func theDocumentedExchange2010HeaderIsTooOld() {
        let old = String(decoding: Self.handWrittenRoomLists.body, as: UTF8.self)
            .replacingOccurrences(of: #"MajorVersion="15" MinorVersion="1" MajorBuildNumber="2507" MinorBuildNumber="6" Version="V2017_07_11""#,
                                  with: #"MajorVersion="14" MinorVersion="1" MajorBuildNumber="164" MinorBuildNumber="0" Version="Exchange2010_SP1""#)
        let response = TransportResponse(status: 200, headers: [(name: "Content-Type", value: "text/xml; charset=utf-8")],
                                         body: Array(old.utf8), newConnections: 0, remoteAddress: "127.0.0.1")
        #expect(throws: EWSError.exchangeTooOld(ServerVersion(major: 14, minor: 1, majorBuild: 164, minorBuild: 0, name: "Exchange2010_SP1"))) {
            try SOAPResponse.parse(response)
        }
    }
}
