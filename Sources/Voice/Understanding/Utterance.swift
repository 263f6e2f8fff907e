// Utterance: an utterance as the parser reads it: its text, its words without courtesy, and their scanner.

/// An utterance split into words, with what scans them for dates and times.
struct Utterance {
    let text: String
    let words: [Word]
    let norms: [String]
    let scanner: PhraseScanner

    init(_ text: String, today: CalendarDay) {
        self.text = text
        words = ConversationPhrases.strippingCourtesy(Tokenizer.words(text))
        norms = words.map(\.norm)
        scanner = PhraseScanner(words: norms, today: today)
    }
}
