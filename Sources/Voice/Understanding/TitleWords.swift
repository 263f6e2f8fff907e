// TitleWords: the event title left when dates, times and lengths are taken out ("lunch with Sam" → "Lunch with Sam").

/// Cuts a title from the words no phrase used, in the user's own spelling.
///
/// Contract, the same for free text and for the EVENT_TITLE slot:
/// - "called", "named", "titled" introduce the title ("create an event called standup" → "Standup").
/// - Calendar words go ("to my calendar", "on my schedule", "from the calendar", "for me", "please"), then a
///   leading "a", "an", "the", "my", "our" and a trailing "on", "at", "for", "to", "in", "from", "and", "by", "instead".
/// - What is left only naming the kind of thing is no title: for adding, "event" or a pronoun ("add an event" asks "What's
///   the event?"; "meeting" stays "Meeting", since "schedule a meeting" is a meeting); for moving and cancelling,
///   "meeting", "event", "appointment", "call" and the like (the event is found by time instead).
/// - The first letter is capitalised, the rest kept as said; at most 255 characters (Exchange's subject limit).
enum TitleWords {
    /// The title in `text` made of `words[indices]` (indices in order; runs of adjacent words keep the text
    /// between them, so "Sam, Bob and Ann" keeps its commas).
    static func title(_ words: [Word], indices: [Int], in text: String, for intent: IntentName) -> String? {
        var kept = indices
        if intent == .addEvent, let called = kept.firstIndex(where: { ["called", "named", "titled"].contains(words[$0].norm) }) {
            kept = Array(kept[(called + 1)...])
        }
        kept = removingCalendarWords(kept, words)
        // "cancel all my meetings": "all" before a determiner only says how many.
        if intent != .addEvent, kept.count > 1, words[kept[0]].norm == "all", leading.contains(words[kept[1]].norm) { kept.removeFirst() }
        while let first = kept.first, leading.contains(words[first].norm) { kept.removeFirst() }
        while let last = kept.last, trailing.contains(words[last].norm) { kept.removeLast() }
        guard !kept.isEmpty else { return nil }
        let norms = kept.map { words[$0].norm }
        if intent == .addEvent {
            if norms.allSatisfy({ addGeneric.contains($0) }) { return nil }
        } else if norms.allSatisfy({ findGeneric.contains($0) }) {
            return nil
        }
        // Adjacent words are one run of the original text; runs are joined by a space.
        var runs: [Range<String.Index>] = []
        var previous: Int?
        for index in kept {
            let range = words[index].range
            if let last = runs.last, let previous, index == previous + 1 || range == words[previous].range {
                runs[runs.count - 1] = last.lowerBound..<max(last.upperBound, range.upperBound)
            } else {
                runs.append(range)
            }
            previous = index
        }
        return capitalised(runs.map { String(text[$0]) }.joined(separator: " "))
    }

    /// The title an EVENT_TITLE slot value gives, by the same rules as free text's.
    static func title(fromSlotValue value: String, for intent: IntentName) -> String? {
        let words = Tokenizer.words(value)
        if words.isEmpty {
            // Nothing but symbols ("🎉"), or too long to be words: keep it as said.
            let trimmed = value.trimmed
            return trimmed.isEmpty ? nil : capitalised(trimmed)
        }
        return title(words, indices: Array(words.indices), in: value, for: intent)
    }

    static func capitalised(_ title: String) -> String {
        let limited = String(title.prefix(255))
        guard let first = limited.first else { return limited }
        return first.uppercased() + limited.dropFirst()
    }

    /// Drops "(to|on|in|onto|into|from|for) (my|the|our)? (calendar|schedule|agenda)", "for me" and "please".
    private static func removingCalendarWords(_ indices: [Int], _ words: [Word]) -> [Int] {
        let norms = indices.map { words[$0].norm }
        var keep = [Bool](repeating: true, count: indices.count)
        var position = 0
        while position < norms.count {
            var end = position
            if calendarPrepositions.contains(norms[end]) { end += 1 }
            if end < norms.count, ["my", "the", "our"].contains(norms[end]) { end += 1 }
            if end < norms.count, ["calendar", "schedule", "agenda"].contains(norms[end]), end > position {
                for dropped in position...end { keep[dropped] = false }
                position = end + 1
                continue
            }
            if norms[position] == "for", position + 1 < norms.count, norms[position + 1] == "me" {
                keep[position] = false
                keep[position + 1] = false
                position += 2
                continue
            }
            if norms[position] == "please" { keep[position] = false }
            position += 1
        }
        return indices.indices.filter { keep[$0] }.map { indices[$0] }
    }

    private static let calendarPrepositions: Set<String> = ["to", "on", "in", "onto", "into", "from", "for"]
    private static let leading: Set<String> = ["a", "an", "the", "my", "our"]
    private static let trailing: Set<String> = ["on", "at", "for", "to", "in", "from", "and", "by", "instead"]
    private static let addGeneric: Set<String> = ["event", "events", "new", "calendar", "something", "entry", "item", "it", "that", "this"]
    private static let findGeneric: Set<String> = [
        "meeting", "meetings", "event", "events", "appointment", "appointments", "call", "calls", "thing", "one",
        "it", "that", "this", "next", "first", "last", "entry", "item",
    ]
}
