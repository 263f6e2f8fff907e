// VoiceServiceTests: voice turns without sockets: SQLite in memory, a scripted calendar, a fixed clock. Dialogs across
// turns (free text and ASK intents), account states, faults, the 401 rule, sessions and their owners.
import CalendarBackend
import Foundation
import Logging
import Storage
import Testing
import Voice

@Suite struct VoiceServiceTests {
    /// Wednesday 2026-12-02 09:30 in Los Angeles (17:30Z).
    static let now = Date(timeIntervalSince1970: 1_796_232_600)

    struct Harness {
        let voice: VoiceService
        let calendar: ScriptedVoiceCalendar
        let exchange: ExchangeLinkService
        let enrollment: EnrollmentService
        let calendars: CalendarLinkService
        let sessions: SQLVoiceSessionStore
        let database: SQLiteDatabase
        let clock: ManualClock
        let organizationID: String
        /// Alice: REGISTERED as amzn1.ask.account.alice, calendar linked to alice@contoso.com.
        let aliceID: String

        func turn(_ utterance: String, session: String? = nil, as user: String = "alice@contoso.com", timeZone: String? = nil) async throws -> VoiceAnswer {
            try await voice.answer(VoiceRequest(organizationID: organizationID, speaker: .user(user), input: .utterance(utterance), sessionID: session,
                                                timeZone: try timeZone.map { try TimeZoneName($0) }))
        }

        func ask(_ intent: VoiceIntent, _ confirmation: VoiceInput.Confirmation = .none, session: String,
                 account: String = "amzn1.ask.account.alice") async throws -> VoiceAnswer {
            try await voice.answer(VoiceRequest(organizationID: organizationID, speaker: .alexaAccount(account),
                                                input: .intent(intent, confirmation: confirmation), sessionID: session))
        }

        var sessionCount: Int {
            get throws { try database.query("SELECT COUNT(*) AS n FROM voice_sessions").first!.get("n", as: Int.self) }
        }
    }

    static let la = TimeZone(identifier: "America/Los_Angeles")!

    /// An event on the Los Angeles clock: `day` of December 2026 at `hour`:`minute`.
    static func event(_ id: String, _ subject: String, day: Int, hour: Int, minute: Int = 0, minutes: Int = 60, location: String? = nil,
                      isPrivate: Bool = false) -> VoiceEvent {
        let start = CalendarDay(year: 2026, month: 12, day: day)!.at(hour: hour, minute: minute, in: la)
        return VoiceEvent(id: id, changeKey: "ck-\(id)", subject: subject, start: start, end: start.addingTimeInterval(Double(minutes) * 60),
                          location: location, organizer: "Alice Jones", isPrivate: isPrivate)
    }

    static let aliceEvents = [
        event("e1", "Standup", day: 3, hour: 9, minutes: 30),
        event("e2", "Lunch with Sam", day: 3, hour: 12, minute: 30, location: "Cafe Rio"),
        event("e3", "Doctor", day: 3, hour: 16, location: "Clinic", isPrivate: true),
        event("e4", "Design review", day: 2, hour: 14),
        event("e5", "Budget sync", day: 2, hour: 14, minute: 0, minutes: 30),
        event("e6", "Dinner", day: 2, hour: 19, minutes: 90),
    ]

    private func harness(events: [VoiceEvent] = aliceEvents, deadline: Duration = .seconds(3),
                         stopwatch: any MonotonicClock = SteppingStopwatch(step: .zero)) async throws -> Harness {
        let database = try SQLiteDatabase(path: ":memory:")
        let logger = Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }
        _ = try MigrationRunner(database: database, logger: logger).migrate()
        let clock = ManualClock(Self.now)
        let organizationStore = SQLOrganizationStore(database: database)
        let organizations = OrganizationService(store: organizationStore, adminToken: String(repeating: "a", count: 32), clock: clock)
        let exchange = ExchangeLinkService(links: SQLExchangeLinkStore(database: database), secrets: try SecretBox(key: [UInt8](repeating: 5, count: 32)),
                                           check: ScriptedCheck(ScriptedCheck.passing), clock: clock, logger: logger)
        let users = SQLUserStore(database: database)
        let enrollment = EnrollmentService(users: users, organizations: organizationStore, secrets: try SecretBox(key: [UInt8](repeating: 5, count: 32)),
                                           clock: clock) { "http://127.0.0.1/v1/invitations/" + $0 }
        let calendars = CalendarLinkService(users: users, exchange: exchange, check: ScriptedCalendarCheck(), clock: clock, logger: logger)
        let calendar = ScriptedVoiceCalendar(["alice@contoso.com": events])
        let sessions = SQLVoiceSessionStore(database: database)
        let voice = VoiceService(users: users, organizations: organizationStore, sessions: sessions, exchange: exchange, calendar: calendar,
                                 clock: clock, stopwatch: stopwatch, settings: VoiceService.Settings(deadline: deadline), logger: logger)
        let organizationID = try await organizations.create(name: try OrganizationName("Contoso"), timeZone: try TimeZoneName("America/Los_Angeles")).organization.id
        try await Self.link(exchange, organizationID)
        let alice = try await Self.register(enrollment, organizationID, email: "alice@contoso.com", account: "amzn1.ask.account.alice")
        _ = try await calendars.link(organizationID: organizationID, userID: alice)
        return Harness(voice: voice, calendar: calendar, exchange: exchange, enrollment: enrollment, calendars: calendars, sessions: sessions,
                       database: database, clock: clock, organizationID: organizationID, aliceID: alice)
    }

    static func link(_ exchange: ExchangeLinkService, _ organizationID: String) async throws {
        _ = try await exchange.link(organizationID: organizationID, try ExchangeAccountInput(
            upn: "svc@contoso.com", password: "pw", ewsUrl: "https://mail.contoso.com/EWS/Exchange.asmx", accessMethod: "impersonation").validated(),
            caller: .admin)
    }

    /// A user who accepted an invitation as `account`; returns the user id.
    static func register(_ enrollment: EnrollmentService, _ organizationID: String, email: String, account: String?) async throws -> String {
        let user = try await enrollment.create(organizationID: organizationID, try NewUserInput(email: email).validated())
        if let account {
            let invitation = try await enrollment.invite(organizationID: organizationID, userID: user.id)
            _ = try await enrollment.accept(token: invitation.token, alexaUserID: account)
        }
        return user.id
    }

    // MARK: - Reads

    @Test func aReadIsOneCalendarCallAndWritesNoSession() async throws {
        let h = try await harness()
        let answer = try await h.turn("what's on my calendar tomorrow")
        #expect(answer.speech?.plain == "Tomorrow you have 3 events. At 9 AM, Standup. At 12:30 PM, Lunch with Sam, at Cafe Rio. At 4 PM, a private appointment.")
        #expect(answer.shouldEndSession)
        #expect(answer.intent == VoiceIntent(.getEvents, date: .day(CalendarDay(year: 2026, month: 12, day: 3)!)))
        #expect(answer.events.map(\.id) == ["e1", "e2", "e3"])
        #expect(answer.events[2].subject == "Private appointment" && answer.events[2].location == nil, "a private event shows no subject or location")
        #expect(h.calendar.calls == ["events alice@contoso.com"])
        #expect(try h.sessionCount == 0)
        #expect(answer.sessionID.hasPrefix("vs_"), "a session id is made up when none is given: \(answer.sessionID)")
    }

    @Test func todayIsWhatIsLeftOfItInTheUsersZoneAndTheRequestZoneOverridesIt() async throws {
        let h = try await harness()
        let today = try await h.turn("what's on my calendar today")
        #expect(today.speech?.plain == "For the rest of today you have 3 events. At 2 PM, Budget sync. At 2 PM, Design review. At 7 PM, Dinner.")
        // 17:30Z is already Thursday 02:30 in Tokyo: "today" there holds Thursday's LA morning events.
        let tokyo = try await h.turn("what's on my calendar this morning", timeZone: "Asia/Tokyo")
        #expect(tokyo.speech?.plain.hasPrefix("This morning you have") == true || tokyo.speech?.plain.hasPrefix("You have no events") == true, "\(tokyo.speech?.plain ?? "")")
        let window = WindowResolver.window(date: nil, time: .period(.morning), now: Self.now, timeZone: TimeZone(identifier: "Asia/Tokyo")!)
        #expect(tokyo.events.allSatisfy { $0.end > window.start && $0.start < window.end })
    }

    @Test func theNextMeetingIsTheFirstThatStartsAfterNow() async throws {
        let h = try await harness()
        let answer = try await h.turn("what's my next meeting")
        #expect(answer.speech?.plain == "Your next event is Budget sync, today at 2 PM.")
        #expect(answer.events.map(\.id) == ["e5"])
    }

    // MARK: - Adding

    @Test func addingAsksForWhatIsMissingAcrossTurnsThenConfirmsBeforeCreating() async throws {
        let h = try await harness()
        let first = try await h.turn("add lunch with Sam to my calendar on Friday")
        #expect(first.speech?.plain == Prompts.askTime)
        #expect(first.question == .slot("time") && !first.shouldEndSession)
        #expect(try h.sessionCount == 1, "the dialog is stored, not held in memory")
        let second = try await h.turn("at noon", session: first.sessionID)
        #expect(second.speech?.plain == "Lunch with Sam, Friday at noon, for an hour. Should I add it?")
        #expect(second.question == .confirmation && second.reprompt == "Should I add it?")
        #expect(!h.calendar.calls.contains { $0.hasPrefix("create") }, "nothing is created before the yes")
        let done = try await h.turn("yes", session: first.sessionID)
        #expect(done.speech?.plain == "Done. Lunch with Sam is on your calendar, Friday at noon.")
        #expect(done.shouldEndSession)
        let created = try #require(h.calendar.events(of: "alice@contoso.com").first { $0.subject == "Lunch with Sam" && $0.id.hasPrefix("evt-") })
        #expect(created.start == CalendarDay(year: 2026, month: 12, day: 4)!.at(hour: 12, minute: 0, in: Self.la))
        #expect(created.end.timeIntervalSince(created.start) == 3600, "one hour by default")
        #expect(try h.sessionCount == 0, "a dialog that ends is deleted")
    }

    @Test func aMissingTitleAndDayAreAskedForAndNoKeepsTheCalendarUnchanged() async throws {
        let h = try await harness()
        let first = try await h.turn("add an event")
        #expect(first.speech?.plain == Prompts.askTitle && first.question == .slot("title"))
        let second = try await h.turn("dentist", session: first.sessionID)
        #expect(second.speech?.plain == Prompts.askDate && second.question == .slot("date"))
        let third = try await h.turn("tomorrow at 3 PM for 30 minutes", session: first.sessionID)
        #expect(third.speech?.plain == "Dentist, tomorrow at 3 PM, for 30 minutes. Should I add it?")
        let no = try await h.turn("no", session: first.sessionID)
        #expect(no.speech?.plain == Prompts.notAdded && no.shouldEndSession)
        #expect(h.calendar.calls.isEmpty, "no calendar call at all: \(h.calendar.calls)")
    }

    @Test func somethingNotUnderstoodMidDialogAsksTheSameQuestionAgain() async throws {
        let h = try await harness()
        let first = try await h.turn("add lunch with Sam on Friday")
        let again = try await h.turn("purple elephants", session: first.sessionID)
        #expect(again.speech?.plain == "Sorry, I didn't get that. " + Prompts.askTime)
        #expect(again.question == .slot("time") && !again.shouldEndSession)
        let confirm = try await h.turn("at 1 PM", session: first.sessionID)
        #expect(confirm.speech?.plain == "Lunch with Sam, Friday at 1 PM, for an hour. Should I add it?")
    }

    @Test func askIntentsFollowTheSameDialogAndConfirmedOrDeniedDecides() async throws {
        let h = try await harness()
        let friday = DateSpec.day(CalendarDay(year: 2026, month: 12, day: 4)!)
        let partial = try await h.ask(VoiceIntent(.addEvent, date: friday, title: "Dentist"), session: "amzn1.echo-api.session.1")
        #expect(partial.question == .slot("time"))
        // Alexa sends the whole intent back with the slot filled.
        let full = VoiceIntent(.addEvent, date: friday, time: .clock(hour: 15, minute: 0), title: "Dentist", durationSeconds: 1800)
        let confirm = try await h.ask(full, session: "amzn1.echo-api.session.1")
        #expect(confirm.speech?.plain == "Dentist, Friday at 3 PM, for 30 minutes. Should I add it?" && confirm.question == .confirmation)
        let denied = try await h.ask(full, .denied, session: "amzn1.echo-api.session.1")
        #expect(denied.speech?.plain == Prompts.notAdded)
        _ = try await h.ask(full, session: "amzn1.echo-api.session.2")
        let confirmed = try await h.ask(full, .confirmed, session: "amzn1.echo-api.session.2")
        #expect(confirmed.speech?.plain == "Done. Dentist is on your calendar, Friday at 3 PM.")
        #expect(h.calendar.calls.filter { $0.hasPrefix("create") }.count == 1)
    }

    // MARK: - Moving and cancelling

    @Test func cancellingFindsTheEventByTimeConfirmsAndCancelsIt() async throws {
        let h = try await harness()
        let first = try await h.turn("cancel my standup tomorrow")
        #expect(first.speech?.plain == "Should I cancel Standup, tomorrow at 9 AM?")
        #expect(first.events.map(\.id) == ["e1"])
        let done = try await h.turn("yes", session: first.sessionID)
        #expect(done.speech?.plain == "Done. I canceled Standup, tomorrow at 9 AM.")
        #expect(h.calendar.calls.last == "cancel alice@contoso.com e1")
        #expect(!h.calendar.events(of: "alice@contoso.com").contains { $0.id == "e1" })
    }

    @Test func severalMatchesAskWhichOneAndTheAnswerPicksIt() async throws {
        let h = try await harness()
        let first = try await h.turn("cancel my meeting at 2 PM today")
        #expect(first.speech?.plain == "Which one: Budget sync at 2 PM or Design review at 2 PM?")
        #expect(first.question == .slot("title") && first.events.map(\.id).sorted() == ["e4", "e5"])
        let picked = try await h.turn("the design review", session: first.sessionID)
        #expect(picked.speech?.plain == "Should I cancel Design review, today at 2 PM?")
        let done = try await h.turn("yes", session: first.sessionID)
        #expect(done.speech?.plain == "Done. I canceled Design review, today at 2 PM.")
        #expect(h.calendar.calls.last == "cancel alice@contoso.com e4")
    }

    @Test func movingKeepsTheLengthAndAsksWhereToWhenNotSaid() async throws {
        let h = try await harness()
        let first = try await h.turn("move my lunch tomorrow")
        #expect(first.speech?.plain == Prompts.askNewTime && first.question == .slot("newTime"))
        let confirm = try await h.turn("to 2 PM", session: first.sessionID)
        #expect(confirm.speech?.plain == "Should I move Lunch with Sam, tomorrow at 12:30 PM, to 2 PM?")
        let done = try await h.turn("yes", session: first.sessionID)
        #expect(done.speech?.plain == "Done. I moved it to tomorrow at 2 PM.")
        let moved = try #require(h.calendar.events(of: "alice@contoso.com").first { $0.id == "e2" })
        #expect(moved.start == CalendarDay(year: 2026, month: 12, day: 3)!.at(hour: 14, minute: 0, in: Self.la))
        #expect(moved.end.timeIntervalSince(moved.start) == 3600)
    }

    @Test func nothingMatchingIsSaidSo() async throws {
        let h = try await harness()
        let answer = try await h.turn("cancel my meeting at 6 AM tomorrow")
        #expect(answer.speech?.plain == Prompts.eventNotFound && answer.shouldEndSession)
    }

    // MARK: - Account states: spoken, not errors

    @Test func whoIsNotEnrolledOrNotLinkedHearsWhy() async throws {
        let h = try await harness()
        let unknown = try await h.voice.answer(VoiceRequest(organizationID: h.organizationID, speaker: .alexaAccount("amzn1.ask.account.stranger"), input: .launch))
        #expect(unknown.speech?.plain == Prompts.notEnrolled && unknown.shouldEndSession)
        _ = try await Self.register(h.enrollment, h.organizationID, email: "bob@contoso.com", account: nil)
        #expect(try await h.turn("what's on my calendar", as: "bob@contoso.com").speech?.plain == Prompts.notEnrolled, "invited or not, only REGISTERED users")
        _ = try await Self.register(h.enrollment, h.organizationID, email: "carol@contoso.com", account: "amzn1.ask.account.carol")
        #expect(try await h.turn("what's on my calendar", as: "carol@contoso.com").speech?.plain == Prompts.calendarNotLinked)
        try await h.exchange.unlink(organizationID: h.organizationID, caller: .admin)
        #expect(try await h.turn("what's on my calendar").speech?.plain == Prompts.organizationNotLinked)
        #expect(h.calendar.calls.isEmpty)
    }

    @Test func anAlexaAccountOfAnotherOrganizationIsNobodyHere() async throws {
        let h = try await harness()
        let other = try await h.voice.answer(VoiceRequest(organizationID: h.organizationID, speaker: .alexaAccount("amzn1.ask.account.alice"),
                                                          input: .utterance("what's on my calendar")))
        #expect(other.speech?.plain.hasPrefix("For the rest of today") == true, "alice's own account works")
        // Same account, asked through another organization's endpoint.
        let database = h.database
        try database.execute("INSERT INTO organizations (id, name, created_at, time_zone) VALUES ('org_other', 'Other', '2026-01-01T00:00:00Z', 'UTC')")
        let elsewhere = try await h.voice.answer(VoiceRequest(organizationID: "org_other", speaker: .alexaAccount("amzn1.ask.account.alice"), input: .launch))
        #expect(elsewhere.speech?.plain == Prompts.notEnrolled)
    }

    // MARK: - Faults

    @Test(arguments: [
        (VoiceCalendarError.unavailable("timed out"), Prompts.calendarUnreachable),
        (.accessDenied("ErrorImpersonateUserDenied"), Prompts.calendarAccessDenied),
    ])
    func calendarFailuresAreSpoken(_ failure: VoiceCalendarError, _ speech: String) async throws {
        let h = try await harness()
        h.calendar.fail(with: failure)
        let answer = try await h.turn("what's on my calendar tomorrow")
        #expect(answer.speech?.plain == speech && answer.shouldEndSession)
    }

    @Test func a401MarksTheLinkAndLaterTurnsDoNotCallExchangeUntilARelink() async throws {
        let h = try await harness()
        h.calendar.fail(with: .credentialsRejected)
        #expect(try await h.turn("what's on my calendar").speech?.plain == Prompts.credentialsRejected)
        #expect(try await h.exchange.view(organizationID: h.organizationID).status == "credentialsRejected")
        let callsAfterFirst = h.calendar.calls.count
        #expect(try await h.turn("what's my next meeting").speech?.plain == Prompts.credentialsRejected)
        #expect(h.calendar.calls.count == callsAfterFirst, "no Exchange call with a password Exchange refused (no lock-out)")
        h.calendar.fail(with: nil)
        try await Self.link(h.exchange, h.organizationID)
        #expect(try await h.exchange.view(organizationID: h.organizationID).status == "active")
        #expect(try await h.turn("what's my next meeting").speech?.plain == "Your next event is Budget sync, today at 2 PM.")
    }

    /// Each reading of the stopwatch is 400 ms after the one before: the turn starts its deadline at one, and the
    /// call is given what is left at the next.
    @Test func everyCallGetsWhatIsLeftOfTheTurnsDeadline() async throws {
        let h = try await harness(deadline: .milliseconds(1500), stopwatch: SteppingStopwatch(step: .milliseconds(400)))
        let first = try await h.turn("cancel my standup tomorrow")
        _ = try await h.turn("yes", session: first.sessionID)
        #expect(h.calendar.timeouts == [.milliseconds(1100), .milliseconds(1100)])
    }

    @Test func aTurnWhoseDeadlinePassedBeforeTheCallSaysSoWithoutCallingExchange() async throws {
        let h = try await harness(deadline: .milliseconds(1500), stopwatch: SteppingStopwatch(step: .milliseconds(1500)))
        let answer = try await h.turn("what's on my calendar tomorrow")
        #expect(answer.speech?.plain == Prompts.calendarUnreachable)
        #expect(h.calendar.calls.isEmpty)
    }

    // MARK: - Sessions

    @Test func helpStopAndLaunchKeepOrEndTheSession() async throws {
        let h = try await harness()
        let launch = try await h.voice.answer(VoiceRequest(organizationID: h.organizationID, speaker: .alexaAccount("amzn1.ask.account.alice"), input: .launch, sessionID: "s1"))
        #expect(launch.speech?.plain == Prompts.welcome && !launch.shouldEndSession && launch.reprompt == Prompts.reprompt)
        let help = try await h.turn("help", session: "s1")
        #expect(help.speech?.plain == Prompts.help && !help.shouldEndSession)
        let stop = try await h.turn("stop", session: "s1")
        #expect(stop.speech?.plain == Prompts.goodbye && stop.shouldEndSession)
        let nonsense = try await h.turn("purple elephants")
        #expect(nonsense.speech?.plain == Prompts.notUnderstood && !nonsense.shouldEndSession)
    }

    @Test func aDialogBelongsToItsUserAndExpires() async throws {
        let h = try await harness()
        let dave = try await Self.register(h.enrollment, h.organizationID, email: "dave@contoso.com", account: "amzn1.ask.account.dave")
        _ = try await h.calendars.link(organizationID: h.organizationID, userID: dave)
        let first = try await h.turn("cancel my standup tomorrow")
        let stolen = try await h.turn("yes", session: first.sessionID, as: "dave@contoso.com")
        #expect(stolen.speech?.plain == Prompts.notUnderstood, "dave cannot answer alice's question")
        #expect(stolen.sessionID != first.sessionID, "nor write into her session")
        #expect(!h.calendar.calls.contains { $0.hasPrefix("cancel") })
        #expect(try await h.turn("yes", session: first.sessionID).speech?.plain == "Done. I canceled Standup, tomorrow at 9 AM.",
                "her dialog is still there")

        let second = try await h.turn("cancel my lunch tomorrow")
        _ = try await h.turn("move my doctor tomorrow")
        h.clock.advance(by: 301)
        let late = try await h.turn("yes", session: second.sessionID)
        #expect(late.speech?.plain == Prompts.notUnderstood, "a dialog waits 5 minutes")
        #expect(h.calendar.calls.filter { $0.hasPrefix("cancel") }.count == 1)
        #expect(try await h.sessions.prune(now: h.clock.now()) == 1, "the abandoned move dialog is pruned")
        #expect(try h.sessionCount == 0)
    }

    @Test func aSessionEndedTurnSaysNothingAndForgetsTheDialog() async throws {
        let h = try await harness()
        let first = try await h.turn("add lunch with Sam on Friday")
        #expect(try h.sessionCount == 1)
        let ended = try await h.voice.answer(VoiceRequest(organizationID: h.organizationID, speaker: .alexaAccount("amzn1.ask.account.alice"),
                                                          input: .sessionEnded, sessionID: first.sessionID))
        #expect(ended.speech == nil && ended.shouldEndSession)
        #expect(try h.sessionCount == 0)
    }

    @Test func anUnknownOrganizationIsNotFound() async throws {
        let h = try await harness()
        await #expect(throws: ServiceError.self) {
            try await h.voice.answer(VoiceRequest(organizationID: "org_nope", speaker: .user("alice@contoso.com"), input: .launch))
        }
    }
}
