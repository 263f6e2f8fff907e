// Speech: one answer as the device says and shows it (plain text, SSML, and the companion-app card), and SSML escaping.

/// What to say and show. `plain` and `ssml` carry the same words: `ssml` is `plain`, escaped, inside `<speak>…</speak>`
/// (no other tags), so a PlainText and an SSML output speech never disagree.
public struct Speech: Hashable, Sendable {
    /// Alexa's limit on an SSML output speech; ``SpeechRenderer`` keeps ``ssml`` strictly below it, counted in
    /// UTF-8 bytes (never fewer than characters, so it holds however the limit is counted).
    public static let ssmlLimit = 8000
    /// Alexa's limit on a Simple card's title and content together; ``SpeechRenderer`` keeps the card below it.
    public static let cardLimit = 8000

    public var plain: String
    public var ssml: String
    /// A Simple card (nil: no card): the window's name and the full list of events.
    public var cardTitle: String?
    public var cardText: String?

    public init(plain: String, cardTitle: String? = nil, cardText: String? = nil) {
        self.plain = plain
        ssml = Self.speak(plain)
        self.cardTitle = cardTitle
        self.cardText = cardText
    }

    /// `<speak>` + `text` with `&`, `<` and `>` escaped + `</speak>`. Quotes need no escaping: no attributes are written.
    public static func speak(_ text: String) -> String {
        "<speak>" + escape(text) + "</speak>"
    }

    /// `&` → `&amp;`, `<` → `&lt;`, `>` → `&gt;`.
    public static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// The UTF-8 length `text` has once escaped, without building it.
    static func escapedLength(_ text: String) -> Int {
        var length = 0
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "&"): length += 5
            case UInt8(ascii: "<"), UInt8(ascii: ">"): length += 4
            default: length += 1
            }
        }
        return length
    }

    /// The UTF-8 length of `<speak></speak>`.
    static let speakTagsLength = "<speak></speak>".utf8.count
}
