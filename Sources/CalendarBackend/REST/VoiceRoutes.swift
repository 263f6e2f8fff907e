// VoiceRoutes: REST v1 `POST /v1/organizations/{orgId}/voice`: a voice turn as plain JSON.
import Foundation
import HTTPServer
import TextSupport
import Voice

/// Decoding and rendering around ``VoiceService`` for clients that are not Alexa (test rigs, other services).
enum VoiceRoutes {
    struct TurnBody: Decodable {
        let userId: String?
        let utterance: String?
        let sessionId: String?
        let timeZone: String?
    }

    struct IntentBody: Encodable {
        let name: String
        let slots: [String: String]
    }

    struct CardBody: Encodable {
        let title: String
        let text: String
    }

    /// What the dialog asks back: `ElicitSlot` with the slot, or `ConfirmIntent`.
    struct DialogBody: Encodable {
        let type: String
        let slot: String?
    }

    struct AnswerBody: Encodable {
        let speech: String
        let ssml: String
        let reprompt: String?
        let card: CardBody?
        let shouldEndSession: Bool
        let sessionId: String
        let intent: IntentBody?
        let dialog: DialogBody?
        let events: [VoiceEventView]
    }

    /// The longest utterance taken, in characters (a spoken request is a sentence).
    static let maxUtterance = 1000

    static func register(on organization: RouteGroup<OrganizationAccess>, voice: VoiceService) {
        organization.post("/voice") { request, access in
            let body = try request.decode(TurnBody.self)
            guard let user = body.userId?.trimmingWhitespace(), !user.isEmpty else {
                throw ServiceError.invalidInput("userId", "missing required field 'userId' (a user id or the user's e-mail)")
            }
            guard let utterance = body.utterance, !utterance.trimmingWhitespaceAndNewlines().isEmpty else {
                throw ServiceError.invalidInput("utterance", "missing required field 'utterance' (what the user said)")
            }
            guard utterance.count <= maxUtterance else {
                throw ServiceError.invalidInput("utterance", "field 'utterance' is longer than \(maxUtterance) characters")
            }
            let sessionID = try body.sessionId.map(validatedSessionID)
            let timeZone = try body.timeZone.map { try TimeZoneName($0) }
            let answer = try await voice.answer(VoiceRequest(organizationID: access.organizationID, speaker: .user(user),
                                                             input: .utterance(utterance), sessionID: sessionID, timeZone: timeZone))
            return .json(render(answer))
        }
    }

    /// A session id a client may hand back: 1–200 visible ASCII characters (ours are `vs_…`).
    static func validatedSessionID(_ raw: String) throws -> String {
        guard !raw.isEmpty, raw.utf8.count <= 200, raw.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw ServiceError.invalidInput("sessionId", "field 'sessionId' must be 1 to 200 visible ASCII characters, as a previous answer returned it")
        }
        return raw
    }

    static func render(_ answer: VoiceAnswer) -> AnswerBody {
        let speech = answer.speech ?? Speech(plain: "")
        let dialog: DialogBody? = switch answer.question {
        case .slot(let slot): DialogBody(type: "ElicitSlot", slot: slot)
        case .confirmation: DialogBody(type: "ConfirmIntent", slot: nil)
        case .open, nil: nil
        }
        return AnswerBody(
            speech: speech.plain, ssml: speech.ssml, reprompt: answer.reprompt,
            card: speech.cardTitle.map { CardBody(title: $0, text: speech.cardText ?? "") },
            shouldEndSession: answer.shouldEndSession, sessionId: answer.sessionID,
            intent: answer.intent.map { IntentBody(name: $0.name.rawValue, slots: SlotValues.slots(of: $0)) },
            dialog: dialog, events: answer.events)
    }
}
