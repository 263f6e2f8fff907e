// AlexaResponseEnvelope: the Alexa Skills Kit response body: speech, card, reprompt, dialog directives.
import Foundation

/// What a skill answers (ASK JSON). `shouldEndSession` is always written as a JSON boolean (omitting it means
/// different things on screen devices), except in the empty answer to a SessionEndedRequest.
struct AlexaResponseEnvelope: Encodable {
    let version = "1.0"
    let sessionAttributes: [String: String]
    let response: Response

    struct Response: Encodable {
        var outputSpeech: OutputSpeech?
        var card: Card?
        var reprompt: Reprompt?
        var directives: [Directive]?
        var shouldEndSession: Bool?
    }

    struct OutputSpeech: Encodable {
        let type = "SSML"
        let ssml: String
    }

    struct Card: Encodable {
        let type = "Simple"
        let title: String
        let content: String
    }

    struct Reprompt: Encodable {
        let outputSpeech: OutputSpeech
    }

    /// `Dialog.ElicitSlot` (with `slotToElicit`) or `Dialog.ConfirmIntent`, with the intent as completed so far.
    struct Directive: Encodable {
        let type: String
        let slotToElicit: String?
        let updatedIntent: Intent
    }

    struct Intent: Encodable {
        let name: String
        let confirmationStatus = "NONE"
        let slots: [String: Slot]
    }

    /// An unfilled slot has no `value` key, as Alexa writes it.
    struct Slot: Encodable {
        let name: String
        let value: String?
        let confirmationStatus = "NONE"
    }

    /// The answer to a SessionEndedRequest (and to request types the skill does not handle): nothing said.
    static let empty = AlexaResponseEnvelope(sessionAttributes: [:], response: Response())
}
