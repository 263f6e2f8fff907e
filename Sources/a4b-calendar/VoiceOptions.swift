// The flags that tune voice answers.
import ArgumentParser
import CalendarBackend

struct VoiceOptions: ParsableArguments {
    @Option(help: "Seconds a voice query may wait for Exchange, over all its calls; past it the user hears \"Sorry, I can't reach your calendar right now.\" [env: A4B_VOICE_DEADLINE] (default: 3)")
    var voiceDeadline: Double?

    @Option(help: "How many events a voice answer reads out; the rest are counted (\"and 2 more.\") and listed on the card. [env: A4B_VOICE_MAX_EVENTS] (default: 3)")
    var voiceMaxEvents: Int?

    func settings() throws -> VoiceService.Settings {
        let deadline = try Setting.resolve(voiceDeadline, env: "A4B_VOICE_DEADLINE", default: 3)
        guard deadline >= 0.1 && deadline <= 60 else { throw ValidationError("voice-deadline must be between 0.1 and 60 seconds") }
        let maxEvents = try Setting.resolve(voiceMaxEvents, env: "A4B_VOICE_MAX_EVENTS", default: 3)
        guard (1...20).contains(maxEvents) else { throw ValidationError("voice-max-events must be between 1 and 20") }
        return VoiceService.Settings(deadline: .milliseconds(Int(deadline * 1000)), maxRead: maxEvents)
    }
}
