// VoiceRoutesTests: the two voice front-ends through the router, without sockets: the REST route's validation and
// body, and the Alexa Skills Kit adapter (timestamp window, skill id, envelope shapes, dialog directives).
import CalendarBackend
import Foundation
import HTTPServer
import Logging
import Storage
import Testing
import Voice

@Suite struct VoiceRoutesTests {
    struct Harness {
        let router: Router
        let organizationID: String
        let clock: ManualClock

        func post(_ path: String, _ body: Any, token: String = String(repeating: "a", count: 32)) async throws -> (status: Int, body: [String: Any]) {
            var headers = HTTPHeaders()
            headers.add("Authorization", "Bearer " + token)
            headers.add("Content-Type", "application/json")
            let data = try JSONSerialization.data(withJSONObject: body)
            let response = await router.respond(to: HTTPRequest(method: .post, path: "/v1/organizations/\(organizationID)" + path, headers: headers,
                                                                body: Array(data)))
            return (response.status.code, try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:])
        }

        func patch(_ body: Any) async throws -> (status: Int, body: [String: Any]) {
            var headers = HTTPHeaders()
            headers.add("Authorization", "Bearer " + String(repeating: "a", count: 32))
            headers.add("Content-Type", "application/json")
            let response = await router.respond(to: HTTPRequest(method: .patch, path: "/v1/organizations/\(organizationID)", headers: headers,
                                                                body: Array(try JSONSerialization.data(withJSONObject: body))))
            return (response.status.code, try JSONSerialization.jsonObject(with: Data(response.body)) as? [String: Any] ?? [:])
        }

        /// An ASK envelope from alice's Alexa account.
        func envelope(_ request: [String: Any], timestamp: Date? = nil, application: String = "amzn1.ask.skill.1111", session: String = "amzn1.echo-api.session.1") -> [String: Any] {
            var request = request
            request["requestId"] = "amzn1.echo-api.request.1"
            request["timestamp"] = (timestamp ?? clock.now()).formatted(Date.ISO8601FormatStyle())
            request["locale"] = "en-US"
            let user = ["userId": "amzn1.ask.account.alice"]
            return ["version": "1.0",
                    "session": ["new": true, "sessionId": session, "application": ["applicationId": application], "attributes": [:], "user": user] as [String: Any],
                    "context": ["System": ["application": ["applicationId": application], "user": user] as [String: Any]],
                    "request": request]
        }

        func intent(_ name: String, _ slots: [String: String] = [:], confirmation: String = "NONE") -> [String: Any] {
            var slotObjects: [String: Any] = [:]
            for (slot, value) in slots { slotObjects[slot] = ["name": slot, "value": value, "confirmationStatus": "NONE"] }
            return ["type": "IntentRequest", "dialogState": "STARTED",
                    "intent": ["name": name, "confirmationStatus": confirmation, "slots": slotObjects] as [String: Any]]
        }
    }

    private func harness() async throws -> Harness {
        let database = try SQLiteDatabase(path: ":memory:")
        let logger = Logger(label: "t") { _ in SwiftLogNoOpLogHandler() }
        _ = try MigrationRunner(database: database, logger: logger).migrate()
        let clock = ManualClock(VoiceServiceTests.now)
        let organizations = OrganizationService(store: SQLOrganizationStore(database: database), adminToken: String(repeating: "a", count: 32), clock: clock)
        let exchange = ExchangeLinkService(links: SQLExchangeLinkStore(database: database), secrets: try SecretBox(key: [UInt8](repeating: 5, count: 32)),
                                           check: ScriptedCheck(ScriptedCheck.passing), clock: clock, logger: logger)
        let dependencies = RESTAPI.Dependencies.onDatabase(database, organizations: organizations, exchange: exchange, clock: clock,
                                                           voiceCalendar: ScriptedVoiceCalendar(["alice@contoso.com": VoiceServiceTests.aliceEvents]))
        let routes = RouterBuilder(errors: RESTErrors.renderer, logger: logger)
        RESTAPI.register(on: routes, dependencies)
        let organizationID = try await organizations.create(name: try OrganizationName("Contoso"), timeZone: try TimeZoneName("America/Los_Angeles")).organization.id
        try await VoiceServiceTests.link(exchange, organizationID)
        let alice = try await VoiceServiceTests.register(dependencies.enrollment, organizationID, email: "alice@contoso.com", account: "amzn1.ask.account.alice")
        _ = try await dependencies.calendars.link(organizationID: organizationID, userID: alice)
        return Harness(router: routes.build(), organizationID: organizationID, clock: clock)
    }

    // MARK: - REST

    @Test func theRESTAnswerCarriesSpeechSSMLCardIntentAndEvents() async throws {
        let h = try await harness()
        let answer = try await h.post("/voice", ["userId": "alice@contoso.com", "utterance": "what's on my calendar tomorrow", "sessionId": NSNull()])
        #expect(answer.status == 200)
        #expect(answer.body["speech"] as? String == "Tomorrow you have 3 events. At 9 AM, Standup. At 12:30 PM, Lunch with Sam, at Cafe Rio. At 4 PM, a private appointment.")
        #expect(answer.body["ssml"] as? String == "<speak>" + (answer.body["speech"] as? String ?? "") + "</speak>")
        #expect(answer.body["shouldEndSession"] as? Bool == true)
        #expect((answer.body["intent"] as? [String: Any])?["name"] as? String == "GetEventsIntent")
        #expect(((answer.body["intent"] as? [String: Any])?["slots"] as? [String: String]) == ["date": "2026-12-03"])
        let events = try #require(answer.body["events"] as? [[String: Any]])
        #expect(events.count == 3)
        #expect(Set(events[0].keys) == ["id", "subject", "start", "end", "isAllDay", "location", "organizer"], "every key, null or not")
        #expect(events[0]["location"] is NSNull && events[1]["location"] as? String == "Cafe Rio")
        #expect((answer.body["card"] as? [String: Any])?["title"] as? String == "Tomorrow")
    }

    @Test func aQuestionBackCarriesTheDialogAndTheSessionToAnswerIt() async throws {
        let h = try await harness()
        let first = try await h.post("/voice", ["userId": "alice@contoso.com", "utterance": "add lunch with Sam on Friday"])
        #expect(first.body["dialog"] as? [String: String] == ["type": "ElicitSlot", "slot": "time"])
        #expect(first.body["shouldEndSession"] as? Bool == false && first.body["reprompt"] as? String == Prompts.askTime)
        let session = try #require(first.body["sessionId"] as? String)
        let second = try await h.post("/voice", ["userId": "alice@contoso.com", "utterance": "at noon", "sessionId": session])
        #expect(second.body["dialog"] as? [String: String] == ["type": "ConfirmIntent"])
        #expect(second.body["speech"] as? String == "Lunch with Sam, Friday at noon, for an hour. Should I add it?")
    }

    @Test(arguments: [
        ([:] as [String: String], "userId"),
        (["userId": "alice@contoso.com"], "utterance"),
        (["userId": "alice@contoso.com", "utterance": "   "], "utterance"),
        (["userId": "alice@contoso.com", "utterance": String(repeating: "a", count: 1001)], "utterance"),
        (["userId": "alice@contoso.com", "utterance": "hi", "timeZone": "Mars/Olympus"], "timeZone"),
        (["userId": "alice@contoso.com", "utterance": "hi", "sessionId": "has space"], "sessionId"),
        (["userId": "alice@contoso.com", "utterance": "hi", "sessionId": ""], "sessionId"),
    ] as [([String: String], String)])
    func badRESTInputIs400NamingTheField(_ body: [String: String], _ field: String) async throws {
        let h = try await harness()
        let answer = try await h.post("/voice", body)
        #expect(answer.status == 400)
        #expect((answer.body["error"] as? [String: Any])?["field"] as? String == field, "\(answer.body)")
    }

    @Test func anotherOrganizationsKeyIsRefused() async throws {
        let h = try await harness()
        let answer = try await h.post("/voice", ["userId": "alice@contoso.com", "utterance": "hi"], token: "a4b_" + String(repeating: "0", count: 64))
        #expect(answer.status == 401)
    }

    // MARK: - Alexa Skills Kit

    @Test func aReadIsSSMLWithASimpleCardAndABooleanShouldEndSession() async throws {
        let h = try await harness()
        let answer = try await h.post("/alexa", h.envelope(h.intent("GetEventsIntent", ["date": "2026-12-03"])))
        #expect(answer.status == 200)
        #expect(answer.body["version"] as? String == "1.0")
        let response = try #require(answer.body["response"] as? [String: Any])
        #expect(response["outputSpeech"] as? [String: String] == ["type": "SSML",
            "ssml": "<speak>Tomorrow you have 3 events. At 9 AM, Standup. At 12:30 PM, Lunch with Sam, at Cafe Rio. At 4 PM, a private appointment.</speak>"])
        let card = try #require(response["card"] as? [String: String])
        #expect(card["type"] == "Simple" && card["title"] == "Tomorrow" && card["content"]?.contains("Lunch with Sam") == true)
        #expect(response["shouldEndSession"] as? Bool == true)
        #expect(response["reprompt"] == nil && response["directives"] == nil)
    }

    @Test func aMissingSlotIsElicitedWithEveryModelSlotInTheUpdatedIntent() async throws {
        let h = try await harness()
        let answer = try await h.post("/alexa", h.envelope(h.intent("AddEventIntent", ["title": "dentist", "date": "2026-12-04"])))
        let response = try #require(answer.body["response"] as? [String: Any])
        #expect(response["shouldEndSession"] as? Bool == false)
        #expect((response["reprompt"] as? [String: Any])?["outputSpeech"] as? [String: String] == ["type": "SSML", "ssml": "<speak>What time?</speak>"])
        let directive = try #require((response["directives"] as? [[String: Any]])?.first)
        #expect(directive["type"] as? String == "Dialog.ElicitSlot" && directive["slotToElicit"] as? String == "time")
        let intent = try #require(directive["updatedIntent"] as? [String: Any])
        #expect(intent["name"] as? String == "AddEventIntent" && intent["confirmationStatus"] as? String == "NONE")
        let slots = try #require(intent["slots"] as? [String: [String: String]])
        #expect(Set(slots.keys) == ["title", "date", "time", "duration"])
        #expect(slots["title"]?["value"] == "Dentist" && slots["date"]?["value"] == "2026-12-04")
        #expect(slots["time"]?["value"] == nil && slots["time"]?["name"] == "time", "an unfilled slot has no value key, as Alexa writes it")

        let confirm = try await h.post("/alexa", h.envelope(h.intent("AddEventIntent", ["title": "dentist", "date": "2026-12-04", "time": "15:00"])))
        let confirmDirective = try #require(((confirm.body["response"] as? [String: Any])?["directives"] as? [[String: Any]])?.first)
        #expect(confirmDirective["type"] as? String == "Dialog.ConfirmIntent" && confirmDirective["slotToElicit"] == nil)
        let done = try await h.post("/alexa", h.envelope(h.intent("AddEventIntent", ["title": "dentist", "date": "2026-12-04", "time": "15:00"], confirmation: "CONFIRMED")))
        #expect(((done.body["response"] as? [String: Any])?["outputSpeech"] as? [String: String])?["ssml"] == "<speak>Done. Dentist is on your calendar, Friday at 3 PM.</speak>")
    }

    @Test func aSessionEndedRequestGetsNoSpeechAndAnUnknownTypeNothingEither() async throws {
        let h = try await harness()
        for type in ["SessionEndedRequest", "System.ExceptionEncountered"] {
            let answer = try await h.post("/alexa", h.envelope(["type": type, "reason": "USER_INITIATED"]))
            #expect(answer.status == 200)
            #expect(answer.body["response"] as? [String: String] == [:], "\(type): \(answer.body)")
        }
    }

    @Test(arguments: [-151.0, 151, 100_000])
    func aTimestampOutsideTheReplayWindowIs400(_ offset: Double) async throws {
        let h = try await harness()
        let answer = try await h.post("/alexa", h.envelope(["type": "LaunchRequest"], timestamp: h.clock.now().addingTimeInterval(offset)))
        #expect(answer.status == 400)
        #expect((answer.body["error"] as? [String: Any])?["field"] as? String == "request.timestamp")
        #expect(answer.body["response"] == nil, "no speech")
    }

    @Test(arguments: ["2026-12-02T17:30:00Z", "2026-12-02T17:30:00+00:00", "2026-12-02T17:31:10.250Z", "2026-12-02T09:30:00-08:00"])
    func timestampsInAnyISOFormAlexaOrTheSDKWritesAreAccepted(_ text: String) async throws {
        let h = try await harness()
        var envelope = h.envelope(["type": "LaunchRequest"])
        var request = envelope["request"] as! [String: Any]
        request["timestamp"] = text
        envelope["request"] = request
        let answer = try await h.post("/alexa", envelope)
        #expect(answer.status == 200, "\(text): \(answer.body)")
    }

    @Test func withASkillIdOnlyThatSkillIsAnswered() async throws {
        let h = try await harness()
        #expect(try await h.patch(["skillId": "not-a-skill"]).status == 400)
        let set = try await h.patch(["skillId": "amzn1.ask.skill.2222"])
        #expect(set.status == 200 && set.body["skillId"] as? String == "amzn1.ask.skill.2222")
        let other = try await h.post("/alexa", h.envelope(["type": "LaunchRequest"], application: "amzn1.ask.skill.1111"))
        #expect(other.status == 400)
        #expect((other.body["error"] as? [String: Any])?["field"] as? String == "context.System.application.applicationId")
        let right = try await h.post("/alexa", h.envelope(["type": "LaunchRequest"], application: "amzn1.ask.skill.2222"))
        #expect(right.status == 200)
        let cleared = try await h.patch(["skillId": NSNull()])
        #expect(cleared.status == 200 && cleared.body["skillId"] == nil)
        #expect(try await h.post("/alexa", h.envelope(["type": "LaunchRequest"], application: "amzn1.ask.skill.1111")).status == 200)
    }

    @Test func anEnvelopeWithoutAUserOrTimestampIs400() async throws {
        let h = try await harness()
        let noTimestamp = try await h.post("/alexa", ["version": "1.0", "request": ["type": "LaunchRequest"]])
        #expect(noTimestamp.status == 400)
        var anonymous = h.envelope(["type": "LaunchRequest"])
        anonymous["session"] = ["sessionId": "s"]
        anonymous["context"] = [:] as [String: Any]
        let noUser = try await h.post("/alexa", anonymous)
        #expect(noUser.status == 400 && (noUser.body["error"] as? [String: Any])?["field"] as? String == "session.user.userId")
        let notJSON = await h.router.respond(to: HTTPRequest(method: .post, path: "/v1/organizations/\(h.organizationID)/alexa",
            headers: { var headers = HTTPHeaders(); headers.add("Authorization", "Bearer " + String(repeating: "a", count: 32)); return headers }(),
            body: Array("not json".utf8)))
        #expect(notJSON.status.code == 400)
    }

    @Test func anOverlongSlotValueIs400SoTheEchoedIntentStaysSmall() async throws {
        let h = try await harness()
        let answer = try await h.post("/alexa", h.envelope(h.intent("AddEventIntent", ["title": String(repeating: "lunch ", count: 100)])))
        #expect(answer.status == 400)
        #expect((answer.body["error"] as? [String: Any])?["field"] as? String == "request.intent.slots.title.value")
        let fits = try await h.post("/alexa", h.envelope(h.intent("AddEventIntent", ["title": String(repeating: "lunch ", count: 80)])))
        #expect(fits.status == 200)
    }

    @Test func anUnknownIntentIsHelpNotAnError() async throws {
        let h = try await harness()
        let answer = try await h.post("/alexa", h.envelope(h.intent("OrderPizzaIntent")))
        #expect(answer.status == 200)
        let response = try #require(answer.body["response"] as? [String: Any])
        #expect((response["outputSpeech"] as? [String: String])?["ssml"] == "<speak>" + Prompts.notUnderstood + "</speak>")
        #expect(response["shouldEndSession"] as? Bool == false)
    }
}
