// DemoSeed: what `serve --demo` puts in an empty data dir: an organization linked to the demo's fake Exchange, two
// users registered with their calendars linked, a password that expires in 10 days, a meeting room on the fixture's
// room mailbox and an AWS access key for the AWS-compatible API. Through the use cases, as
// an admin would through the API.
import CalendarBackend
import Foundation
import Logging
import Storage

struct DemoSeed {
    static let organizationName = "Contoso"
    static let timeZone = "America/New_York"
    /// Days until the seeded service-account password expires: inside the 14-day window, so the first warning,
    /// the expiry view and the health event show at once.
    static let expiresInDays = 10.0

    let organizations: OrganizationService
    let exchange: ExchangeLinkService
    let enrollment: EnrollmentService
    let calendars: CalendarLinkService
    let rooms: RoomService
    let awsCredentials: AWSCredentialService
    let clock: any WallClock
    let logger: Logger

    /// The demo's credentials: seeded now when the data dir has none, else as kept (finishing a seed a crash cut
    /// short; never re-seeding what is complete). The link follows the fake Exchange when its port changed.
    func run(exchange demo: DemoExchange, dataDirectory: String) async throws -> DemoCredentials {
        var credentials: DemoCredentials
        if let kept = try DemoCredentials.load(from: dataDirectory) {
            credentials = kept
        } else {
            let created = try await organizations.create(name: try OrganizationName(Self.organizationName), timeZone: try TimeZoneName(Self.timeZone))
            credentials = DemoCredentials(organizationId: created.organization.id, apiKey: created.apiKey, users: demo.users,
                                          exchangePort: demo.server.port, complete: false)
            // Kept at once: a crash from here on resumes this organization instead of making a second one.
            try credentials.save(in: dataDirectory)
            logger.notice("demo: seeding organization \(Self.organizationName)", metadata: ["organization": "\(created.organization.id)"])
        }
        if !credentials.complete {
            try await seed(&credentials, exchange: demo)
            credentials.complete = true
        } else if credentials.exchangePort != demo.server.port {
            try await repoint(credentials, exchange: demo)
        }
        // Rooms and AWS credentials came later: a demo seeded before them gets them now, once.
        try await seedRoomAndAWSKey(&credentials, exchange: demo, dataDirectory: dataDirectory)
        credentials.exchangePort = demo.server.port
        try credentials.save(in: dataDirectory)
        return credentials
    }

    /// Each step only when it is not done yet, so a seed a crash interrupted finishes without doubles.
    private func seed(_ credentials: inout DemoCredentials, exchange demo: DemoExchange) async throws {
        let organization = credentials.organizationId
        if (try? await exchange.view(organizationID: organization)) == nil {
            // An hour over, so the banner and the expiry view say 10 days left rather than 9 and some hours.
            let expires = clock.now().addingTimeInterval(Self.expiresInDays * 86_400 + 3600)
            try await link(organization, demo, expiresAt: expires)
        }
        for email in credentials.users {
            let found = try await enrollment.list(organizationID: organization, status: nil, email: email, try PageRequest(cursor: nil, limit: 1)).items.first
            var user: UserView
            if let found { user = found } else { user = try await enrollment.create(organizationID: organization, try NewUserInput(email: email).validated()) }
            if user.enrollmentStatus != "REGISTERED" {
                let invitation = try await enrollment.invite(organizationID: organization, userID: user.id)
                user = try await enrollment.accept(token: invitation.token, alexaUserID: Self.alexaUserID(email))
            }
            if user.calendar == nil {
                _ = try await calendars.link(organizationID: organization, userID: user.id)
            }
        }
    }

    /// The meeting room on the fixture's room mailbox (validated live, as an admin's would be) and an AWS access key.
    /// Each is written to the credentials file as soon as it exists, so a crash in between never makes a second one.
    private func seedRoomAndAWSKey(_ credentials: inout DemoCredentials, exchange demo: DemoExchange, dataDirectory: String) async throws {
        if credentials.roomId == nil, let room = demo.room {
            let existing = try await rooms.search(organizationID: credentials.organizationId, Search<RoomSearchField>(
                filters: [(.roomName, [room.name])], limit: 1)).rooms.first
            if let existing {
                credentials.roomId = existing.id
            } else {
                credentials.roomId = try await rooms.create(organizationID: credentials.organizationId,
                                                            NewRoom(name: room.name, calendarMailbox: room.address)).id
            }
            try credentials.save(in: dataDirectory)
        }
        if credentials.awsAccessKeyId == nil {
            let key = try await awsCredentials.issue(organizationID: credentials.organizationId)
            credentials.awsAccessKeyId = key.accessKeyId
            credentials.awsSecretAccessKey = key.secretAccessKey
            try credentials.save(in: dataDirectory)
        }
    }

    /// The fake Exchange came up on another port (the kept one was taken): link again to its new address, with the
    /// same account and expiry. A re-link is a new expiry cycle, so its first warning is sent again.
    private func repoint(_ credentials: DemoCredentials, exchange demo: DemoExchange) async throws {
        let current = try? await exchange.view(organizationID: credentials.organizationId)
        guard let current, current.ewsUrl.hasPrefix("http://127.0.0.1:") else { return }  // unlinked or changed by a user: theirs
        logger.warning("demo: the fake Exchange's port changed; re-linking the demo organization to it",
                       metadata: ["old_port": "\(credentials.exchangePort)", "new_port": "\(demo.server.port)"])
        try await link(credentials.organizationId, demo, expiresAt: current.passwordExpiresAt)
    }

    private func link(_ organization: String, _ demo: DemoExchange, expiresAt: Date?) async throws {
        let input = ExchangeAccountInput(upn: demo.serviceAccount.upn, password: demo.serviceAccount.password, ewsUrl: demo.ewsURL,
                                         accessMethod: "impersonation", passwordExpiresAt: expiresAt.map { ISO8601DateFormatter().string(from: $0) },
                                         testMailbox: demo.users.first)
        _ = try await exchange.link(organizationID: organization, try input.validated(), caller: .admin)
    }

    /// `amzn1.ask.account.demo-alice` for alice@contoso.com.
    static func alexaUserID(_ email: String) -> String {
        "amzn1.ask.account.demo-" + (email.split(separator: "@").first.map(String.init) ?? email)
    }
}

