// Tokenizer: splits an utterance into normalised words, each remembering where in the text it came from.

/// One word of an utterance. `norm` is what the parser compares (lowercased, apostrophes and dots settled,
/// contractions expanded); `range` is where the word is in the original text, so that a title keeps the user's
/// own spelling ("Lunch with Sam", "check-in", "Dana's party"). Words split from one written word share its range.
struct Word: Hashable {
    let norm: String
    let range: Range<String.Index>
}

enum Tokenizer {
    /// Longer input is not an utterance (Alexa's ASR gives a few dozen words): it yields no words at all, so that
    /// hostile input costs nothing and is understood as nothing.
    static let maxUTF8Bytes = 1000

    /// The words of `text`, split at whitespace and at punctuation that never sits inside a word ("/" does:
    /// "12/3", "Q1/Q2").
    static func words(_ text: String) -> [Word] {
        guard text.utf8.count <= maxUTF8Bytes else { return [] }
        return text.utf8.allSatisfy { $0 < 0x80 } ? asciiWords(text) : characterWords(text)
    }

    /// ``words(_:)`` for text of ASCII only, where a byte is a Character: the same words from byte tests instead
    /// of Character properties (grapheme breaking and Unicode lookups were 4% of a voice turn's CPU).
    static func asciiWords(_ text: String) -> [Word] {
        let utf8 = text.utf8
        var words: [Word] = []
        var start: String.Index?
        var index = utf8.startIndex
        while index < utf8.endIndex {
            if isASCIISeparator(utf8[index]) {
                if let begin = start { appendASCII(text, begin..<index, to: &words) }
                start = nil
            } else if start == nil {
                start = index
            }
            index = utf8.index(after: index)
        }
        if let begin = start { appendASCII(text, begin..<utf8.endIndex, to: &words) }
        return words
    }

    /// White space (U+0009…U+000D, space) and the ASCII members of ``isSeparator(_:)``'s set.
    private static func isASCIISeparator(_ byte: UInt8) -> Bool {
        switch byte {
        case 0x09...0x0D, 0x20, UInt8(ascii: ","), UInt8(ascii: ";"), UInt8(ascii: "!"), UInt8(ascii: "?"), UInt8(ascii: "\""),
             UInt8(ascii: "("), UInt8(ascii: ")"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "{"), UInt8(ascii: "}"):
            return true
        default:
            return false
        }
    }

    private static func isASCIIWordByte(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    private static func appendASCII(_ text: String, _ range: Range<String.Index>, to words: inout [Word]) {
        let utf8 = text.utf8
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, !isASCIIWordByte(utf8[lower]) { lower = utf8.index(after: lower) }
        while lower < upper, !isASCIIWordByte(utf8[utf8.index(before: upper)]) { upper = utf8.index(before: upper) }
        guard lower < upper else { return }
        let trimmedRange = lower..<upper
        for norm in normalise(String(text[trimmedRange])) {
            words.append(Word(norm: norm, range: trimmedRange))
        }
    }

    /// ``words(_:)`` for any text, Character by Character.
    static func characterWords(_ text: String) -> [Word] {
        var words: [Word] = []
        var start: String.Index?
        var index = text.startIndex
        while index < text.endIndex {
            if isSeparator(text[index]) {
                if let begin = start { append(text, begin..<index, to: &words) }
                start = nil
            } else if start == nil {
                start = index
            }
            index = text.index(after: index)
        }
        if let begin = start { append(text, begin..<text.endIndex, to: &words) }
        return words
    }

    private static func isSeparator(_ character: Character) -> Bool {
        character.isWhitespace || ",;!?\"()[]{}…“”«»".contains(character)
    }

    private static func isWordCharacter(_ character: Character) -> Bool {
        character.isLetter || character.isNumber
    }

    /// Trims edge punctuation ("calendar." → "calendar"), then normalises and expands the word.
    private static func append(_ text: String, _ range: Range<String.Index>, to words: inout [Word]) {
        var lower = range.lowerBound, upper = range.upperBound
        while lower < upper, !isWordCharacter(text[lower]) { lower = text.index(after: lower) }
        while lower < upper, !isWordCharacter(text[text.index(before: upper)]) { upper = text.index(before: upper) }
        guard lower < upper else { return }
        let trimmedRange = lower..<upper
        for norm in normalise(String(text[trimmedRange])) {
            words.append(Word(norm: norm, range: trimmedRange))
        }
    }

    /// The normalised words one written word stands for: "What's" → [what, is], "3pm" → [3, pm],
    /// "p.m" → [pm], "twenty-first" → [twenty, first], "o'clock" → [oclock], "Sam's" → [sams].
    static func normalise(_ written: String) -> [String] {
        let lowered = written.lowercased()
        // Apostrophe look-alikes become "'"; ASCII text without a backtick has none (and skips the Character pass).
        var word = lowered.utf8.allSatisfy({ $0 < 0x80 && $0 != UInt8(ascii: "`") })
            ? lowered : String(lowered.map { "’‘ʼ`´".contains($0) ? "'" : $0 })
        // "a.m", "p.m", "e.g": dots between letters are abbreviation marks.
        if word.contains("." as Character), word.allSatisfy({ $0.isLetter || $0 == "." }) { word.removeAll { $0 == "." } }
        if let expanded = contractions[word] { return expanded }
        if word.hasSuffix("'s"), isStems.contains(String(word.dropLast(2))) { return [String(word.dropLast(2)), "is"] }
        word.removeAll { $0 == "'" }
        if word.contains("-" as Character) {
            let parts = word.split(separator: "-").map(String.init)
            // Split only number and duration compounds; "check-in" and "follow-up" stay one word.
            if parts.contains(where: { NumberWords.isNumeric($0) || splitsHyphen.contains($0) }) { return parts.flatMap(normalise) }
            return [word]
        }
        // "3pm", "10:30am", "3p.m": a number with the meridiem written onto it.
        if let first = word.first, first.isASCII, first.isNumber {
            let number = word.prefix { $0.isASCII && ($0.isNumber || $0 == ":" || $0 == ".") }
            let rest = word.dropFirst(number.count).filter { $0 != "." }
            if rest == "am" || rest == "pm" {
                let digits = number.hasSuffix(".") ? number.dropLast() : number
                return digits.isEmpty ? [rest] : [String(digits), rest]
            }
        }
        return [word]
    }

    /// Words whose "'s" is "is" ("what's" = "what is"); anyone else's is a possessive ("Sam's").
    private static let isStems: Set<String> = ["what", "when", "where", "who", "how", "it", "that", "there", "here"]

    private static let splitsHyphen: Set<String> = ["hour", "hours", "minute", "minutes", "min", "mins", "long", "half", "day", "days"]

    private static let contractions: [String: [String]] = [
        "whats": ["what", "is"], "whens": ["when", "is"], "wheres": ["where", "is"], "thats": ["that", "is"],
        "what're": ["what", "are"], "whatre": ["what", "are"],
        "let's": ["let", "us"], "lets": ["let", "us"],
        "don't": ["do", "not"], "dont": ["do", "not"], "doesn't": ["does", "not"], "doesnt": ["does", "not"],
        "can't": ["can", "not"], "cant": ["can", "not"], "won't": ["will", "not"], "wont": ["will", "not"],
        "isn't": ["is", "not"], "isnt": ["is", "not"], "aren't": ["are", "not"],
        "i'd": ["i", "would"], "i'm": ["i", "am"], "im": ["i", "am"], "i'll": ["i", "will"], "i've": ["i", "have"],
        "o'clock": ["oclock"], "oclock": ["oclock"],
    ]
}
