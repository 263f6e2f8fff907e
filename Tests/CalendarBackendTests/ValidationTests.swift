// ValidationTests: the validated value types every front-end shares (e-mail, time zone, names, status), the file
// clock, and the shape of invitation tokens.
@testable import CalendarBackend
import Foundation
import Storage
import Testing

@Suite struct ValidationTests {
    // MARK: EmailAddress

    @Test(arguments: [
        ("alice@contoso.com", "alice@contoso.com"),
        ("a.b+c@mail.contoso.co.uk", "a.b+c@mail.contoso.co.uk"),
        ("alice@contoso.com ", "alice@contoso.com"),          // surrounding spaces are trimmed
        ("  Alice@Contoso.com", "Alice@Contoso.com"),          // and the case is kept
        ("a_b-c@x-y.example", "a_b-c@x-y.example"),
        ("alice@ab.co", "alice@ab.co"),                        // the shortest domain: a label, one more character, 2-letter TLD
        ("alice@contoso.abcdefghijklmnopqrstuvwx", "alice@contoso.abcdefghijklmnopqrstuvwx"),  // 24-character TLD
        ("alice@contoso.c0m", "alice@contoso.c0m"),           // digits in the TLD
    ])
    func emailAddressesAlexaForBusinessAcceptsAreKept(raw: String, value: String) throws {
        #expect(try EmailAddress(raw).value == value)
    }

    @Test(arguments: [
        "alice", "@contoso.com", "alice@contoso", "alice@.com", "alice@contoso.c", "alice@a.co", "", "a,b@contoso.com",
        ".alice@contoso.com",                     // the local part starts with a word character
        "alice@-contoso.com",                     // so does the domain
        "alice@contoso.com.",                     // ends in a TLD
        "alice@contoso.c_m",                      // TLDs are letters and digits
        "alice@contoso.abcdefghijklmnopqrstuvwxy", // 25-character TLD
        "ali ce@contoso.com", "alice@@contoso.com", "alice@con@toso.com", "alice@contoso.com\n",
        "josé@contoso.com", "alice@contosö.com", "alice@contoso.cöm", "аlice@contoso.com",  // non-ASCII (the last a is Cyrillic)
    ])
    func emailAddressesOfAnotherShapeAreRefused(raw: String) {
        let error = #expect(throws: ServiceError.self) { try EmailAddress(raw) }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "email")
    }

    @Test func emailAddressesAreAtMost128Characters() throws {
        let domain = "@contoso.com"
        let longest = String(repeating: "a", count: 128 - domain.count) + domain
        #expect(longest.count == 128)
        #expect(try EmailAddress(longest).value == longest)
        let tooLong = "a" + longest
        let error = #expect(throws: ServiceError.self) { try EmailAddress(tooLong) }
        #expect(error?.code == .invalidInput)
        // Trimming happens before the count: 128 characters and a space are fine.
        #expect(try EmailAddress(longest + " ").value == longest)
    }

    @Test func theEmailErrorNamesTheFieldItWasGiven() {
        let error = #expect(throws: ServiceError.self) { try EmailAddress("nope", field: "testMailbox") }
        #expect(error?.field == "testMailbox")
        #expect(error?.message.contains("testMailbox") == true)
    }

    @Test func theEmailKeyIsLowerCaseAndTheValueAsTyped() throws {
        let address = try EmailAddress("Alice.Smith@Contoso.COM")
        #expect(address.value == "Alice.Smith@Contoso.COM")
        #expect(address.key == "alice.smith@contoso.com")
        #expect(try EmailAddress("ALICE.SMITH@contoso.com").key == address.key)
        #expect(try EmailAddress("ALICE.SMITH@contoso.com") != address)
    }

    // MARK: TimeZoneName

    @Test(arguments: ["UTC", "America/New_York", "Europe/Berlin", "America/Argentina/Buenos_Aires", "US/Eastern", "Asia/Kolkata",
                      "EST", "MST", "HST"])  // three-letter names IANA does have
    func ianaTimeZoneNamesAreAccepted(name: String) throws {
        let zone = try TimeZoneName(name)
        #expect(zone.value == name)
        // Foundation names UTC "GMT"; every other zone keeps its IANA name.
        #expect(zone.timeZone.identifier == (name == "UTC" ? "GMT" : name))
    }

    @Test(arguments: [
        "Mars/Olympus", "GMT+5", "GMT-3", "+02:00", "utc", "europe/berlin", "", "../etc/passwd", "/etc/localtime",
        "Europe//Berlin", "Europe/Berlin/", "Europe/Berlin ", " UTC", "Europe/Bérlin",
        String(repeating: "A", count: 65),
        // ICU's legacy ids, which Foundation on Linux knows but IANA never had ("BST" would be Asia/Dhaka).
        "PST", "BST", "IST", "CST", "AST", "JST", "SystemV/AST4",
    ])
    func otherTimeZoneNamesAreRefusedNamingTheField(name: String) {
        let error = #expect(throws: ServiceError.self) { try TimeZoneName(name) }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "timeZone")
    }

    @Test func theUTCConstantIsUTC() throws {
        #expect(TimeZoneName.utc.value == "UTC")
        #expect(TimeZoneName.utc.timeZone.secondsFromGMT(for: Date(timeIntervalSince1970: 1_795_748_400)) == 0)
        #expect(try TimeZoneName("UTC") == TimeZoneName.utc)
    }

    @Test func aTimeZoneNameGivesItsZone() throws {
        // 2026-07-01T12:00:00Z: Berlin is on summer time (UTC+2), New York on EDT (UTC-4).
        let july = Date(timeIntervalSince1970: 1_782_907_200)
        #expect(try TimeZoneName("Europe/Berlin").timeZone.secondsFromGMT(for: july) == 7_200)
        #expect(try TimeZoneName("America/New_York").timeZone.secondsFromGMT(for: july) == -14_400)
    }

    // MARK: PersonName

    @Test func anAbsentOrEmptyNameIsNone() throws {
        #expect(try PersonName(nil, field: "firstName").value == nil)
        #expect(try PersonName("", field: "firstName").value == nil)
    }

    @Test(arguments: ["O'Brien-Smith Jr.", "José", "Zoë_2", "李小龍", "Ngũgĩ wa Thiong'o", String(repeating: "a", count: 30),
                      String(repeating: "é", count: 30)])
    func namesAlexaForBusinessAcceptsAreKept(name: String) throws {
        #expect(try PersonName(name, field: "firstName").value == name)
    }

    @Test(arguments: ["<script>", String(repeating: "a", count: 31), "Alice!", "a@b", "Tab\there", "Ann\nLee", "Robert'); DROP TABLE users;--"])
    func otherNamesAreRefusedNamingTheField(name: String) {
        let error = #expect(throws: ServiceError.self) { try PersonName(name, field: "lastName") }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "lastName")
    }

    // MARK: EnrollmentStatus

    @Test func everyStatusParsesFromItsAlexaForBusinessName() throws {
        for status in EnrollmentStatus.allCases {
            #expect(try EnrollmentStatus(parsing: status.rawValue) == status)
        }
        #expect(EnrollmentStatus.allCases.map(\.rawValue) == ["INITIALIZED", "PENDING", "REGISTERED", "DISASSOCIATING", "DEREGISTERING"])
    }

    @Test(arguments: ["pending", "Pending", "", "ACTIVE", " PENDING", "PENDING "])
    func anyOtherStatusIsRefusedNamingTheField(raw: String) {
        let error = #expect(throws: ServiceError.self) { try EnrollmentStatus(parsing: raw) }
        #expect(error?.code == .invalidInput)
        #expect(error?.field == "status")
    }

    @Test func onlyUsersNotYetJoinedAcceptInvitations() {
        #expect(EnrollmentStatus.allCases.filter(\.acceptsInvitation) == [.initialized, .pending])
    }

    // MARK: FileClock

    /// A path in a fresh directory that is removed afterwards; the file itself is not created.
    private func withClockFile(_ body: (String) throws -> Void) throws {
        let directory = FileManager.default.temporaryDirectory.appending(path: "a4b-clock-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try body(directory.appending(path: "now").path)
    }

    @Test func aMissingFileIsTheSystemTime() throws {
        try withClockFile { path in
            let now = FileClock(path: path).now()
            #expect(abs(now.timeIntervalSinceNow) < 60)
        }
    }

    @Test func theWrittenInstantIsTheTimeAndRewritingMovesIt() throws {
        try withClockFile { path in
            let clock = FileClock(path: path)
            try "2027-01-05T10:00:00Z\n".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(clock.now() == Date(timeIntervalSince1970: 1_799_143_200))
            #expect(clock.now() == Date(timeIntervalSince1970: 1_799_143_200))  // again, from the cache
            try "2027-01-05T10:00:30Z".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(clock.now() == Date(timeIntervalSince1970: 1_799_143_230))
            // Back in time is allowed too.
            try "  1999-12-31T23:59:59Z  ".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(clock.now() == Date(timeIntervalSince1970: 946_684_799))
        }
    }

    @Test(arguments: ["not a date", "", "2027-13-45T99:00:00Z", "1799143200"])
    func anUnreadableInstantIsTheSystemTime(garbage: String) throws {
        try withClockFile { path in
            let clock = FileClock(path: path)
            try "2001-01-01T00:00:00Z".write(toFile: path, atomically: true, encoding: .utf8)
            #expect(clock.now() == Date(timeIntervalSince1970: 978_307_200))
            try garbage.write(toFile: path, atomically: true, encoding: .utf8)
            #expect(abs(clock.now().timeIntervalSinceNow) < 60)
            // Removing the file returns to the system time as well.
            try FileManager.default.removeItem(atPath: path)
            #expect(abs(clock.now().timeIntervalSinceNow) < 60)
        }
    }

    // MARK: InvitationToken

    @Test func wellFormedTokensAreInvAnd64LowerCaseHexDigits() {
        let hex = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
        #expect(InvitationToken.isWellFormed("inv_" + hex))
        #expect(InvitationToken.isWellFormed("inv_" + String(repeating: "f", count: 64)))
    }

    @Test(arguments: [
        "inv_" + String(repeating: "a", count: 63),
        "inv_" + String(repeating: "a", count: 65),
        "inv_" + String(repeating: "A", count: 64),                          // upper-case hex
        "inv_" + String(repeating: "a", count: 63) + "g",
        "INV_" + String(repeating: "a", count: 64),
        "inx_" + String(repeating: "a", count: 64),
        "a4b_" + String(repeating: "a", count: 64),                          // an API key is not an invitation
        String(repeating: "a", count: 68),
        "inv_" + String(repeating: "a", count: 63) + " ",
        " inv_" + String(repeating: "a", count: 63),
        "inv_" + String(repeating: "a", count: 62) + "é",                    // 68 bytes, not hex
        "inv_", "",
    ])
    func anythingElseIsNotAToken(token: String) {
        #expect(!InvitationToken.isWellFormed(token))
    }

    @Test func theStoredHashIsTheTokensSHA256() {
        // FIPS 180-2's test vector for "abc".
        #expect(InvitationToken.hash("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let token = "inv_" + String(repeating: "0", count: 64)
        #expect(InvitationToken.hash(token) == sha256Hex(Array(token.utf8)))
        #expect(InvitationToken.hash(token) != InvitationToken.hash("inv_" + String(repeating: "0", count: 63) + "1"))
    }
}
