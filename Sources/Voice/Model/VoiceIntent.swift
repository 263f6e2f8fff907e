// VoiceIntent: what a user asked for, as intent and slots, whether it came as free text or as an ASK IntentRequest.

/// The intents of the skill's interaction model (`skill-package/interactionModels/custom/en-US.json`).
public enum IntentName: String, Hashable, Sendable, CaseIterable {
    case getEvents = "GetEventsIntent"
    case nextEvent = "NextEventIntent"
    case addEvent = "AddEventIntent"
    case moveEvent = "MoveEventIntent"
    case cancelEvent = "CancelEventIntent"
    /// A room device: "is this room free [at 3 PM]" (`date`, `time`).
    case roomAvailability = "RoomAvailabilityIntent"
    /// A room device: "when is this room free".
    case roomFreeTime = "RoomFreeTimeIntent"
    /// A room device: "what's on this room's calendar [today]" (`date`).
    case roomSchedule = "RoomScheduleIntent"
    /// A room device: "book this room [for 30 minutes]" (`durationSeconds`), an instant booking from now.
    case bookRoom = "BookRoomIntent"
    /// A room device: "end this meeting": shortens the current booking the room made to end now.
    case endMeeting = "EndMeetingIntent"
    case help = "AMAZON.HelpIntent"
    case stop = "AMAZON.StopIntent"
    case cancel = "AMAZON.CancelIntent"
    case fallback = "AMAZON.FallbackIntent"
    case yes = "AMAZON.YesIntent"
    case no = "AMAZON.NoIntent"
}

extension IntentName {
    /// The intents a device in a room answers from the room's calendar.
    public static let roomIntents: Set<IntentName> = [.roomAvailability, .roomFreeTime, .roomSchedule, .bookRoom, .endMeeting]

    public var isAboutRoom: Bool { Self.roomIntents.contains(self) }
}

/// An intent with its slots, parsed but not yet placed in time. The same words give the same value whether they
/// arrive as free text (``UtteranceParser``) or as ASK slot values (``SlotValues``).
public struct VoiceIntent: Hashable, Sendable {
    public var name: IntentName
    /// When: the day, week, weekend or month asked about; for add, the event's day; for move and cancel, the
    /// event's current day.
    public var date: DateSpec?
    /// For add: the start; for move and cancel: the event's current start; for reads: a part of the day or an hour.
    public var time: TimeSpec?
    /// For add: the event's subject ("lunch with Sam"); for move and cancel: words of the subject to find it by.
    public var title: String?
    /// For add: the length in seconds (AMAZON.DURATION `PT1H30M` → 5400).
    public var durationSeconds: Int?
    /// For move: the new day (nil: the same day).
    public var newDate: DateSpec?
    /// For move: the new start.
    public var newTime: TimeSpec?

    public init(_ name: IntentName, date: DateSpec? = nil, time: TimeSpec? = nil, title: String? = nil, durationSeconds: Int? = nil,
                newDate: DateSpec? = nil, newTime: TimeSpec? = nil) {
        self.name = name
        self.date = date
        self.time = time
        self.title = title
        self.durationSeconds = durationSeconds
        self.newDate = newDate
        self.newTime = newTime
    }

    /// This intent's slots over `pending`'s: a dialog's next turn fills in what the earlier ones left out, and a
    /// slot said again replaces the earlier value.
    /// Whether the intent is about the room a device is in (answered from the room's calendar).
    public var isAboutRoom: Bool { name.isAboutRoom }

    public func merged(over pending: VoiceIntent) -> VoiceIntent {
        var merged = pending
        merged.date = date ?? pending.date
        merged.time = time ?? pending.time
        merged.title = title ?? pending.title
        merged.durationSeconds = durationSeconds ?? pending.durationSeconds
        merged.newDate = newDate ?? pending.newDate
        merged.newTime = newTime ?? pending.newTime
        return merged
    }
}
