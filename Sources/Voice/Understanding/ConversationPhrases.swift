// ConversationPhrases: the words around a request ("Alexa, ask work calendar to …", "please") and the whole-utterance
// intents (help, stop, cancel, yes, no).

enum ConversationPhrases {
    /// The intent an utterance is as a whole ("stop", "never mind", "yes please"), or nil. Compared after
    /// ``strippingCourtesy(_:)``, so "no thank you" is "no" and "yes please" is "yes".
    static func control(_ norms: [String]) -> IntentName? {
        phrases[norms.joined(separator: " ")]
    }

    /// `words` without what surrounds the request: a wake word ("Alexa", "hey Alexa"), "ask|tell <skill> to|for|if|…"
    /// (the invocation, whatever the skill's name), politeness ("please", "can you", "I'd like to", "go ahead and"),
    /// fillers ("um", "so") and a closing "thanks" / "thank you".
    static func strippingCourtesy(_ words: [Word]) -> [Word] {
        var words = words
        var changed = true
        while changed, !words.isEmpty {
            changed = false
            let norms = words.map(\.norm)
            if let prefix = leadingPhrases.first(where: { norms.starts(with: $0) && norms.count > $0.count }) {
                words.removeFirst(prefix.count)
                changed = true
            } else if norms[0] == "ask" || norms[0] == "tell", let through = invocationEnd(norms) {
                words.removeFirst(through)
                changed = true
            } else if let last = norms.last, norms.count > 1, last == "thanks" || last == "thank" || last == "you" && norms.dropLast().last == "thank" {
                words.removeLast(last == "you" ? 2 : 1)
                changed = true
            }
        }
        return words.filter { $0.norm != "please" && $0.norm != "kindly" }
    }

    /// After "ask" or "tell": how many words the invocation takes ("ask work calendar to" → 4), when a connector
    /// ("to", "for", "if", "whether", "about") or the request itself ("what …", "add …") follows within 5 words.
    private static func invocationEnd(_ norms: [String]) -> Int? {
        for index in 1..<min(norms.count, 7) {
            if connectors.contains(norms[index]) { return index + 1 < norms.count ? index + 1 : nil }
            if index > 1, requestStarts.contains(norms[index]) { return index }
        }
        return nil
    }

    private static let connectors: Set<String> = ["to", "for", "if", "whether", "about"]
    private static let requestStarts: Set<String> = [
        "what", "when", "do", "does", "am", "is", "are", "add", "schedule", "create", "move", "reschedule", "cancel", "delete",
    ]

    /// Removed from the start while more follows ("please" alone stays, and is nothing).
    private static let leadingPhrases: [[String]] = [
        ["hey", "alexa"], ["ok", "alexa"], ["okay", "alexa"], ["alexa"],
        ["can", "you"], ["could", "you"], ["would", "you"], ["will", "you"], ["can", "i"], ["could", "i"],
        ["i", "want", "to"], ["i", "would", "like", "to"], ["i", "need", "to"], ["i", "wanna"], ["let", "us"],
        ["go", "ahead", "and"], ["please"], ["kindly"], ["just"], ["um"], ["uh"], ["hey"], ["so"], ["oh"], ["well"],
    ]

    private static let phrases: [String: IntentName] = {
        var table: [String: IntentName] = [:]
        for phrase in ["help", "help me", "i need help", "what can i say", "what can you do", "what can i ask", "what can i do",
                       "what do i say", "how does this work", "how do i use this", "what are my options", "options"] {
            table[phrase] = .help
        }
        for phrase in ["stop", "stop it", "shut up", "quit", "exit", "off", "be quiet", "goodbye", "good bye", "bye",
                       "that is all", "that is it", "i am done"] {
            table[phrase] = .stop
        }
        for phrase in ["cancel", "cancel that", "cancel it", "cancel this", "never mind", "nevermind", "forget it",
                       "forget about it", "forget that"] {
            table[phrase] = .cancel
        }
        for phrase in ["yes", "yeah", "yea", "yep", "yup", "sure", "sure thing", "do it", "yes do it", "ok", "okay", "go ahead",
                       "correct", "that is right", "that is correct", "right", "affirmative", "absolutely", "please do",
                       "sounds good", "of course", "confirm", "yes it is", "yes add it", "add it"] {
            table[phrase] = .yes
        }
        for phrase in ["no", "nope", "nah", "do not", "do not do it", "negative", "not now", "no way", "wrong",
                       "that is wrong", "no it is not", "do not add it"] {
            table[phrase] = .no
        }
        return table
    }()
}
