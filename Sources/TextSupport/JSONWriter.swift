// JSONWriter: JSON text written straight into bytes, for hot responses of a fixed shape (the voice answer), where
// Foundation's JSONEncoder, which boxes every value into a tree before writing it, was the largest single cost of a
// voice turn (about 9% of its CPU).

/// Appends JSON tokens to ``bytes``. Its output equals Foundation's `JSONEncoder` with `.sortedKeys` and
/// `.withoutEscapingSlashes` (and `.iso8601` dates) byte for byte, provided the caller writes each object's keys in
/// sorted order and leaves out the optional fields a synthesized `Encodable` would leave out; tests hold the two
/// side by side.
///
/// ```swift
/// var json = JSONWriter()
/// json.object {
///     $0.field("name") { $0.string("Lunch & more") }
///     $0.field("tags") { json in json.array { for tag in tags { $0.element { $0.string(tag) } } } }
/// }
/// let body = json.bytes
/// ```
public struct JSONWriter: Sendable {
    public private(set) var bytes: [UInt8] = []
    /// Whether the innermost open object or array already holds an element (a comma goes before the next).
    private var filled: [Bool] = []

    public init(capacity: Int = 1024) {
        bytes.reserveCapacity(capacity)
    }

    /// `{ … }`: `body` writes the fields.
    public mutating func object(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "{"))
        body(&self)
        close(UInt8(ascii: "}"))
    }

    /// `[ … ]`: `body` writes the elements.
    public mutating func array(_ body: (inout JSONWriter) -> Void) {
        open(UInt8(ascii: "["))
        body(&self)
        close(UInt8(ascii: "]"))
    }

    /// `"key":value` inside an object; `value` writes exactly one value.
    public mutating func field(_ key: String, _ value: (inout JSONWriter) -> Void) {
        separate()
        string(key)
        bytes.append(UInt8(ascii: ":"))
        value(&self)
    }

    /// One element of an array; `value` writes exactly one value.
    public mutating func element(_ value: (inout JSONWriter) -> Void) {
        separate()
        value(&self)
    }

    public mutating func bool(_ value: Bool) {
        bytes.append(contentsOf: value ? Self.trueText : Self.falseText)
    }

    public mutating func null() {
        bytes.append(contentsOf: Self.nullText)
    }

    /// The string, or `null` when there is none.
    public mutating func string(_ value: String?) {
        guard let value else { return null() }
        string(value)
    }

    /// A string literal with JSONEncoder's escapes: `"` and `\`, the short forms `\b \f \n \r \t`, other control
    /// characters as `\u00xx`; everything else, `/` and non-ASCII included, as UTF-8.
    public mutating func string(_ value: String) {
        bytes.append(UInt8(ascii: "\""))
        for byte in value.utf8 {
            switch byte {
            case UInt8(ascii: "\""): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\"")])
            case UInt8(ascii: "\\"): bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "\\")])
            case 0x08: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "b")])
            case 0x0C: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "f")])
            case 0x0A: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "n")])
            case 0x0D: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "r")])
            case 0x09: bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "t")])
            case 0x00..<0x20:
                bytes.append(contentsOf: [UInt8(ascii: "\\"), UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0x0F)]])
            default: bytes.append(byte)
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    /// An instant as `.iso8601` writes it: `"2026-12-04T09:30:00Z"`, UTC, whole seconds, years 0000-9999 in the
    /// proleptic Gregorian calendar of ISO 8601 (Foundation turns Julian before 1582-10-15; no calendar event is that old).
    public mutating func instant(secondsSince1970 seconds: Int) {
        let (days, secondOfDay) = CivilDays.split(seconds: seconds)
        let (year, month, day) = CivilDays.date(days: days)
        bytes.append(UInt8(ascii: "\""))
        digits(year, width: 4)
        bytes.append(UInt8(ascii: "-"))
        digits(month, width: 2)
        bytes.append(UInt8(ascii: "-"))
        digits(day, width: 2)
        bytes.append(UInt8(ascii: "T"))
        digits(secondOfDay / 3600, width: 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay / 60 % 60, width: 2)
        bytes.append(UInt8(ascii: ":"))
        digits(secondOfDay % 60, width: 2)
        bytes.append(contentsOf: [UInt8(ascii: "Z"), UInt8(ascii: "\"")])
    }

    // MARK: Internals

    private static let trueText = Array("true".utf8), falseText = Array("false".utf8), nullText = Array("null".utf8)
    private static let hexDigits = Array("0123456789abcdef".utf8)

    private mutating func open(_ bracket: UInt8) {
        bytes.append(bracket)
        filled.append(false)
    }

    private mutating func close(_ bracket: UInt8) {
        filled.removeLast()
        bytes.append(bracket)
    }

    private mutating func separate() {
        guard let last = filled.indices.last else { return }
        if filled[last] { bytes.append(UInt8(ascii: ",")) } else { filled[last] = true }
    }

    private mutating func digits(_ value: Int, width: Int) {
        var divisor = 1
        for _ in 1..<width { divisor *= 10 }
        var rest = value
        while divisor > 0 {
            bytes.append(UInt8(ascii: "0") + UInt8(rest / divisor % 10))
            rest %= divisor
            divisor /= 10
        }
    }
}
