// Voice through the real binaries: a4b-calendar and fake-exchange on loopback, driven by the mock Alexa device (the
// code of `a4b-calendar ask`), over REST and as Alexa Skills Kit envelopes, with both access methods. Changes are
// checked in the fake's calendar; faults are answered within the deadline; every ASK response is validated with
// Amazon's ask-sdk-model.
import Foundation
import Glibc
import MockDevice
import TestSupport
import Testing
import Voice

@Suite(.serialized) struct VoiceEndToEndTests {
    static let tomorrow = "Tomorrow you have 5 events. All day, Company offsite. At 9 AM, Standup. At 12:30 PM, Lunch with Sam, at Cafe Rio, and 2 more."

    struct Combination: Sendable, CustomTestStringConvertible {
        let accessMethod: String
        let mode: MockDevice.Mode
        var testDescription: String { "\(accessMethod) over \(mode.rawValue)" }
    }

    static let combinations = ["impersonation", "fullAccess"].flatMap { method in
        [MockDevice.Mode.rest, .alexa].map { Combination(accessMethod: method, mode: $0) }
    }

    // MARK: - Every intent

    @Test(arguments: combinations)
    func readsAndTheNextMeetingSayExactlyWhatIsOnTheCalendar(_ combination: Combination) async throws {
        try await VoiceEnvironment.with { voice in
            let org = try await voice.organization(combination.accessMethod)
            let device = voice.device(org, mode: combination.mode)
            let tomorrow = try await device.turn("what's on my calendar tomorrow")
            #expect(tomorrow.speech == Self.tomorrow)
            #expect(tomorrow.shouldEndSession)
            #expect(tomorrow.cardTitle == "Tomorrow")
            #expect(tomorrow.cardText?.contains("Review") == true && tomorrow.cardText?.contains("Private appointment") == true,
                    "the card lists every event: \(tomorrow.cardText ?? "")")
            #expect(tomorrow.cardText?.contains("Doctor") == false, "a private subject is never shown")
            // Dinner at 19:00 in Los Angeles is 03:00Z on Thursday: it is today's.
            let today = try await device.turn("what do I have today")
            #expect(today.speech == "For the rest of today you have 3 events. At 2 PM, Budget sync. At 2 PM, Design review. At 7 PM, Dinner.")
            let tonight = try await device.turn("what's on my calendar tonight")
            #expect(tonight.speech == "Tonight you have 1 event. At 7 PM, Dinner.")
            let next = try await device.turn("what's my next meeting")
            #expect(next.speech == "Your next event is Budget sync, today at 2 PM.")
            let friday = try await device.turn("what's on my calendar on Friday")
            #expect(friday.speech == "You have no events scheduled on Friday.")
            let week = try await device.turn("what's on my calendar this week")
            #expect(week.speech.hasPrefix("This week you have 8 events."), "\(week.speech)")
            if combination.mode == .rest {
                let events = try #require(try EnrollmentEnvironment.object(tomorrow.body)["events"] as? [[String: Any]])
                #expect(events.count == 5, "events holds every event, also those not read")
                #expect(events.contains { $0["subject"] as? String == "Private appointment" && $0["location"] is NSNull })
            }
        }
    }

    @Test(arguments: combinations)
    func addMoveAndCancelAreAskedConfirmedAndDoneInExchange(_ combination: Combination) async throws {
        try await VoiceEnvironment.with { voice in
            let org = try await voice.organization(combination.accessMethod)
            let device = voice.device(org, mode: combination.mode)

            // Adding: the time is asked for, then confirmed, then created.
            #expect(try await device.turn("add lunch with Sam to my calendar on Friday").speech == "What time?")
            #expect(device.sessionIsOpen)
            #expect(try await device.turn("at noon").speech == "Lunch with Sam, Friday at noon, for an hour. Should I add it?")
            #expect(try await voice.aliceEventCount() == 8, "nothing is created before the yes")
            let added = try await device.turn("yes")
            #expect(added.speech == "Done. Lunch with Sam is on your calendar, Friday at noon.")
            #expect(added.shouldEndSession && !device.sessionIsOpen)
            #expect(try await voice.aliceEventCount() == 9)
            // Friday 12:00 in Los Angeles.
            let lunches = try await voice.fake("GET", "/_fake/mailboxes/alice@contoso.com/events")
            #expect(lunches.body.contains(#""start":"2026-12-04T20:00:00Z""#) && lunches.body.contains(#""end":"2026-12-04T21:00:00Z""#), "\(lunches.body)")

            // Everything missing is asked for, one turn each; "no" changes nothing.
            #expect(try await device.turn("add an event").speech == "What's the event?")
            #expect(try await device.turn("dentist").speech == "What day?")
            #expect(try await device.turn("saturday").speech == "What time?")
            #expect(try await device.turn("at 4 PM").speech == "Dentist, Saturday at 4 PM, for an hour. Should I add it?")
            #expect(try await device.turn("no").speech == "OK, I won't add it.")
            #expect(try await voice.aliceEventCount() == 9)

            // Moving keeps the length.
            #expect(try await device.turn("move my standup tomorrow to 10 AM").speech == "Should I move Standup, tomorrow at 9 AM, to 10 AM?")
            #expect(try await device.turn("yes").speech == "Done. I moved it to tomorrow at 10 AM.")
            let standup = try #require(try await voice.aliceEvents()["Standup"])
            #expect(standup.start == "2026-12-03T18:00:00Z" && standup.end == "2026-12-03T18:30:00Z")

            // Cancelling: two meetings at 2 PM, so which one; the answer picks it.
            #expect(try await device.turn("cancel my meeting at 2 PM today").speech == "Which one: Budget sync at 2 PM or Design review at 2 PM?")
            #expect(try await device.turn("the design review").speech == "Should I cancel Design review, today at 2 PM?")
            #expect(try await device.turn("yes").speech == "Done. I canceled Design review, today at 2 PM.")
            let after = try await voice.aliceEvents()
            #expect(after["Design review"] == nil && after["Budget sync"] != nil)
        }
    }

    @Test func launchHelpStopAndNonsenseKeepOrEndTheSession() async throws {
        try await VoiceEnvironment.with { voice in
            let org = try await voice.organization("impersonation")
            let alexa = voice.device(org, mode: .alexa)
            let welcome = try await alexa.launch()
            await ASKResponses.shared.append(welcome.body)
            #expect(welcome.speech == Prompts.welcome && !welcome.shouldEndSession && welcome.reprompt == Prompts.reprompt)
            #expect(try await alexa.turn("help").speech == Prompts.help)
            #expect(try await alexa.turn("purple elephants").speech == Prompts.notUnderstood)
            let bye = try await alexa.turn("stop")
            #expect(bye.speech == Prompts.goodbye && bye.shouldEndSession)

            // Walking away mid-dialog: a SessionEndedRequest, answered with no speech.
            #expect(try await alexa.turn("add lunch with Sam on Friday").speech == "What time?")
            let ended = try #require(try await alexa.endSession())
            await ASKResponses.shared.append(ended.body)
            #expect(ended.speech.isEmpty && ended.ssml == nil)
            let envelope = try EnrollmentEnvironment.object(ended.body)
            #expect(envelope["response"] as? [String: String] == [:], "no speech, no shouldEndSession: \(ended.body)")

            let rest = voice.device(org, mode: .rest)
            #expect(try await rest.turn("what can I say").speech == Prompts.help)
            #expect(try await rest.turn("never mind").speech == Prompts.goodbye)
        }
    }

    // MARK: - Account states: spoken, with HTTP 200

    @Test func whoCannotBeAnsweredHearsWhyAndA401StopsCallsUntilARelink() async throws {
        try await VoiceEnvironment.with { voice in
            let org = try await voice.organization("impersonation")
            let stranger = voice.device(org, mode: .alexa, alexaUserID: "amzn1.ask.account.stranger")
            #expect(try await stranger.turn("what's on my calendar").speech == Prompts.notEnrolled)
            try await voice.register(org.id, key: org.key, email: "bob@contoso.com", account: nil, linkCalendar: false)
            let invitedOnly = try await voice.device(org, mode: .rest, user: "bob@contoso.com").turn("what's on my calendar")
            #expect(invitedOnly.speech == Prompts.notEnrolled)
            try await voice.register(org.id, key: org.key, email: "carol@contoso.com", account: "amzn1.ask.account.carol", linkCalendar: false)
            #expect(try await voice.device(org, mode: .alexa, user: "carol@contoso.com").turn("what's on my calendar").speech == Prompts.calendarNotLinked)

            // The service account's password stops working: Exchange answers 401.
            let alice = voice.device(org, mode: .alexa)
            let fault = try await voice.fake("POST", "/_fake/faults", #"{"fault": "unauthorized"}"#)
            try #require(fault.status == 201, "\(fault.body)")
            #expect(try await alice.turn("what's on my calendar tomorrow").speech == Prompts.credentialsRejected)
            let link = try EnrollmentEnvironment.object(try await voice.env.call("GET", "/v1/organizations/\(org.id)/exchange", token: org.key).body)
            #expect(link["status"] as? String == "credentialsRejected", "\(link)")
            let rejected = try EnrollmentEnvironment.object(try await voice.env.call("GET", "/v1/organizations/\(org.id)/health-events?status=open", token: org.key).body)
            let events = rejected["events"] as? [[String: Any]] ?? []
            #expect(events.map { $0["eventTypeCode"] as? String } == ["AWS_A4B_SERVICE_ACCOUNT_CREDENTIALS_REJECTED"], "\(rejected)")
            #expect((events.first?["affectedEntities"] as? [[String: Any]])?.first?["entityValue"] as? String == "svc@contoso.com")
            let before = try await voice.totalEWSRequests()
            #expect(try await alice.turn("what's my next meeting").speech == Prompts.credentialsRejected)
            #expect(try await voice.totalEWSRequests() == before, "no call with a refused password: no lock-out by retries")
            // The admin fixes the password and re-links (validated live): answers come back.
            _ = try await voice.fake("DELETE", "/_fake/faults")
            try await voice.env.linkExchange(org.id, key: org.key)
            #expect(try await alice.turn("what's my next meeting").speech == "Your next event is Budget sync, today at 2 PM.")
            let afterRelink = try EnrollmentEnvironment.object(try await voice.env.call("GET", "/v1/organizations/\(org.id)/health-events", token: org.key).body)
            #expect((afterRelink["events"] as? [[String: Any]])?.map { $0["statusCode"] as? String } == ["closed"], "a re-link closes it: \(afterRelink)")

            // The organization unlinks Exchange.
            let unlinked = try await voice.env.call("DELETE", "/v1/organizations/\(org.id)/exchange", token: org.key)
            #expect(unlinked.status == 204, "\(unlinked.body)")
            #expect(try await alice.turn("what's on my calendar").speech == Prompts.organizationNotLinked)
        }
    }

    // MARK: - Faults within the deadline

    @Test func aSlowFailingOrUnreachableExchangeIsAnsweredWithinTheDeadline() async throws {
        try await VoiceEnvironment.with(serviceFlags: ["--voice-deadline", "1"]) { voice in
            let org = try await voice.organization("impersonation")
            let device = voice.device(org, mode: .rest)
            let faults = [
                #"{"fault": "delay", "delayMs": 15000}"#, #"{"fault": "serverBusy", "backOffMilliseconds": 200}"#, #"{"fault": "http503"}"#,
                #"{"fault": "malformedXml"}"#, #"{"fault": "closeConnection"}"#,
            ]
            for fault in faults {
                _ = try await voice.fake("DELETE", "/_fake/faults")
                let added = try await voice.fake("POST", "/_fake/faults", fault)
                try #require(added.status == 201, "\(added.body)")
                let started = ContinuousClock.now
                let answer = try await device.turn("what's on my calendar tomorrow")
                let elapsed = ContinuousClock.now - started
                #expect(answer.speech == Prompts.calendarUnreachable, "\(fault): \(answer.speech)")
                // Cut at the 1 s deadline, not after the 15 s delay (the bound leaves room for a loaded machine).
                #expect(elapsed < .seconds(6), "\(fault): answered after \(elapsed), deadline 1 s")
            }
            _ = try await voice.fake("DELETE", "/_fake/faults")
            #expect(try await device.turn("what's on my calendar tomorrow").speech == Self.tomorrow, "it recovers once Exchange does")

            // Exchange gone altogether.
            voice.env.fake!.signal(SIGTERM)
            _ = await voice.env.fake!.waitForExit(timeout: 10)
            let started = ContinuousClock.now
            let answer = try await voice.device(org, mode: .alexa).turn("what's on my calendar tomorrow")
            #expect(answer.speech == Prompts.calendarUnreachable)
            #expect(ContinuousClock.now - started < .seconds(6))
        }
    }

    // MARK: - The skill endpoint's checks

    @Test func theSkillEndpointRefusesStaleRequestsAndOtherSkills() async throws {
        try await VoiceEnvironment.with { voice in
            let org = try await voice.organization("impersonation")
            for skew: TimeInterval in [-200, 200] {
                await #expect(throws: DeviceError.self) { try await voice.device(org, mode: .alexa, skew: skew).turn("what's on my calendar") }
            }
            let late = voice.device(org, mode: .alexa, skew: -200)
            do {
                _ = try await late.turn("what's on my calendar")
            } catch DeviceError.refused(let status, let body) {
                #expect(status == 400 && body.contains("request.timestamp") && !body.contains("outputSpeech"), "\(body)")
            }
            #expect(try await voice.device(org, mode: .alexa, skew: 140).turn("what's my next meeting").speech.hasPrefix("Your next event"))

            let skill = "amzn1.ask.skill.5b1c3f0e-7a2d-4c1e-9f00-00000000a4b1"
            let patched = try await voice.env.call("PATCH", "/v1/organizations/\(org.id)", token: org.key, json: EnrollmentEnvironment.json(["skillId": skill]))
            #expect(patched.status == 200, "\(patched.body)")
            do {
                _ = try await voice.device(org, mode: .alexa, applicationID: "amzn1.ask.skill.other").turn("what's my next meeting")
                Issue.record("a request for another skill was answered")
            } catch DeviceError.refused(let status, let body) {
                #expect(status == 400 && body.contains("applicationId"), "\(body)")
            }
            #expect(try await voice.device(org, mode: .alexa, applicationID: skill).turn("what's my next meeting").speech.hasPrefix("Your next event"))
        }
    }

    // MARK: - The contract: Amazon's own model accepts every response

    @Test func everyAlexaResponseValidatesWithAskSdkModel() async throws {
        let python = ExchangelibInteropTests.python
        try #require(FileManager.default.isExecutableFile(atPath: python), "no Python with ask-sdk-model at \(python): run scripts/test, which creates .venv-interop")
        // Its own conversation, so that this test stands alone: a read with a card, ElicitSlot, ConfirmIntent, done,
        // launch, help, goodbye, account states.
        try await VoiceEnvironment.with { voice in
            let org = try await voice.organization("fullAccess")
            let device = voice.device(org, mode: .alexa)
            for utterance in ["what's on my calendar tomorrow", "add dinner & drinks <with> \"Sam\" on Friday", "at 8 PM", "yes",
                              "cancel my meeting at 2 PM today", "budget sync", "no", "what's my next meeting"] {
                _ = try await device.turn(utterance)
            }
            await ASKResponses.shared.append(try await device.launch().body)
            _ = try await device.turn("help")
            _ = try await device.turn("stop")
            _ = try await voice.device(org, mode: .alexa, alexaUserID: "amzn1.ask.account.stranger").turn("hello")
        }
        let bodies = await ASKResponses.shared.bodies
        #expect(bodies.count >= 12)
        let folder = try TemporaryFolder()
        defer { folder.remove() }
        var paths: [String] = []
        for (index, body) in bodies.enumerated() {
            let path = folder.path + "/response-\(index).json"
            try Data(body.utf8).write(to: URL(fileURLWithPath: path))
            paths.append(path)
        }
        let script = ExchangelibInteropTests.packageRoot.appendingPathComponent("Tests/Interop/ask_contract.py").path
        let result = try await runProgram(URL(fileURLWithPath: python), [script] + paths, timeout: 120)
        #expect(result.status == 0, "ask-sdk-model refused a response:\n\(result.output)\n\(result.error)")
        #expect(result.output.contains("validated \(paths.count) response(s)"), "\(result.output)")
        #expect(bodies.contains { $0.contains("Dialog.ElicitSlot") } && bodies.contains { $0.contains("Dialog.ConfirmIntent") } && bodies.contains { $0.contains(#""card""#) })
    }
}
