// NumberWords: numbers as people say or type them ("3", "three", "twenty one", "3rd", "twenty-first").

/// Reads cardinal and ordinal numbers from normalised words. Each reader takes the words, a start and an end
/// (exclusive) and returns the value with how many words it used, or nil.
enum NumberWords {
    static let units: [String: Int] = [
        "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
        "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
        "seventeen": 17, "eighteen": 18, "nineteen": 19,
    ]
    static let tens: [String: Int] = ["twenty": 20, "thirty": 30, "forty": 40, "fifty": 50]
    static let ordinalUnits: [String: Int] = [
        "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7, "eighth": 8, "ninth": 9,
        "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13, "fourteenth": 14, "fifteenth": 15,
        "sixteenth": 16, "seventeenth": 17, "eighteenth": 18, "nineteenth": 19,
    ]
    static let ordinalTens: [String: Int] = ["twentieth": 20, "thirtieth": 30]

    /// "3", "15", "2026" (up to 4 ASCII digits), "three", "twenty", "twenty one".
    static func cardinal(_ words: [String], at index: Int, end: Int) -> (value: Int, length: Int)? {
        guard index < end else { return nil }
        let word = words[index]
        if let value = digits(word) { return (value, 1) }
        if let value = units[word] { return (value, 1) }
        if let value = tens[word] {
            if index + 1 < end, let unit = units[words[index + 1]], (1...9).contains(unit) { return (value + unit, 2) }
            return (value, 1)
        }
        return nil
    }

    /// "3rd", "21st", "third", "twenty first", "thirtieth" (the suffix must fit the number: "3th" is not one).
    static func ordinal(_ words: [String], at index: Int, end: Int) -> (value: Int, length: Int)? {
        guard index < end else { return nil }
        let word = words[index]
        if let value = suffixed(word) { return (value, 1) }
        if let value = ordinalUnits[word] ?? ordinalTens[word] { return (value, 1) }
        if let value = tens[word], index + 1 < end, let unit = ordinalUnits[words[index + 1]], (1...9).contains(unit) {
            return (value + unit, 2)
        }
        return nil
    }

    /// An ordinal written with digits: "3rd", "11th", "22nd".
    static func suffixed(_ word: String) -> Int? {
        guard word.count >= 3, word.count <= 4 else { return nil }
        let number = word.dropLast(2), suffix = word.suffix(2)
        guard let value = digits(String(number)) else { return nil }
        let expected = (value % 100 >= 11 && value % 100 <= 13) ? "th" : [1: "st", 2: "nd", 3: "rd"][value % 10] ?? "th"
        return suffix == expected ? value : nil
    }

    /// 1 to 4 ASCII digits (so "٣" and "99999999999999999999" are not numbers here).
    static func digits(_ word: String) -> Int? {
        guard (1...4).contains(word.count), word.allSatisfy({ $0.isASCII && $0.isNumber }) else { return nil }
        return Int(word)
    }

    /// Whether `word` is a number of any kind, alone ("3", "three", "3rd", "third", "1.5", "3:30").
    static func isNumeric(_ word: String) -> Bool {
        if word.isEmpty { return false }
        if word.allSatisfy({ $0.isASCII && ($0.isNumber || $0 == "." || $0 == ":") }), word.contains(where: \.isNumber) { return true }
        return units[word] != nil || tens[word] != nil || ordinalUnits[word] != nil || ordinalTens[word] != nil || suffixed(word) != nil
    }
}
