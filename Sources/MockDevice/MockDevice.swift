// MockDevice: an Alexa device talking to a4b-calendar: one conversation, over plain REST (…/voice) or as the Alexa
// service would (…/alexa, ASK envelopes, with our own language understanding standing in for Alexa's).
import Foundation
import Voice

/// One user's conversation with the service. Not for concurrent use: a device holds one session at a time.
///
/// In `.alexa` mode the device plays the Alexa service: it turns each utterance into an IntentRequest with
/// ASK slot values (``UtteranceParser`` and ``SlotValues``, the words Alexa's model would map), follows the
/// skill's `Dialog.ElicitSlot` (the answer fills the slot asked for) and `Dialog.ConfirmIntent` (yes or no sets
/// `confirmationStatus`), and ends the session when the skill says so.
public final class MockDevice {
    public enum Mode: String, Sendable {
        /// `POST /v1/organizations/{orgId}/voice`.
        case rest
        /// `POST /v1/organizations/{orgId}/alexa`.
        case alexa
    }

    public struct Configuration: Sendable {
        public var organizationID: String
        /// The user's e-mail or id (`usr_…`).
        public var user: String
        public var mode: Mode
        /// The Alexa account speaking (`.alexa`); nil: the one the user joined with, looked up through the API.
        public var alexaUserID: String?
        /// REST: sent as `timeZone`; `.alexa`: the zone "today" is in for the device's understanding. nil: the user's.
        public var timeZone: String?
        /// The skill the device's requests are for (`context.System.application.applicationId`).
        public var applicationID: String
        /// The device's clock (ASK `timestamp`, and "today"); tests set it to the service's injected clock.
        public var clock: @Sendable () -> Date
        /// `.rest`: the room (`rm_…`) the device is in; turns go to `…/rooms/{room}/voice`. `.alexa`: unused (the
        /// service finds the room by ``deviceID``).
        public var room: String?
        /// `context.System.device.deviceId` of `.alexa` requests.
        public var deviceID: String

        public init(organizationID: String, user: String, mode: Mode = .rest, alexaUserID: String? = nil, timeZone: String? = nil,
                    applicationID: String = "amzn1.ask.skill.00000000-0000-4000-8000-00000000a4b0", clock: @escaping @Sendable () -> Date = { Date() },
                    room: String? = nil, deviceID: String = "amzn1.ask.device.mock-a4b-calendar") {
            self.room = room
            self.deviceID = deviceID
            self.organizationID = organizationID
            self.user = user
            self.mode = mode
            self.alexaUserID = alexaUserID
            self.timeZone = timeZone
            self.applicationID = applicationID
            self.clock = clock
        }
    }

    /// Where the turns go; may change between turns (a load balancer sends them to any replica).
    public var connection: DeviceConnection
    public var configuration: Configuration
    /// The session in progress; nil between sessions.
    public private(set) var sessionID: String?
    /// What the last answer asked for (`.alexa`): the directive and the intent as the skill completed it.
    private var pending: (directive: String, slot: String?, intent: VoiceIntent)?
    private var sessionIsNew = true
    private var account: (id: String, timeZone: String)?

    public init(connection: DeviceConnection, configuration: Configuration) {
        self.connection = connection
        self.configuration = configuration
    }

    /// Whether the last answer left the session open (a question was asked).
    public var sessionIsOpen: Bool { sessionID != nil }

    private var organizationPath: String { "/v1/organizations/" + Self.pathSegment(configuration.organizationID) }

    // MARK: - Turns

    /// Says `utterance` and returns the answer.
    ///
    /// - Throws: ``DeviceError`` when the service cannot be reached or refuses the request (HTTP 4xx/5xx).
    public func say(_ utterance: String) async throws -> DeviceReply {
        switch configuration.mode {
        case .rest: return try await sayREST(utterance)
        case .alexa: return try await send(try await intentRequest(for: utterance))
        }
    }

    /// Opens the skill with no request ("Alexa, open work calendar"): a LaunchRequest (`.alexa`; REST has no launch
    /// and says "help" instead).
    public func launch() async throws -> DeviceReply {
        guard configuration.mode == .alexa else { return try await sayREST("help") }
        endLocally()
        return try await send(try await envelope(request: ["type": "LaunchRequest"]))
    }

    /// Ends the session as Alexa does when the user walks away (`.alexa`: a SessionEndedRequest, answered with no
    /// speech). No-op when no session is open.
    @discardableResult
    public func endSession(reason: String = "USER_INITIATED") async throws -> DeviceReply? {
        guard sessionID != nil else { return nil }
        defer { endLocally() }
        guard configuration.mode == .alexa else { return nil }
        return try await send(try await envelope(request: ["type": "SessionEndedRequest", "reason": reason]))
    }

    private func endLocally() {
        sessionID = nil
        pending = nil
        sessionIsNew = true
    }

    // MARK: - REST

    private func sayREST(_ utterance: String) async throws -> DeviceReply {
        var body: [String: Any] = ["utterance": utterance]
        if let sessionID { body["sessionId"] = sessionID }
        let path: String
        if let room = configuration.room {
            path = organizationPath + "/rooms/" + Self.pathSegment(room) + "/voice"
        } else {
            path = organizationPath + "/voice"
            body["userId"] = configuration.user
            if let zone = configuration.timeZone { body["timeZone"] = zone }
        }
        let response = try await connection.post(path, json: try JSONSerialization.data(withJSONObject: body))
        guard response.status == 200 else { throw DeviceError.refused(status: response.status, body: response.body) }
        guard let object = response.object, let speech = object["speech"] as? String, let ends = object["shouldEndSession"] as? Bool else {
            throw DeviceError.malformed(response.body)
        }
        sessionID = ends ? nil : object["sessionId"] as? String
        let dialog = object["dialog"] as? [String: Any]
        let intent = object["intent"] as? [String: Any]
        let card = object["card"] as? [String: Any]
        return DeviceReply(speech: speech, ssml: object["ssml"] as? String, reprompt: object["reprompt"] as? String,
                           cardTitle: card?["title"] as? String, cardText: card?["text"] as? String, shouldEndSession: ends,
                           directive: dialog?["type"] as? String, slotToElicit: dialog?["slot"] as? String,
                           intentName: intent?["name"] as? String, slots: intent?["slots"] as? [String: String] ?? [:], body: response.body)
    }

    // MARK: - Alexa Skills Kit

    /// The IntentRequest Alexa would send for `utterance`, in the light of the skill's last directive.
    private func intentRequest(for utterance: String) async throws -> [String: Any] {
        let zone = try await resolvedAccount().timeZone
        let today = CalendarDay(configuration.clock(), in: TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!)
        var confirmation = "NONE"
        var intent: VoiceIntent
        var dialogState = "STARTED"
        if let pending, pending.directive == "Dialog.ConfirmIntent" {
            let heard = UtteranceParser.answer(utterance, to: .confirmation, pending: pending.intent, today: today)
            switch heard.name {
            case .yes: intent = pending.intent; confirmation = "CONFIRMED"; dialogState = "IN_PROGRESS"
            case .no: intent = pending.intent; confirmation = "DENIED"; dialogState = "IN_PROGRESS"
            default: intent = heard
            }
        } else if let pending, pending.directive == "Dialog.ElicitSlot", let slot = pending.slot, let expected = Self.expected(slot) {
            intent = UtteranceParser.answer(utterance, to: expected, pending: pending.intent, today: today)
            if intent.name == pending.intent.name { dialogState = "IN_PROGRESS" }
        } else {
            // Alexa's model has the room intents too; the service decides whether the device is in a room.
            intent = RoomUtteranceParser.parse(utterance, today: today) ?? UtteranceParser.parse(utterance, today: today)
        }
        let values = SlotValues.slots(of: intent)
        var slots: [String: Any] = [:]
        for name in SlotValues.slotNames(of: intent.name) {
            // An unfilled slot has no `value` key, as Alexa sends it.
            var slot: [String: Any] = ["name": name, "confirmationStatus": "NONE"]
            if let value = values[name] { slot["value"] = value }
            slots[name] = slot
        }
        var request: [String: Any] = [
            "type": "IntentRequest",
            "intent": ["name": intent.name.rawValue, "confirmationStatus": confirmation, "slots": slots] as [String: Any],
        ]
        if !SlotValues.slotNames(of: intent.name).isEmpty { request["dialogState"] = dialogState }
        return try await envelope(request: request)
    }

    /// A whole request envelope around `request` (requestId, timestamp and locale added).
    private func envelope(request: [String: Any]) async throws -> [String: Any] {
        let account = try await resolvedAccount()
        if sessionID == nil {
            sessionID = "amzn1.echo-api.session." + UUID().uuidString.lowercased()
            sessionIsNew = true
        }
        var request = request
        request["requestId"] = "amzn1.echo-api.request." + UUID().uuidString.lowercased()
        request["timestamp"] = Self.timestamp(configuration.clock())
        request["locale"] = "en-US"
        let application = ["applicationId": configuration.applicationID]
        let user = ["userId": account.id]
        defer { sessionIsNew = false }
        return [
            "version": "1.0",
            "session": ["new": sessionIsNew, "sessionId": sessionID!, "application": application, "attributes": [String: Any](), "user": user] as [String: Any],
            "context": ["System": ["application": application, "user": user,
                                   "device": ["deviceId": configuration.deviceID, "supportedInterfaces": [String: Any]()] as [String: Any],
                                   "apiEndpoint": "https://api.amazonalexa.com"] as [String: Any]],
            "request": request,
        ]
    }

    private func send(_ envelope: [String: Any]) async throws -> DeviceReply {
        let response = try await connection.post(organizationPath + "/alexa", json: try JSONSerialization.data(withJSONObject: envelope))
        guard response.status == 200 else {
            endLocally()
            throw DeviceError.refused(status: response.status, body: response.body)
        }
        guard let object = response.object, let body = object["response"] as? [String: Any] else { throw DeviceError.malformed(response.body) }
        let speech = body["outputSpeech"] as? [String: Any]
        let ssml = speech?["ssml"] as? String
        let text = (speech?["text"] as? String) ?? ssml.map(Self.plainText) ?? ""
        let reprompt = ((body["reprompt"] as? [String: Any])?["outputSpeech"] as? [String: Any]).map { ($0["text"] as? String) ?? Self.plainText($0["ssml"] as? String ?? "") }
        let card = body["card"] as? [String: Any]
        let directive = (body["directives"] as? [[String: Any]])?.first
        let updated = directive?["updatedIntent"] as? [String: Any]
        var slots: [String: String] = [:]
        for (name, slot) in updated?["slots"] as? [String: [String: Any]] ?? [:] {
            if let value = slot["value"] as? String { slots[name] = value }
        }
        // No shouldEndSession (the empty answer to a SessionEndedRequest): the session is over.
        let ends = body["shouldEndSession"] as? Bool ?? true
        let directiveType = directive?["type"] as? String
        let slot = directive?["slotToElicit"] as? String
        if ends {
            endLocally()
        } else if let directiveType, let name = updated?["name"] as? String, let intent = SlotValues.intent(name: name, slots: slots) {
            pending = (directiveType, slot, intent)
        } else {
            pending = nil
        }
        return DeviceReply(speech: text, ssml: ssml, reprompt: reprompt, cardTitle: card?["title"] as? String, cardText: card?["content"] as? String,
                           shouldEndSession: ends, directive: directiveType, slotToElicit: slot,
                           intentName: updated?["name"] as? String, slots: slots, body: response.body)
    }

    /// The Alexa account and time zone of the configured user, read once through the API (`GET …/users`).
    private func resolvedAccount() async throws -> (id: String, timeZone: String) {
        if let account { return account }
        let user: [String: Any]
        if configuration.user.contains("@") {
            let response = try await connection.get(organizationPath + "/users?email=" + Self.queryValue(configuration.user))
            guard response.status == 200 else { throw DeviceError.refused(status: response.status, body: response.body) }
            user = (response.object?["users"] as? [[String: Any]])?.first ?? [:]
        } else {
            let response = try await connection.get(organizationPath + "/users/" + Self.pathSegment(configuration.user))
            guard response.status == 200 || response.status == 404 else { throw DeviceError.refused(status: response.status, body: response.body) }
            user = response.object ?? [:]
        }
        // A user who never joined speaks as an unknown Alexa account: the skill explains what to do.
        let id = configuration.alexaUserID ?? user["alexaUserId"] as? String ?? "amzn1.ask.account.not-enrolled"
        let resolved = (id, configuration.timeZone ?? user["timeZone"] as? String ?? "UTC")
        account = resolved
        return resolved
    }

    // MARK: - Helpers

    static func expected(_ slot: String) -> ExpectedAnswer? {
        switch slot {
        case SlotValues.Slot.title: .title
        case SlotValues.Slot.date: .date
        case SlotValues.Slot.time: .time
        case SlotValues.Slot.duration: .duration
        case SlotValues.Slot.newDate: .newDate
        case SlotValues.Slot.newTime: .newTime
        default: nil
        }
    }

    /// `<speak>Lunch &amp; learn</speak>` → `Lunch & learn`.
    static func plainText(_ ssml: String) -> String {
        var text = ssml.replacingOccurrences(of: "<[^>]*>", with: "", options: .regularExpression)
        for (entity, character) in [("&lt;", "<"), ("&gt;", ">"), ("&quot;", "\""), ("&apos;", "'"), ("&amp;", "&")] {
            text = text.replacingOccurrences(of: entity, with: character)
        }
        return text
    }

    static func timestamp(_ date: Date) -> String {
        date.formatted(Date.ISO8601FormatStyle())
    }

    static func pathSegment(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~@"))) ?? text
    }

    static func queryValue(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-._~@"))) ?? text
    }
}
