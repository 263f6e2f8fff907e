// UtteranceParser: free text (en-US) to a VoiceIntent, the same one the skill's ASK slots give for the same words.

/// Understands what a user typed or said, relative to `today`, the user's local date (so "tomorrow" and "Friday"
/// become the very `DateSpec` values AMAZON.DATE would carry). Dates follow ``DatePhrases``' rules, clock times
/// the bare-hour rule of ``ClockReading/resolved(period:)`` ("at 3" is 15:00), titles ``TitleWords``' rules.
///
/// Contract: total and pure. Any input (empty, 10 KB, emoji, control characters) gives an intent, never a trap;
/// what is not understood is ``IntentName/fallback``. Fields the words do not give stay nil: the dialog asks
/// for them. A read with no date has `date` nil, as ASK sends "what's on my calendar": nil means today.
public enum UtteranceParser {
    /// The intent of a whole utterance:
    /// - "what's on my calendar [when]", "what do I have …", "do I have anything …", "what meetings do I have
    ///   at 3 PM", "am I free …": ``IntentName/getEvents`` with `date` and `time`.
    /// - "what's my next meeting", "when is my next meeting", "what's next", "what's coming up": ``IntentName/nextEvent``.
    /// - "add | schedule | create | book | put | plan | make | set up …": ``IntentName/addEvent`` with `title`,
    ///   `date`, `time`, `durationSeconds`.
    /// - "move | reschedule | push | postpone | shift | change | bump | delay … [to <new day and time>]":
    ///   ``IntentName/moveEvent``; the words before the last "to" find the event (`date`, `time`, `title`), the
    ///   words after it say where it goes (`newDate`, `newTime`).
    /// - "cancel | delete | remove | drop | call off …": ``IntentName/cancelEvent`` with `date`, `time`, `title`.
    /// - "help", "what can I say"; "stop"; "cancel", "never mind"; "yes", "sure", "do it"; "no", "nope", "don't".
    public static func parse(_ text: String, today: CalendarDay) -> VoiceIntent {
        let utterance = Utterance(text, today: today)
        guard !utterance.words.isEmpty else { return VoiceIntent(.fallback) }
        if let control = ConversationPhrases.control(utterance.norms) { return VoiceIntent(control) }
        return request(utterance) ?? VoiceIntent(.fallback)
    }

    /// The answer to a follow-up question, in the light of the intent being completed (`pending`).
    ///
    /// - "stop", "cancel", "help", "yes", "no" are those intents, whatever was asked.
    /// - A whole request ("what's on my calendar tomorrow", "add dentist at 3") is that request; when it is the
    ///   pending intent's kind, it completes the pending intent (its fields override).
    /// - Otherwise the words fill what was asked (and anything else they say): `.title` takes the words that are
    ///   not a date, time or length ("lunch with Sam", "it's called standup"); `.date` and `.newDate` need a
    ///   date ("Friday", "on the 3rd"; a week or month is returned as said, for the dialog to refuse); `.time`
    ///   and `.newTime` need a clock time, where any number counts ("3" is 15:00, "noon", "at 3:30").
    ///   `.newTime` places a bare hour nearest the event's current start, as a move's destination does.
    /// - Anything else, or an answer without what was asked, is ``IntentName/fallback``: ask again.
    public static func answer(_ text: String, to question: ExpectedAnswer, pending: VoiceIntent, today: CalendarDay) -> VoiceIntent {
        let utterance = Utterance(text, today: today)
        guard !utterance.words.isEmpty else { return VoiceIntent(.fallback) }
        if let control = ConversationPhrases.control(utterance.norms) { return VoiceIntent(control) }
        if let request = request(utterance) {
            return request.name == pending.name ? request.merged(over: pending) : request
        }
        let all = 0..<utterance.words.count
        var filled = pending
        switch question {
        case .confirmation:
            return VoiceIntent(.fallback)
        case .title:
            let start = answerPrefixes.first { utterance.norms.starts(with: $0) && utterance.norms.count > $0.count }?.count ?? 0
            let found = utterance.scanner.scan(start..<all.upperBound)
            let titleMode: IntentName = pending.name == .moveEvent || pending.name == .cancelEvent ? pending.name : .addEvent
            let title = TitleWords.title(utterance.words, indices: found.leftover, in: utterance.text, for: titleMode)
            guard title != nil || !found.isEmpty else { return VoiceIntent(.fallback) }
            filled.title = title ?? filled.title
            fill(&filled, with: found)
        case .date, .newDate:
            let found = utterance.scanner.scan(all)
            guard let date = found.date else { return VoiceIntent(.fallback) }
            if question == .date {
                fill(&filled, with: found)
            } else {
                filled.newDate = date
                if let time = destinationTime(found, from: pending.time) { filled.newTime = time }
            }
        case .time, .newTime:
            let found = utterance.scanner.scan(all, bareNumbers: .always)
            guard found.clock != nil else { return VoiceIntent(.fallback) }
            if question == .time {
                fill(&filled, with: found)
            } else {
                filled.newTime = destinationTime(found, from: pending.time)
                if let date = found.date { filled.newDate = date }
            }
        case .duration:
            let found = utterance.scanner.scan(all)
            guard let seconds = found.durationSeconds else { return VoiceIntent(.fallback) }
            filled.durationSeconds = seconds
        }
        return filled
    }

    // MARK: Requests

    /// The request an utterance makes, or nil when it makes none (the caller decides what that means).
    static func request(_ utterance: Utterance) -> VoiceIntent? {
        let norms = utterance.norms
        let end = norms.count
        if let verb = verbLength(norms, addVerbs) { return add(utterance, verb..<end) }
        if var verb = verbLength(norms, moveVerbs) {
            // "push back my meeting …", "move up lunch …".
            if verb < end, ["back", "forward", "up", "out"].contains(norms[verb]) { verb += 1 }
            return move(utterance, verb..<end)
        }
        if let verb = verbLength(norms, cancelVerbs) { return cancel(utterance, verb..<end) }
        if isNextEvent(utterance) { return VoiceIntent(.nextEvent) }
        if isRead(norms) { return read(utterance) }
        return nil
    }

    private static func add(_ utterance: Utterance, _ body: Range<Int>) -> VoiceIntent {
        let found = utterance.scanner.scan(body)
        let title = TitleWords.title(utterance.words, indices: found.leftover, in: utterance.text, for: .addEvent)
        return VoiceIntent(.addEvent, date: found.date, time: found.time, title: title, durationSeconds: found.durationSeconds)
    }

    /// The destination is after the last "to" (or "until", "till") whose words are all a date or time (ignoring
    /// "the same day", "instead" and the like); failing that, after the last one followed by any date or time.
    /// So "move trip to Paris to Friday" moves "Trip to Paris".
    private static func move(_ utterance: Utterance, _ body: Range<Int>) -> VoiceIntent {
        let norms = utterance.norms
        var split: Int?
        var partial: Int?
        for index in body.reversed() where ["to", "until", "till", "til"].contains(norms[index]) {
            let destination = utterance.scanner.scan(index + 1..<body.upperBound, bareNumbers: .always)
            guard destination.date != nil || destination.clock != nil || destination.period != nil else { continue }
            if destination.leftover.allSatisfy({ destinationFillers.contains(norms[$0]) }) {
                split = index
                break
            }
            if partial == nil { partial = index }
        }
        let cut = split ?? partial
        let source = utterance.scanner.scan(body.lowerBound..<(cut ?? body.upperBound), bareNumbers: .afterPossessive)
        var leftover = source.leftover
        // "push my 4 PM back to 5": the particle belongs to the verb.
        if let last = leftover.last, let cut, last == cut - 1, ["back", "forward", "up", "out"].contains(norms[last]) { leftover.removeLast() }
        var intent = VoiceIntent(.moveEvent, date: source.date, time: source.time,
                                 title: TitleWords.title(utterance.words, indices: leftover, in: utterance.text, for: .moveEvent))
        if let cut {
            let destination = utterance.scanner.scan(cut + 1..<body.upperBound, bareNumbers: .always)
            intent.newDate = destination.date
            intent.newTime = destinationTime(destination, from: source.time)
        }
        return intent
    }

    private static func cancel(_ utterance: Utterance, _ body: Range<Int>) -> VoiceIntent {
        let found = utterance.scanner.scan(body, bareNumbers: .afterPossessive)
        let title = TitleWords.title(utterance.words, indices: found.leftover, in: utterance.text, for: .cancelEvent)
        return VoiceIntent(.cancelEvent, date: found.date, time: found.time, title: title)
    }

    /// A read. A date or time word left over means a date that was not understood ("on February 30th", "in two
    /// weeks"): answering about today instead would be wrong, so that is a fallback.
    private static func read(_ utterance: Utterance) -> VoiceIntent {
        let norms = utterance.norms
        let found = utterance.scanner.scan(0..<norms.count)
        // "am I free …": that "am" is the verb, not a meridiem.
        let unread = found.leftover.filter { !(norms[$0] == "am" && $0 + 1 < norms.count && norms[$0 + 1] == "i") }
        if unread.contains(where: { CalendarWords.isTemporal(norms[$0]) }) { return VoiceIntent(.fallback) }
        return VoiceIntent(.getEvents, date: found.date, time: found.time)
    }

    /// Where a moved event goes. A bare hour ("to 4") is the one, AM or PM, nearer the event's current start
    /// ("move my 2 PM meeting to 4" is 16:00, "… to 11" 11:00, "move my 8 PM dinner to 9" 21:00); with no
    /// current clock time, or as near either way, the bare-hour rule decides.
    static func destinationTime(_ destination: WhenPhrases, from source: TimeSpec?) -> TimeSpec? {
        guard let clock = destination.clock else { return destination.period.map { .period($0) } }
        if clock.meridiem == nil, !clock.exact, clock.hint == nil, destination.period == nil, (1...11).contains(clock.hour),
           case .clock(let current, _) = source {
            let morning = abs(clock.hour - current), afternoon = abs(clock.hour + 12 - current)
            if morning != afternoon { return .clock(hour: morning < afternoon ? clock.hour : clock.hour + 12, minute: clock.minute) }
        }
        return destination.time
    }

    // MARK: Recognising

    private static func isNextEvent(_ utterance: Utterance) -> Bool {
        let norms = utterance.norms
        guard let lead = norms.first, nextLeads.contains(lead) else { return false }
        for (index, word) in norms.enumerated() where word == "next" {
            guard index + 1 < norms.count else { return true }
            let after = norms[index + 1]
            if !notNextEvent.contains(after), CalendarWords.weekdays[after] == nil, !NumberWords.isNumeric(after) { return true }
        }
        let comingUp = norms.contains("upcoming") || zip(norms, norms.dropFirst()).contains { $0 == "coming" && $1 == "up" }
        return comingUp && utterance.scanner.scan(0..<norms.count).date == nil
    }

    private static func isRead(_ norms: [String]) -> Bool {
        guard let lead = norms.first, readLeads.contains(lead) else { return false }
        if norms.starts(with: ["what", "is", "on"]) || norms.starts(with: ["what", "is", "happening"]) { return true }
        return norms.contains { readCues.contains($0) }
    }

    /// How many words the verb at the start takes ("set up" is 2), when it is one of `verbs`.
    private static func verbLength(_ norms: [String], _ verbs: [[String]]) -> Int? {
        verbs.first { norms.starts(with: $0) }?.count
    }

    /// Fills `intent` with what `found` says (its date, time and length override).
    private static func fill(_ intent: inout VoiceIntent, with found: WhenPhrases) {
        if let date = found.date { intent.date = date }
        if let time = found.time { intent.time = time }
        if let seconds = found.durationSeconds, intent.name == .addEvent { intent.durationSeconds = seconds }
    }

    // MARK: Vocabulary

    private static let addVerbs: [[String]] = [["add"], ["schedule"], ["create"], ["book"], ["put"], ["plan"], ["make"], ["set", "up"], ["arrange"]]
    private static let moveVerbs: [[String]] = [["move"], ["reschedule"], ["push"], ["postpone"], ["shift"], ["change"], ["bump"], ["delay"]]
    private static let cancelVerbs: [[String]] = [["cancel"], ["delete"], ["remove"], ["drop"], ["call", "off"], ["erase"]]

    /// Words a move's destination may have besides its date and time ("to the same time on Friday", "instead").
    private static let destinationFillers: Set<String> = ["the", "same", "time", "day", "instead", "then", "it", "at", "on", "please", "that"]

    /// What an answer to "What's the event?" may start with: "it's called standup", "call it standup".
    private static let answerPrefixes: [[String]] = [
        ["it", "is", "called"], ["its", "called"], ["call", "it"], ["the", "event", "is"], ["the", "title", "is"],
        ["it", "is"], ["its"], ["that", "is"],
    ]

    private static let nextLeads: Set<String> = ["what", "when", "where", "who", "tell", "read", "give", "is", "do", "my", "next", "any", "how"]
    /// After "next", these make it a date ("next week"), not the next event.
    private static let notNextEvent: Set<String> = [
        "week", "weeks", "weekend", "month", "months", "year", "few", "couple", "days", "day", "hour", "hours",
        "morning", "afternoon", "evening", "night",
    ]
    private static let readLeads: Set<String> = [
        "what", "when", "do", "does", "did", "am", "is", "are", "any", "anything", "how", "read", "check", "tell", "show", "list",
        "give", "get", "have",
    ]
    private static let readCues: Set<String> = [
        "calendar", "calendars", "schedule", "agenda", "have", "got", "meetings", "meeting", "events", "event", "appointments",
        "appointment", "anything", "happening", "busy", "free", "planned", "booked", "scheduled", "going", "look",
    ]
}
