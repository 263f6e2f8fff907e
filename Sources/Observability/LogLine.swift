// The bytes of one JSON log line under construction: literals, escaped strings, numbers.
import Foundation

/// Builds a JSON line straight into bytes, so that writing a log line costs appends, not `String`
/// formatting. Shared by `JSONLogHandler` and the HTTP server's access log, which must produce the
/// same bytes for the same fields.
package struct LogLine {
    package private(set) var bytes: [UInt8]

    package init(capacity: Int = 256) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Empties the line, keeping its storage for the next one.
    package mutating func removeAll() {
        bytes.removeAll(keepingCapacity: true)
    }

    /// Appends bytes that are already valid JSON text in context (literals, pre-encoded fields).
    package mutating func append(raw: [UInt8]) {
        bytes.append(contentsOf: raw)
    }

    /// Appends ASCII that needs no escaping (`StaticString` literals of the line's layout).
    package mutating func append(raw: StaticString) {
        raw.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    /// Appends `value` as a quoted JSON string. Quotes, backslashes and control characters are
    /// escaped (`\n`, `\r`, `\t`, else `\u00xx`); everything else, non-ASCII included, is copied as
    /// UTF-8, in runs between the bytes that need escaping.
    package mutating func append(string value: String) {
        bytes.append(UInt8(ascii: "\""))
        var value = value
        value.withUTF8 { appendEscaped($0) }
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends a whole number as a quoted JSON string (`"200"`): metadata values are strings.
    package mutating func append(quoted value: Int) {
        bytes.append(UInt8(ascii: "\""))
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        appendDigits(UInt64(value.magnitude), minimumWidth: 1)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends `value` rounded to three decimals as a quoted JSON string (`"1.235"`), the text of
    /// `String(format: "%.3f", value)`.
    package mutating func append(quotedThreeDecimals value: Double) {
        let product = value * 1000
        var thousandths = product.rounded(.toNearestOrEven)
        // The product is rounded; it can only land on a tie (k + 0.5) that the exact value is not on.
        // The multiplication's exact error (fma) says which way the exact value lies, as printf sees it.
        if abs(product - product.rounded(.towardZero)) == 0.5 {
            let error = fma(value, 1000, -product)
            if error > 0 { thousandths = product.rounded(.up) } else if error < 0 { thousandths = product.rounded(.down) }
        }
        // Negative (-0 included), not a number, or beyond 2^53 thousandths: rare enough to format the slow way.
        guard value.sign == .plus, thousandths < 9_007_199_254_740_992 else {
            append(string: String(format: "%.3f", value))
            return
        }
        let whole = UInt64(thousandths)
        bytes.append(UInt8(ascii: "\""))
        appendDigits(whole / 1000, minimumWidth: 1)
        bytes.append(UInt8(ascii: "."))
        appendDigits(whole % 1000, minimumWidth: 3)
        bytes.append(UInt8(ascii: "\""))
    }

    /// Appends the decimal digits of `value`, zero-padded on the left to `minimumWidth`.
    package mutating func appendDigits(_ value: UInt64, minimumWidth: Int) {
        bytes.appendDecimalDigits(value, minimumWidth: minimumWidth)
    }

    private mutating func appendEscaped(_ source: UnsafeBufferPointer<UInt8>) {
        var runStart = 0
        for index in source.indices {
            let byte = source[index]
            guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
            bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart..<index]))
            runStart = index + 1
            bytes.append(UInt8(ascii: "\\"))
            switch byte {
            case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
            case UInt8(ascii: "\n"): bytes.append(UInt8(ascii: "n"))
            case UInt8(ascii: "\r"): bytes.append(UInt8(ascii: "r"))
            case UInt8(ascii: "\t"): bytes.append(UInt8(ascii: "t"))
            default:
                bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"),
                                          Self.hexDigits[Int(byte >> 4)], Self.hexDigits[Int(byte & 0xF)]])
            }
        }
        bytes.append(contentsOf: UnsafeBufferPointer(rebasing: source[runStart...]))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}

extension [UInt8] {
    /// Appends the decimal digits of `value`, zero-padded on the left to `minimumWidth`, without building a
    /// `String`: the log lines' numbers and the HTTP server's `Content-Length` and status codes.
    package mutating func appendDecimalDigits(_ value: UInt64, minimumWidth: Int = 1) {
        let start = count
        var rest = value
        repeat {
            append(UInt8(ascii: "0") + UInt8(truncatingIfNeeded: rest % 10))
            rest /= 10
        } while rest > 0
        while count - start < minimumWidth { append(UInt8(ascii: "0")) }
        self[start...].reverse()
    }
}
