// AlexaRequestEnvelope: the Alexa Skills Kit request body, as much of it as a calendar skill reads.
import Foundation

/// What Alexa POSTs to a skill endpoint (ASK JSON: `version`, `session`, `context`, `request`). Unknown keys are
/// ignored, as Alexa adds fields over time; a slot Alexa did not fill has no `value`.
struct AlexaRequestEnvelope: Decodable {
    let version: String?
    let session: Session?
    let context: Context?
    let request: Request

    struct Session: Decodable {
        let new: Bool?
        let sessionId: String?
        let application: Application?
        let user: User?
    }

    struct Application: Decodable {
        let applicationId: String?
    }

    struct User: Decodable {
        let userId: String?
    }

    struct Context: Decodable {
        let system: SystemState?
        enum CodingKeys: String, CodingKey { case system = "System" }
    }

    struct SystemState: Decodable {
        let application: Application?
        let user: User?
        let device: Device?
    }

    struct Device: Decodable {
        let deviceId: String?
    }

    struct Request: Decodable {
        /// `LaunchRequest`, `IntentRequest`, `SessionEndedRequest` (others are acknowledged without speech).
        let type: String
        let requestId: String?
        /// ISO 8601, `2026-11-25T14:00:00Z` as Alexa sends it or `…+00:00` as ask-sdk writes it.
        let timestamp: String?
        let locale: String?
        /// `STARTED`, `IN_PROGRESS`, `COMPLETED`.
        let dialogState: String?
        let intent: Intent?
        /// SessionEndedRequest: `USER_INITIATED`, `ERROR`, `EXCEEDED_MAX_REPROMPTS`.
        let reason: String?
    }

    struct Intent: Decodable {
        let name: String
        /// `NONE`, `CONFIRMED`, `DENIED`.
        let confirmationStatus: String?
        let slots: [String: Slot]?
    }

    struct Slot: Decodable {
        let name: String?
        let value: String?
    }

    /// The Alexa account speaking: `session.user.userId`, else `context.System.user.userId`.
    var alexaUserID: String? {
        session?.user?.userId ?? context?.system?.user?.userId
    }

    /// The device the request came from (`context.System.device.deviceId`), which may be placed in a room.
    var deviceID: String? { context?.system?.device?.deviceId }

    /// The skill the request is for: `context.System.application.applicationId`, else the session's.
    var applicationID: String? {
        context?.system?.application?.applicationId ?? session?.application?.applicationId
    }
}
