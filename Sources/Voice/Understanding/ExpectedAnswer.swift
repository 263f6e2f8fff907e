// ExpectedAnswer: what a follow-up question asked for, so that the answer is read in that light.

/// The slot a dialog asked for ("What's the event?", "What day?", "What time?", "Should I add it?"). Each case
/// names the ``VoiceIntent`` field the answer fills; see ``UtteranceParser/answer(_:to:pending:today:)``.
public enum ExpectedAnswer: String, Hashable, Sendable, CaseIterable {
    /// "What's the event?": fills `title` ("lunch with Sam").
    case title
    /// "What day?": fills `date` ("Friday", "on the 3rd").
    case date
    /// "What time?": fills `time` with a clock time ("at 3", "3 PM", "noon"; a bare "3" is 15:00).
    case time
    /// "For how long?": fills `durationSeconds` ("an hour", "30 minutes").
    case duration
    /// "To what day?" (moving): fills `newDate`.
    case newDate
    /// "To what time?" (moving): fills `newTime` with a clock time.
    case newTime
    /// "Should I add it?": yes or no.
    case confirmation
}
