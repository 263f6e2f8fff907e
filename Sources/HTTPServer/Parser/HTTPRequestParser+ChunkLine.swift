// The chunk-size line of a chunked body (RFC 9112 §7.1): the size, and extensions checked and ignored.

extension HTTPRequestParser {
    /// Most hex digits a chunk size may have. 15 digits stay far below `Int.max`, so the size and the
    /// running body total can never wrap; longer sizes (even with leading zeros) are refused.
    static let maxChunkSizeDigits = 15

    /// The size on one chunk-size line (without its CRLF), or nil when the line is not
    /// `chunk-size [ chunk-ext ]` exactly:
    ///
    ///     chunk-ext = *( BWS ";" BWS chunk-ext-name [ BWS "=" BWS chunk-ext-val ] )
    ///     chunk-ext-name = token;  chunk-ext-val = token / quoted-string
    ///
    /// BWS (spaces and tabs) is accepted exactly where that grammar puts it, and nowhere else: `5 ;a=b`
    /// is size 5, while `5 ` (whitespace not followed by `;`), `5;a ` and `5 x` are refused. Whitespace
    /// before `;` cannot change where the size ends, so accepting it creates no ambiguity; whitespace
    /// elsewhere, and any CR, LF or other control byte, is what parsers disagree on (request
    /// smuggling), so the whole request is refused rather than guessed at.
    static func chunkSize(ofLine line: ArraySlice<UInt8>) -> Int? {
        var index = line.startIndex
        var size = 0
        while index < line.endIndex, let digit = hexValue(line[index]) {
            guard index - line.startIndex < maxChunkSizeDigits else { return nil }
            size = size * 16 + digit
            index += 1
        }
        guard index > line.startIndex else { return nil }
        while index < line.endIndex {
            index = skipWhitespace(line, from: index)
            guard index < line.endIndex, line[index] == UInt8(ascii: ";") else { return nil }
            index = skipWhitespace(line, from: index + 1)
            let nameEnd = tokenEnd(line, from: index)
            guard nameEnd > index else { return nil }
            let equals = skipWhitespace(line, from: nameEnd)
            guard line[safe: equals] == UInt8(ascii: "=") else {
                index = nameEnd  // whitespace after a name is BWS only when `;` follows it
                continue
            }
            index = skipWhitespace(line, from: equals + 1)
            let valueEnd = line[safe: index] == UInt8(ascii: "\"") ? quotedStringEnd(line, from: index) : tokenEnd(line, from: index)
            guard let valueEnd, valueEnd > index else { return nil }
            index = valueEnd
        }
        return size
    }

    /// The value of one hex digit, or nil.
    static func hexValue(_ byte: UInt8) -> Int? {
        switch byte {
        case 48...57: return Int(byte - 48)
        case 65...70: return Int(byte - 55)
        case 97...102: return Int(byte - 87)
        default: return nil
        }
    }

    private static func skipWhitespace(_ line: ArraySlice<UInt8>, from start: Int) -> Int {
        var index = start
        while index < line.endIndex, line[index] == 32 || line[index] == 9 { index += 1 }
        return index
    }

    private static func tokenEnd(_ line: ArraySlice<UInt8>, from start: Int) -> Int {
        var index = start
        while index < line.endIndex, isTokenByte(line[index]) { index += 1 }
        return index
    }

    /// The index just past a quoted-string starting at `start` (its opening quote), or nil when it is
    /// unterminated or holds a byte the grammar forbids (controls other than HTAB, DEL).
    private static func quotedStringEnd(_ line: ArraySlice<UInt8>, from start: Int) -> Int? {
        func isText(_ byte: UInt8) -> Bool { byte == 9 || byte == 32 || (byte >= 0x21 && byte != 0x7F) }
        var index = start + 1
        while index < line.endIndex {
            switch line[index] {
            case UInt8(ascii: "\""):
                return index + 1
            case UInt8(ascii: "\\"):
                guard index + 1 < line.endIndex, isText(line[index + 1]) else { return nil }
                index += 2
            case let byte where isText(byte):
                index += 1
            default:
                return nil
            }
        }
        return nil
    }
}

private extension ArraySlice {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
