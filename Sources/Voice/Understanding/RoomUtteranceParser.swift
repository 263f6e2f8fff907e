// RoomUtteranceParser: free text (en-US) said to a device in a meeting room, to the room intents.

/// Understands what is said about "this room" (or "the room") and "this meeting", relative to `today` in the room's
/// time zone. Total and pure, like ``UtteranceParser``: nil when the words are not about the room, so the caller
/// can treat them as a person's request or as not understood.
///
/// - "is this room free | available | booked | taken | busy [on <day>] [at <time>]": ``IntentName/roomAvailability``.
/// - "when is this room free", "when will the room be free | available", "when does this room free up":
///   ``IntentName/roomFreeTime``.
/// - "what's on this room's calendar [today]", "what's happening in this room", "who booked this room",
///   "what meetings are in this room [tomorrow]": ``IntentName/roomSchedule``.
/// - "book | reserve | hold | grab this room [for 30 minutes]": ``IntentName/bookRoom`` (`durationSeconds` nil:
///   the profile's instant-booking length).
/// - "end | finish | stop | close this meeting", "end the meeting", "we're done with the room", "release this room":
///   ``IntentName/endMeeting``.
public enum RoomUtteranceParser {
    public static func parse(_ text: String, today: CalendarDay) -> VoiceIntent? {
        let utterance = Utterance(text, today: today)
        let norms = utterance.norms
        guard !norms.isEmpty, ConversationPhrases.control(norms) == nil else { return nil }
        let all = 0..<norms.count
        let aboutRoom = norms.contains { roomWords.contains($0) }
        let aboutMeeting = norms.contains { $0 == "meeting" || $0 == "booking" }
        if let first = norms.first, endVerbs.contains(first), aboutMeeting || aboutRoom { return VoiceIntent(.endMeeting) }
        if doneLeads.contains(where: { norms.starts(with: $0) }) || norms.first == "release" && aboutRoom { return VoiceIntent(.endMeeting) }
        guard aboutRoom else { return nil }
        if let first = norms.first, bookVerbs.contains(first) {
            let found = utterance.scanner.scan(all)
            return VoiceIntent(.bookRoom, durationSeconds: found.durationSeconds)
        }
        if norms.first == "when", norms.contains(where: { freeWords.contains($0) }) || norms.contains("up") { return VoiceIntent(.roomFreeTime) }
        if let first = norms.first, ["is", "will", "are"].contains(first), norms.contains(where: { freeWords.contains($0) || busyWords.contains($0) }) {
            let found = utterance.scanner.scan(all, bareNumbers: .introduced)
            return VoiceIntent(.roomAvailability, date: found.date, time: found.time)
        }
        if let first = norms.first, ["what", "who", "show", "read", "tell", "list", "any", "anything", "how"].contains(first) {
            let found = utterance.scanner.scan(all)
            return VoiceIntent(.roomSchedule, date: found.date)
        }
        return nil
    }

    static let roomWords: Set<String> = ["room", "rooms"]
    /// "we're done (here | with the room)": the tokenizer may leave "we're" whole.
    static let doneLeads: [[String]] = [["we", "are", "done"], ["were", "done"], ["we", "re", "done"], ["we", "are", "finished"]]
    static let bookVerbs: Set<String> = ["book", "reserve", "hold", "grab", "block", "take"]
    static let endVerbs: Set<String> = ["end", "finish", "stop", "close", "wrap", "conclude"]
    static let freeWords: Set<String> = ["free", "available", "open", "vacant", "empty"]
    static let busyWords: Set<String> = ["booked", "taken", "busy", "occupied", "reserved", "used"]
}
