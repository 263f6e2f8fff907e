// InternetMessage: the parts of an RFC 5322 message the fake's inbox shows: a few headers and the text body.
import Foundation

/// A received message's header fields (unfolded) and its body with the transfer encoding undone. Forgiving, as a
/// mail store is: a header it cannot read is kept as sent, an unknown encoding passes through.
struct InternetMessage {
    private(set) var headers: [(name: String, value: String)] = []
    private(set) var text = ""

    init(_ data: [UInt8]) {
        let raw = String(decoding: data, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "\n")
        let parts = raw.components(separatedBy: "\n\n")
        let head = parts.first ?? ""
        let body = parts.dropFirst().joined(separator: "\n\n")
        for line in head.split(separator: "\n", omittingEmptySubsequences: true) {
            if line.first == " " || line.first == "\t", let last = headers.indices.last {
                headers[last].value += " " + line.drop { $0 == " " || $0 == "\t" }  // a folded continuation
            } else if let colon = line.firstIndex(of: ":") {
                headers.append((String(line[..<colon]), String(line[line.index(after: colon)...]).trimmingCharacters(in: .whitespaces)))
            }
        }
        switch header("Content-Transfer-Encoding")?.lowercased() {
        case "quoted-printable": text = Self.quotedPrintable(body)
        case "base64": text = Data(base64Encoded: body.filter { !$0.isWhitespace }).map { String(decoding: $0, as: UTF8.self) } ?? body
        default: text = body
        }
        if text.hasSuffix("\n") { text.removeLast() }
    }

    func header(_ name: String) -> String? {
        headers.first { $0.name.caseInsensitiveCompare(name) == .orderedSame }?.value
    }

    /// A header with RFC 2047 encoded words (`=?UTF-8?B?...?=`, `=?UTF-8?Q?...?=`) decoded.
    func decodedHeader(_ name: String) -> String? {
        header(name).map(Self.decodeWords)
    }

    /// An RFC 5322 date such as `Thu, 03 Dec 2026 12:00:00 +0000` (the weekday optional).
    static func date(_ value: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        for format in ["EEE, d MMM yyyy HH:mm:ss Z", "d MMM yyyy HH:mm:ss Z"] {
            formatter.dateFormat = format
            if let date = formatter.date(from: value.components(separatedBy: " (").first ?? value) { return date }
        }
        return nil
    }

    /// The address in a `From`-style value: `Name <a@b>` → `a@b`.
    static func address(in value: String) -> String {
        if let open = value.lastIndex(of: "<"), let close = value.lastIndex(of: ">"), open < close {
            return String(value[value.index(after: open)..<close])
        }
        return value.trimmingCharacters(in: .whitespaces)
    }

    static func decodeWords(_ value: String) -> String {
        var output = ""
        var rest = Substring(value)
        var afterEncodedWord = false
        while let start = rest.range(of: "=?") {
            let pieces = rest[start.upperBound...].split(separator: "?", maxSplits: 3, omittingEmptySubsequences: false)
            guard pieces.count == 4, pieces[3].hasPrefix("=") else { break }
            let payload = String(pieces[2])
            let word: String? = switch pieces[1].uppercased() {
            case "B": Data(base64Encoded: payload).map { String(decoding: $0, as: UTF8.self) }
            case "Q": quotedPrintable(payload.replacingOccurrences(of: "_", with: " "))
            default: nil
            }
            guard let word else { break }
            let between = rest[..<start.lowerBound]
            // Whitespace between two encoded words is not part of the text (RFC 2047, section 6.2).
            if !(afterEncodedWord && between.allSatisfy(\.isWhitespace)) { output += between }
            output += word
            afterEncodedWord = true
            rest = pieces[3].dropFirst()
        }
        return output + rest
    }

    /// Quoted-printable (RFC 2045): `=XX` bytes, `=` at a line end joins lines.
    static func quotedPrintable(_ text: String) -> String {
        var bytes: [UInt8] = []
        let source = Array(text.utf8)
        var index = 0
        while index < source.count {
            let byte = source[index]
            if byte == UInt8(ascii: "="), index + 1 < source.count, source[index + 1] == UInt8(ascii: "\n") {
                index += 2
            } else if byte == UInt8(ascii: "="), index + 2 < source.count,
                      let value = UInt8(String(decoding: source[(index + 1)...(index + 2)], as: UTF8.self), radix: 16) {
                bytes.append(value)
                index += 3
            } else {
                bytes.append(byte)
                index += 1
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
