// SlotValues: Alexa Skills Kit slot values (AMAZON.DATE, AMAZON.TIME, AMAZON.DURATION, EVENT_TITLE) to and from the model.

/// Reads the slot values of an ASK IntentRequest into the model, and writes the model back as slot values (for
/// the REST answer's `intent.slots` and for a device client that sends ASK envelopes built from free text).
///
/// Contract: every reader returns nil for a value it does not support; none of them throws or traps, whatever the
/// input. Supported values are exactly what the `Voice` model can express; the rest (a bare year `2026`, a decade
/// `201X`, a season `2026-WI`, durations in years or months) are refused rather than approximated.
public enum SlotValues {
    /// The slot names of the interaction model (`skill-package/interactionModels/custom/en-US.json`).
    public enum Slot {
        public static let date = "date"
        public static let time = "time"
        public static let title = "title"
        public static let duration = "duration"
        public static let newDate = "newDate"
        public static let newTime = "newTime"
    }

    // MARK: AMAZON.DATE

    /// An AMAZON.DATE value: `2026-11-25` → `.day`, `2026-W48` → `.week`, `2026-W48-WE` → `.weekend`,
    /// `2026-11` → `.month`, `PRESENT_REF` → `.present`. nil for a bare year, a decade (`201X`), a season
    /// (`2026-WI`, `-SP`, `-SU`, `-FA`), a day, week or month that does not exist, and anything else.
    public static func date(_ value: String) -> DateSpec? {
        let value = value.trimmed
        if value == "PRESENT_REF" { return .present }
        let parts = value.split(separator: "-", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 2, parts.count <= 3, let year = number(parts[0], digits: 4...4) else { return nil }
        if parts[1].hasPrefix("W"), let week = number(String(parts[1].dropFirst()), digits: 1...2) {
            // Only a week that exists in that ISO year: 2025 has no week 53.
            guard CalendarDay.monday(ofISOWeek: week, year: year) != nil else { return nil }
            if parts.count == 2 { return .week(year: year, week: week) }
            return parts[2] == "WE" ? .weekend(year: year, week: week) : nil
        }
        guard let month = number(parts[1], digits: 2...2), (1...12).contains(month) else { return nil }
        if parts.count == 2 { return .month(year: year, month: month) }
        guard let day = number(parts[2], digits: 2...2), let calendarDay = CalendarDay(year: year, month: month, day: day) else {
            return nil
        }
        return .day(calendarDay)
    }

    /// The AMAZON.DATE value of `spec` (the inverse of ``date(_:)``).
    public static func value(of spec: DateSpec) -> String {
        switch spec {
        case .day(let day): day.description
        case .week(let year, let week): "\(pad(year, 4))-W\(pad(week, 2))"
        case .weekend(let year, let week): "\(pad(year, 4))-W\(pad(week, 2))-WE"
        case .month(let year, let month): "\(pad(year, 4))-\(pad(month, 2))"
        case .present: "PRESENT_REF"
        }
    }

    // MARK: AMAZON.TIME

    /// An AMAZON.TIME value: `14:00`, `09:05` → `.clock`; `MO`, `AF`, `EV`, `NI` → `.period`. Also `TONIGHT`, which
    /// Alexa never sends but ``value(of:)-(TimeSpec)`` writes for free text's "tonight" (AMAZON.TIME has no value
    /// for 17:00–24:00), so that a client replaying free text as slots keeps its meaning. nil for anything else.
    public static func time(_ value: String) -> TimeSpec? {
        let value = value.trimmed
        if let period = DayPeriod(rawValue: value) { return .period(period) }
        let parts = value.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 2, let hour = number(parts[0], digits: 1...2), let minute = number(parts[1], digits: 2...2),
              (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return .clock(hour: hour, minute: minute)
    }

    /// The AMAZON.TIME value of `spec`: `14:00`, `MO`, … (`TONIGHT` for ``DayPeriod/tonight``).
    public static func value(of spec: TimeSpec) -> String {
        switch spec {
        case .clock(let hour, let minute): "\(pad(hour, 2)):\(pad(minute, 2))"
        case .period(let period): period.rawValue
        }
    }

    // MARK: AMAZON.DURATION

    /// An AMAZON.DURATION value (ISO 8601) in seconds: `PT30M` → 1800, `PT1H30M` → 5400, `PT45S` → 45,
    /// `P1D` → 86400, `P1W` → 604800, `PT1.5H` → 5400. nil for years and months (no fixed length), for a zero
    /// length, for more than 366 days, and for anything malformed (`P`, `PT`, `PT30`, `PT1M2H`, `garbage`).
    public static func durationSeconds(_ value: String) -> Int? {
        let text = value.trimmed.uppercased()
        guard text.first == "P" else { return nil }
        // The date part is before "T", the time part after it; units in the order ISO 8601 requires.
        let halves = text.dropFirst().split(separator: "T", maxSplits: 1, omittingEmptySubsequences: false)
        guard let datePart = seconds(halves[0], units: [("W", 604_800), ("D", 86_400)]) else { return nil }
        var total = datePart.seconds
        var components = datePart.components
        if halves.count == 2 {
            // A "T" with nothing after it is malformed.
            guard !halves[1].isEmpty, let timePart = seconds(halves[1], units: [("H", 3_600), ("M", 60), ("S", 1)]) else { return nil }
            total += timePart.seconds
            components += timePart.components
        }
        guard components > 0, total >= 1, total <= 366 * 86_400 else { return nil }
        return Int(total.rounded())
    }

    /// The seconds in "1H30M" (one half of a duration), each unit at most once and in `units`' order.
    private static func seconds(_ text: Substring, units: [(unit: Character, seconds: Double)]) -> (seconds: Double, components: Int)? {
        var text = text
        var total = 0.0, components = 0, nextUnit = 0
        while !text.isEmpty {
            let digits = text.prefix { $0.isASCII && ($0.isNumber || $0 == ".") }
            guard !digits.isEmpty, digits.count <= 9, let amount = Double(digits), amount.isFinite else { return nil }
            text = text.dropFirst(digits.count)
            guard let unit = text.first, let index = units[nextUnit...].firstIndex(where: { $0.unit == unit }) else { return nil }
            text = text.dropFirst()
            total += amount * units[index].seconds
            components += 1
            nextUnit = index + 1
        }
        return (total, components)
    }

    /// The AMAZON.DURATION value of `seconds`: 5400 → `PT1H30M`, 86400 → `P1D`.
    public static func value(ofDurationSeconds seconds: Int) -> String {
        let seconds = max(0, seconds)
        let days = seconds / 86_400, hours = seconds % 86_400 / 3_600, minutes = seconds % 3_600 / 60, rest = seconds % 60
        var text = "P"
        if days > 0 { text += "\(days)D" }
        if hours > 0 || minutes > 0 || rest > 0 || days == 0 {
            text += "T"
            if hours > 0 { text += "\(hours)H" }
            if minutes > 0 { text += "\(minutes)M" }
            if rest > 0 || (hours == 0 && minutes == 0) { text += "\(rest)S" }
        }
        return text
    }

    // MARK: Intents

    /// The intent of an ASK IntentRequest: its name and its slots' values (`request.intent.slots[name].value`; a
    /// slot without a value is simply absent, an empty value counts as absent).
    ///
    /// - nil when `name` is not an intent of the interaction model. `AMAZON.NavigateHomeIntent` (required of every
    ///   skill) is ``IntentName/stop``: it ends the session.
    /// - A slot value given but not supported (`2026`, `201X`, `PT`, `?`) gives ``IntentName/fallback``: answering
    ///   something else (today's events, the same day) would be a wrong answer, not a partial one.
    /// - Titles are tidied as free text's are (``UtteranceParser``): a leading "a", "an", "the" or "my" goes, the
    ///   first letter is capitalised, and a title that only names the kind of thing ("meeting" when moving or
    ///   cancelling, "an event" when adding) is nil, so that the same words give the same intent either way.
    /// - Slots the intent does not have are ignored; the built-in intents carry no slots.
    public static func intent(name: String, slots: [String: String]) -> VoiceIntent? {
        let intentName: IntentName
        if name == "AMAZON.NavigateHomeIntent" {
            intentName = .stop
        } else if let known = IntentName(rawValue: name) {
            intentName = known
        } else {
            return nil
        }
        var intent = VoiceIntent(intentName)
        let allowed = Set(slotNames(of: intentName))
        for (slot, raw) in slots where allowed.contains(slot) {
            let text = raw.trimmed
            if text.isEmpty { continue }
            switch slot {
            case Slot.date, Slot.newDate:
                guard let spec = date(text) else { return VoiceIntent(.fallback) }
                if slot == Slot.date { intent.date = spec } else { intent.newDate = spec }
            case Slot.time, Slot.newTime:
                guard let spec = time(text) else { return VoiceIntent(.fallback) }
                if slot == Slot.time { intent.time = spec } else { intent.newTime = spec }
            case Slot.duration:
                guard let seconds = durationSeconds(text) else { return VoiceIntent(.fallback) }
                intent.durationSeconds = seconds
            default:
                intent.title = TitleWords.title(fromSlotValue: text, for: intentName)
            }
        }
        return intent
    }

    /// The slots `intent` has in the interaction model (`skill-package/interactionModels/custom/en-US.json`), in
    /// the model's order; the built-in intents have none.
    public static func slotNames(of intent: IntentName) -> [String] {
        switch intent {
        case .getEvents: [Slot.date, Slot.time]
        case .addEvent: [Slot.title, Slot.date, Slot.time, Slot.duration]
        case .moveEvent: [Slot.title, Slot.date, Slot.time, Slot.newDate, Slot.newTime]
        case .cancelEvent: [Slot.title, Slot.date, Slot.time]
        case .roomAvailability: [Slot.date, Slot.time]
        case .roomSchedule: [Slot.date]
        case .bookRoom: [Slot.duration]
        default: []
        }
    }

    /// The slot values of `intent` as ASK would carry them (absent slots are left out); ``intent(name:slots:)``
    /// reads them back to the same intent.
    public static func slots(of intent: VoiceIntent) -> [String: String] {
        var slots: [String: String] = [:]
        if let date = intent.date { slots[Slot.date] = value(of: date) }
        if let time = intent.time { slots[Slot.time] = value(of: time) }
        if let title = intent.title { slots[Slot.title] = title }
        if let seconds = intent.durationSeconds { slots[Slot.duration] = value(ofDurationSeconds: seconds) }
        if let newDate = intent.newDate { slots[Slot.newDate] = value(of: newDate) }
        if let newTime = intent.newTime { slots[Slot.newTime] = value(of: newTime) }
        return slots
    }

    // MARK: Helpers

    /// A non-negative decimal of exactly `digits` ASCII digits (so `+5`, `٣` and `2026x` are refused).
    private static func number(_ text: String, digits: ClosedRange<Int>) -> Int? {
        guard digits.contains(text.count), text.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(text)
    }

    private static func pad(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, width - digits.count)) + digits
    }
}

extension String {
    /// Without leading and trailing whitespace.
    var trimmed: String {
        var text = Substring(self)
        while let first = text.first, first.isWhitespace { text = text.dropFirst() }
        while let last = text.last, last.isWhitespace { text = text.dropLast() }
        return String(text)
    }
}
