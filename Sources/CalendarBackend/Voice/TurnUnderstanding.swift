// TurnUnderstanding: what a turn means in the light of the session's pending question: a request, a yes or no to a
// confirmation, a control intent, or nothing understood.
import Voice

/// The meaning of one turn. Free text and ASK intents arrive at the same cases.
enum TurnMeaning: Equatable {
    /// Do this (a new request, or the pending one completed). `confirmed`: the user already said yes to it (ASK's
    /// `confirmationStatus` CONFIRMED).
    case request(VoiceIntent, confirmed: Bool)
    /// Yes to the pending confirmation.
    case confirmed(DialogState)
    /// No to the confirmation of this intent ("OK, I won't add it.").
    case denied(IntentName)
    /// Help, stop or cancel.
    case control(IntentName)
    /// The skill opened with no request.
    case launch
    /// Not understood: ask the pending question again (`pending`), or offer help.
    case notUnderstood(pending: DialogState?)
    /// A room's request ("book this room") from a device that is in no room.
    case notARoomDevice
}

enum TurnUnderstanding {
    static func meaning(of input: VoiceInput, pending state: DialogState?, today: CalendarDay) -> TurnMeaning {
        let pending = state?.voiceIntent
        let expected = state?.expected
        switch input {
        case .launch, .sessionEnded:
            return .launch
        case .utterance(let text):
            let intent = if let pending, let expected {
                UtteranceParser.answer(text, to: expected, pending: pending, today: today)
            } else {
                UtteranceParser.parse(text, today: today)
            }
            return meaning(of: intent, confirmation: .none, state: state)
        case .intent(let intent, let confirmation):
            var completed = intent
            // ASK sends the whole intent back with each answer; slots it lacks are the ones we remember.
            if let pending, pending.name == intent.name { completed = intent.merged(over: pending) }
            return meaning(of: completed, confirmation: confirmation, state: state)
        }
    }

    private static func meaning(of intent: VoiceIntent, confirmation: VoiceInput.Confirmation, state: DialogState?) -> TurnMeaning {
        let awaitingYes = state?.expected == .confirmation
        if let state, awaitingYes {
            if intent.name == .yes || (confirmation == .confirmed && intent.name.rawValue == state.intent) { return .confirmed(state) }
            if intent.name == .no || (confirmation == .denied && intent.name.rawValue == state.intent),
               let name = IntentName(rawValue: state.intent) { return .denied(name) }
        }
        switch intent.name {
        case .help, .stop, .cancel:
            return .control(intent.name)
        case .fallback, .yes, .no:
            return .notUnderstood(pending: state)
        case .roomAvailability, .roomFreeTime, .roomSchedule, .bookRoom, .endMeeting:
            // A room's request reached a person's calendar: the device is in no room.
            return .notARoomDevice
        case .getEvents, .nextEvent, .addEvent, .moveEvent, .cancelEvent:
            if confirmation == .denied { return .denied(intent.name) }
            return .request(intent, confirmed: confirmation == .confirmed)
        }
    }
}
