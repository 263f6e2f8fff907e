// RoomStoreTests: what 0009_rooms.sql and its stores keep: names unique ignoring case, updates that never lose
// another's change, one default profile, devices, bookings and dialogs, and deletes that stay in their organization.
import Foundation
import Storage
import Testing

@Suite struct RoomStoreTests {
    private func fixture(_ engine: DatabaseEngine) async throws -> any SQLDatabase {
        let database = try await migratedDatabase(engine)
        let organizations = SQLOrganizationStore(database: database)
        _ = try await createOrganization("org-1", in: organizations)
        _ = try await createOrganization("org-2", in: organizations)
        return database
    }

    func profile(_ id: String, _ name: String, organization: String = "org-1") -> RoomProfileRecord {
        RoomProfileRecord(id: id, organizationID: organization, name: name, address: "1 Main St", timeZone: "UTC", isDefault: false, settings: "{}",
                          createdAt: time())
    }

    @Test(arguments: DatabaseEngine.allCases) func roomUpdatesCompareAndSwapAndNamesAreUniqueIgnoringCase(engine: DatabaseEngine) async throws {
        let database = try await fixture(engine)
        let rooms = SQLRoomStore(database: database)
        try await rooms.create(RoomRecord(id: "rm_1", organizationID: "org-1", name: "Boardroom", description: nil, profileID: nil,
                                          calendarMailbox: "boardroom@contoso.com", createdAt: time()))
        try await rooms.create(RoomRecord(id: "rm_2", organizationID: "org-2", name: "Boardroom", description: nil, profileID: nil,
                                          calendarMailbox: nil, createdAt: time()))
        await #expect(throws: StorageError.self) {
            try await rooms.create(RoomRecord(id: "rm_3", organizationID: "org-1", name: "BOARDROOM", description: nil, profileID: nil,
                                              calendarMailbox: nil, createdAt: time()))
        }
        var first = try #require(try await rooms.room(id: "rm_1", organizationID: "org-1"))
        var second = first
        first.name = "Board Room"
        #expect(try await rooms.update(first))
        second.calendarMailbox = nil
        do {
            _ = try await rooms.update(second)
            Issue.record("an update from a stale read was written")
        } catch StorageError.conflict(let what) {
            #expect(what == NameConflict.changed)
        }
        let stored = try #require(try await rooms.room(id: "rm_1", organizationID: "org-1"))
        #expect(stored.name == "Board Room" && stored.calendarMailbox == "boardroom@contoso.com" && stored.version == 1)
        // Another organization's id is no room here.
        let foreign = RoomRecord(id: "rm_2", organizationID: "org-1", name: "X", description: nil, profileID: nil, calendarMailbox: nil, createdAt: time())
        #expect(try await rooms.update(foreign) == false)
        #expect(try await rooms.delete(id: "rm_2", organizationID: "org-1") == false)
        // A room on a profile that does not exist (deleted meanwhile) is refused.
        await #expect(throws: StorageError.self) {
            try await rooms.create(RoomRecord(id: "rm_4", organizationID: "org-1", name: "Focus", description: nil, profileID: "prf_gone",
                                              calendarMailbox: nil, createdAt: time()))
        }
    }

    @Test(arguments: DatabaseEngine.allCases) func oneDefaultProfileAndRoomsFallBackToIt(engine: DatabaseEngine) async throws {
        let database = try await fixture(engine)
        let profiles = SQLRoomProfileStore(database: database), rooms = SQLRoomStore(database: database)
        #expect(try await profiles.create(profile("prf_a", "A")).isDefault, "the first is the default")
        #expect(try await profiles.create(profile("prf_b", "B")).isDefault == false)
        var b = try #require(try await profiles.profile(id: "prf_b", organizationID: "org-1"))
        b.isDefault = true
        #expect(try await profiles.update(b))
        #expect(try await profiles.defaultProfile(organizationID: "org-1")?.id == "prf_b")
        #expect(try await profiles.profile(id: "prf_a", organizationID: "org-1")?.isDefault == false)
        // The database refuses a second default however it is written.
        await #expect(throws: StorageError.self) { try await database.run("UPDATE room_profiles SET is_default = 1 WHERE id = 'prf_a'") }
        try await rooms.create(RoomRecord(id: "rm_1", organizationID: "org-1", name: "Boardroom", description: nil, profileID: "prf_a",
                                          calendarMailbox: nil, createdAt: time()))
        try await rooms.create(RoomRecord(id: "rm_2", organizationID: "org-1", name: "Focus", description: nil, profileID: nil,
                                          calendarMailbox: nil, createdAt: time()))
        let byProfile = try await rooms.search(organizationID: "org-1", Search<RoomSearchField>(filters: [(.profileName, ["B"])], limit: 10))
        #expect(byProfile.rooms.map(\.id) == ["rm_2"] && byProfile.total == 1, "a room without a profile has the default's")
        #expect(try await profiles.delete(id: "prf_a", organizationID: "org-1"))
        #expect(try await rooms.room(id: "rm_1", organizationID: "org-1")?.profileName == "B")
    }

    @Test(arguments: DatabaseEngine.allCases) func devicesBookingsAndDialogs(engine: DatabaseEngine) async throws {
        let database = try await fixture(engine)
        let rooms = SQLRoomStore(database: database)
        try await rooms.create(RoomRecord(id: "rm_1", organizationID: "org-1", name: "Boardroom", description: nil, profileID: nil, calendarMailbox: nil, createdAt: time()))
        try await rooms.create(RoomRecord(id: "rm_2", organizationID: "org-1", name: "Focus", description: nil, profileID: nil, calendarMailbox: nil, createdAt: time()))
        #expect(try await rooms.placeDevice("amzn1.ask.device.X", roomID: "rm_1", organizationID: "org-1", at: time()))
        #expect(try await rooms.placeDevice("amzn1.ask.device.X", roomID: "rm_2", organizationID: "org-1", at: time(1)))
        #expect(try await rooms.room(deviceID: "amzn1.ask.device.X", organizationID: "org-1")?.id == "rm_2", "moved, not in two rooms")
        #expect(try await rooms.room(deviceID: "amzn1.ask.device.X", organizationID: "org-2") == nil)
        #expect(try await rooms.placeDevice("amzn1.ask.device.Y", roomID: "rm_1", organizationID: "org-2", at: time()) == false)
        try await rooms.saveBooking(RoomBookingRecord(itemID: "item-1", organizationID: "org-1", roomID: "rm_1", start: time(100), end: time(1900), createdAt: time()))
        #expect(try await rooms.bookings(roomID: "rm_1", organizationID: "org-1", overlapping: time(500), time(501)).map(\.itemID) == ["item-1"])
        #expect(try await rooms.bookings(roomID: "rm_1", organizationID: "org-1", overlapping: time(1900), time(2000)).isEmpty, "ends are exclusive")
        try await rooms.saveSession(id: "vs_1", roomID: "rm_1", organizationID: "org-1", state: "{\"durationSeconds\":1800}", expiresAt: time(300), now: time())
        #expect(try await rooms.session(id: "vs_1", organizationID: "org-1", now: time(10))?.roomID == "rm_1")
        #expect(try await rooms.session(id: "vs_1", organizationID: "org-1", now: time(300)) == nil, "expired")
        #expect(try await rooms.delete(id: "rm_1", organizationID: "org-1"))
        #expect(try await rooms.bookings(roomID: "rm_1", organizationID: "org-1", overlapping: time(0), time(5000)).isEmpty)
    }

    @Test(arguments: DatabaseEngine.allCases) func deletingAProviderTouchesOnlyItsOrganization(engine: DatabaseEngine) async throws {
        let database = try await fixture(engine)
        let providers = SQLConferenceProviderStore(database: database)
        try await providers.create(ConferenceProviderRecord(id: "cnf_b", organizationID: "org-2", name: "Zoom", settings: "{}", createdAt: time()))
        try await providers.setPreference(providerID: "cnf_b", organizationID: "org-2")
        #expect(try await providers.delete(id: "cnf_b", organizationID: "org-1") == false)
        #expect(try await providers.preference(organizationID: "org-2") == "cnf_b", "another organization's delete clears nothing")
        #expect(try await providers.delete(id: "cnf_b", organizationID: "org-2"))
        #expect(try await providers.preference(organizationID: "org-2") == nil)
    }
}
