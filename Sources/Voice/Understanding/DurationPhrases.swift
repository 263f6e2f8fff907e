// DurationPhrases: lengths of time ("for an hour", "30 minutes", "an hour and a half", "a one hour meeting") in seconds.

struct DurationPhrase: Equatable {
    var seconds: Int
    var length: Int
}

/// Reads a length of time, with an optional leading "for" or "lasting" and trailing "long": "for 30 minutes",
/// "for an hour and a half", "for 2 hours", "half an hour", "two and a half hours", "1.5 hours",
/// "1 hour 30 minutes", "an hour and 15 minutes", "90 minutes", "a day", "one-hour" (as in "a one hour meeting").
/// The result is positive and at most 366 days, like ``SlotValues/durationSeconds(_:)``'s.
enum DurationPhrases {
    static func match(_ words: [String], at start: Int, end: Int) -> DurationPhrase? {
        func word(_ index: Int) -> String? { index < end ? words[index] : nil }
        var index = start
        if let first = word(index), first == "for" || first == "lasting" { index += 1 }
        var seconds: Double
        if let half = halfHour(words, at: index, end: end) {
            seconds = 1800
            index += half
        } else {
            guard let amount = amount(words, at: index, end: end) else { return nil }
            index += amount.length
            var value = amount.value
            // "two and a half hours".
            if word(index) == "and", word(index + 1) == "a", word(index + 2) == "half" {
                value += 0.5
                index += 3
            }
            guard let unit = word(index).flatMap({ units[$0] }) else { return nil }
            index += 1
            seconds = value * unit
            // "an hour and a half".
            if word(index) == "and", word(index + 1) == "a", word(index + 2) == "half" {
                seconds += unit / 2
                index += 3
            } else if unit == 3600 {
                // "1 hour 30 minutes", "an hour and 15 minutes".
                let next = word(index) == "and" ? index + 1 : index
                if let minutes = NumberWords.cardinal(words, at: next, end: end), word(next + minutes.length).flatMap({ units[$0] }) == 60 {
                    seconds += Double(minutes.value) * 60
                    index = next + minutes.length + 1
                }
            }
        }
        if word(index) == "long" { index += 1 }
        guard seconds >= 1, seconds <= 366 * 86_400 else { return nil }
        return DurationPhrase(seconds: Int(seconds.rounded()), length: index - start)
    }

    /// "half an hour", "half hour", "a half hour", "a half-hour": how many words, or nil.
    private static func halfHour(_ words: [String], at start: Int, end: Int) -> Int? {
        var index = start
        if index < end, words[index] == "a" { index += 1 }
        guard index < end, words[index] == "half" else { return nil }
        index += 1
        if index < end, words[index] == "an" || words[index] == "a", index == start + 1 { index += 1 }
        guard index < end, units[words[index]] == 3600 else { return nil }
        return index + 1 - start
    }

    /// The number before a unit: "a", "an" (one), "2", "two", "twenty five", "1.5".
    private static func amount(_ words: [String], at start: Int, end: Int) -> (value: Double, length: Int)? {
        guard start < end else { return nil }
        let word = words[start]
        if word == "a" || word == "an" { return (1, 1) }
        if word.contains("." as Character), word.count <= 6, word.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == ".") }), let value = Double(word) {
            return (value, 1)
        }
        return NumberWords.cardinal(words, at: start, end: end).map { (Double($0.value), $0.length) }
    }

    private static let units: [String: Double] = [
        "hour": 3600, "hours": 3600, "hr": 3600, "hrs": 3600,
        "minute": 60, "minutes": 60, "min": 60, "mins": 60,
        "day": 86_400, "days": 86_400,
    ]
}
