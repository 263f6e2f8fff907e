// AlexaRoutes: `POST /v1/organizations/{orgId}/alexa`: the organization's Alexa skill endpoint (ASK envelopes in and out).
import Foundation
import HTTPServer
import Voice

/// Decodes Alexa Skills Kit requests into voice turns and renders ``VoiceAnswer``s as ASK responses.
///
/// As a real skill endpoint must, it refuses (400, no speech) a request whose `request.timestamp` is more than
/// ``maxClockSkew`` from now, and, when the organization has a `skillId`, one for another application. The user
/// is the Alexa account that accepted the invitation (`session.user.userId` or `context.System.user.userId`).
/// A device placed in a room (`context.System.device.deviceId`, see `PUT …/rooms/{roomId}/devices/{deviceId}`)
/// asking about the room (the room intents, or the next turn of a room dialog) is answered by ``RoomVoiceService``
/// from the room's calendar; anything else it asks goes to the speaker's own calendar as usual.
enum AlexaRoutes {
    /// Alexa's replay window for skill requests.
    static let maxClockSkew: TimeInterval = 150

    static func register(on organization: RouteGroup<OrganizationAccess>, voice: VoiceService, organizations: OrganizationService,
                         rooms: RoomService, roomVoice: RoomVoiceService, clock: any WallClock) {
        organization.post("/alexa") { request, access in
            let envelope = try request.decode(AlexaRequestEnvelope.self)
            try checkTimestamp(envelope.request.timestamp, now: clock.now())
            let skill = try await organizations.organization(id: access.organizationID).skillID
            if let skill, envelope.applicationID != skill {
                throw ServiceError.invalidInput("context.System.application.applicationId",
                    "this endpoint answers the Alexa skill \(skill) only; the request is for \(envelope.applicationID ?? "no application")")
            }
            guard let input = try input(of: envelope.request) else { return .json(AlexaResponseEnvelope.empty) }
            let sessionID = try envelope.session?.sessionId.map(VoiceRoutes.validatedSessionID)
            if let device = envelope.deviceID, !device.isEmpty,
               try await isAboutRoom(input, sessionID: envelope.session?.new == false ? sessionID : nil, organizationID: access.organizationID,
                                     roomVoice: roomVoice),
               let room = try await rooms.room(organizationID: access.organizationID, deviceID: device) {
                let answer = try await roomVoice.answer(RoomVoiceRequest(organizationID: access.organizationID, roomID: room.id, input: input,
                                                                         sessionID: sessionID))
                return .json(render(answer))
            }
            guard let account = envelope.alexaUserID, !account.isEmpty else {
                throw ServiceError.invalidInput("session.user.userId", "the request names no Alexa user (session.user.userId or context.System.user.userId)")
            }
            let answer = try await voice.answer(VoiceRequest(organizationID: access.organizationID, speaker: .alexaAccount(account),
                                                             input: input, sessionID: sessionID))
            return .json(render(answer))
        }
    }

    /// A turn is the room's when it is a room intent, or a later turn of a session that is a room dialog (`sessionID`:
    /// the session when it is not new). Checked before the device's room is looked up, so a person's one-shot turn
    /// costs no room lookup.
    static func isAboutRoom(_ input: VoiceInput, sessionID: String?, organizationID: String, roomVoice: RoomVoiceService) async throws -> Bool {
        if case .intent(let intent, _) = input, intent.isAboutRoom { return true }
        guard let sessionID else { return false }
        return try await roomVoice.hasSession(sessionID, organizationID: organizationID)
    }

    /// - Throws: ``ServiceError/Code/invalidInput`` for a missing or unreadable timestamp, or one more than
    ///   ``maxClockSkew`` seconds away from `now`.
    static func checkTimestamp(_ text: String?, now: Date) throws {
        guard let text else { throw ServiceError.invalidInput("request.timestamp", "missing required field 'request.timestamp'") }
        guard let timestamp = parseTimestamp(text) else {
            throw ServiceError.invalidInput("request.timestamp", "field 'request.timestamp' must be an ISO 8601 instant such as 2026-11-25T14:00:00Z")
        }
        let skew = timestamp.timeIntervalSince(now)
        guard abs(skew) <= maxClockSkew else {
            throw ServiceError.invalidInput("request.timestamp",
                "request.timestamp \(text) is \(Int(abs(skew).rounded())) seconds from this server's time; Alexa requests older or newer than \(Int(maxClockSkew)) seconds are refused")
        }
    }

    /// `2026-11-25T14:00:00Z`, with or without fractional seconds, `Z` or an offset (`+00:00`).
    static func parseTimestamp(_ text: String) -> Date? {
        guard text.utf8.count <= 40 else { return nil }
        if let date = try? Date(text, strategy: Date.ISO8601FormatStyle()) { return date }
        return try? Date(text, strategy: Date.ISO8601FormatStyle(includingFractionalSeconds: true))
    }

    /// The longest slot value taken: Alexa's are a few words, and every value is echoed in `updatedIntent`, which
    /// must keep the response under Alexa's 24 KB.
    static let maxSlotValue = 500

    /// The turn a request carries; nil for request types answered with nothing (`System.ExceptionEncountered`, …).
    ///
    /// - Throws: ``ServiceError/Code/invalidInput`` for a slot value longer than ``maxSlotValue`` characters.
    static func input(of request: AlexaRequestEnvelope.Request) throws -> VoiceInput? {
        switch request.type {
        case "LaunchRequest":
            return .launch
        case "SessionEndedRequest":
            return .sessionEnded
        case "IntentRequest":
            guard let intent = request.intent else { return .intent(VoiceIntent(.fallback), confirmation: .none) }
            var values: [String: String] = [:]
            for (key, slot) in intent.slots ?? [:] {
                guard let value = slot.value else { continue }
                guard value.count <= maxSlotValue else {
                    throw ServiceError.invalidInput("request.intent.slots.\(key).value", "slot \(key) has a value longer than \(maxSlotValue) characters")
                }
                values[slot.name ?? key] = value
            }
            let confirmation = intent.confirmationStatus.flatMap(VoiceInput.Confirmation.init(rawValue:)) ?? .none
            return .intent(SlotValues.intent(name: intent.name, slots: values) ?? VoiceIntent(.fallback), confirmation: confirmation)
        default:
            return nil
        }
    }

    static func render(_ answer: VoiceAnswer) -> AlexaResponseEnvelope {
        guard let speech = answer.speech else { return .empty }
        var response = AlexaResponseEnvelope.Response(outputSpeech: .init(ssml: speech.ssml), shouldEndSession: answer.shouldEndSession)
        if let title = speech.cardTitle { response.card = .init(title: title, content: speech.cardText ?? "") }
        if let reprompt = answer.reprompt, !answer.shouldEndSession {
            response.reprompt = .init(outputSpeech: .init(ssml: Speech.speak(reprompt)))
        }
        if let intent = answer.intent {
            switch answer.question {
            case .slot(let slot):
                response.directives = [.init(type: "Dialog.ElicitSlot", slotToElicit: slot, updatedIntent: updatedIntent(intent))]
            case .confirmation:
                response.directives = [.init(type: "Dialog.ConfirmIntent", slotToElicit: nil, updatedIntent: updatedIntent(intent))]
            case .open, nil:
                break
            }
        }
        return AlexaResponseEnvelope(sessionAttributes: [:], response: response)
    }

    static func updatedIntent(_ intent: VoiceIntent) -> AlexaResponseEnvelope.Intent {
        let values = SlotValues.slots(of: intent)
        var slots: [String: AlexaResponseEnvelope.Slot] = [:]
        // Every slot of the intent, filled or not, as Alexa writes them.
        for name in SlotValues.slotNames(of: intent.name) { slots[name] = .init(name: name, value: values[name]) }
        return AlexaResponseEnvelope.Intent(name: intent.name.rawValue, slots: slots)
    }
}
