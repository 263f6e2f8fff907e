// Incremental HTTP/1.1 request parser: request line, headers, Content-Length and chunked bodies,
// with the limits and the strictness that keep requests from being smuggled.
import Foundation
import TextSupport


/// What the parser produced from the buffered bytes.
enum ParseResult {
    /// Not enough bytes yet; read more.
    case needMoreData
    /// The client sent `Expect: 100-continue` and is waiting: send `100 Continue`, then parse again.
    case sendContinue
    /// A complete request; `keepAlive` says whether the connection may carry another one.
    case request(HTTPRequest, keepAlive: Bool)
    /// The request is malformed or over a limit: answer with this status and close the connection.
    case failure(HTTPStatus, code: String, message: String)
}

/// Parses requests one after another from a connection's `InputBuffer`. It never reads past the end of
/// the current request, so pipelined requests stay in the buffer in order.
struct HTTPRequestParser {
    private enum State {
        case head
        case fixedBody(Head, remaining: Int)
        case chunkSize(Head)
        case chunkData(Head, remaining: Int)
        case chunkDataEnd(Head)
        case trailers(Head)
    }

    struct Head {
        var request: HTTPRequest
        var keepAlive: Bool
        var expectContinue: Bool
    }

    private enum Framing { case none, length(Int), chunked }

    let limits: HTTPParserLimits
    private var state = State.head
    private var body: [UInt8] = []
    /// Where to resume the search for the end of the head: bytes before it were already scanned.
    private var headScanOffset = 0
    private var continueOffered = false

    init(limits: HTTPParserLimits) {
        self.limits = limits
    }

    /// True while a request has been started but not finished (for timeouts and graceful shutdown).
    func isInsideRequest(buffer: InputBuffer) -> Bool {
        if case .head = state { return !buffer.isEmpty }
        return true
    }

    /// True once the head of the current request has been read (body timeouts apply from then on).
    var isReadingBody: Bool {
        if case .head = state { return false }
        return true
    }

    mutating func parse(_ buffer: inout InputBuffer) -> ParseResult {
        while true {
            switch state {
            case .head:
                switch parseHead(&buffer) {
                case .none:
                    return .needMoreData
                case .some(.failure(let status, let code, let message)):
                    return .failure(status, code: code, message: message)
                case .some(.success(let head, let framing)):
                    switch framing {
                    case .none:
                        return finish(head)
                    case .length(let length):
                        state = .fixedBody(head, remaining: length)
                        body.reserveCapacity(length)
                    case .chunked:
                        state = .chunkSize(head)
                    }
                    if head.expectContinue && buffer.isEmpty && !continueOffered {
                        continueOffered = true
                        return .sendContinue
                    }
                }

            case .fixedBody(let head, let remaining):
                let available = min(remaining, buffer.readableCount)
                if available > 0 {
                    body.append(contentsOf: buffer.slice(0, available))
                    buffer.consume(available)
                }
                if available == remaining { return finish(head) }
                state = .fixedBody(head, remaining: remaining - available)
                return .needMoreData

            case .chunkSize(let head):
                guard let lineEnd = buffer.firstLineEnd(from: 0, limit: 1024) else {
                    if buffer.readableCount > 1024 { return .failure(.badRequest, code: "BAD_REQUEST", message: "chunk size line is too long") }
                    return .needMoreData
                }
                let line = buffer.slice(0, lineEnd)
                buffer.consume(lineEnd + 2)
                guard let size = Self.chunkSize(ofLine: line) else {
                    return .failure(.badRequest, code: "BAD_REQUEST", message: "malformed chunk size line")
                }
                if size == 0 {
                    state = .trailers(head)
                } else {
                    if body.count + size > limits.maxBodyBytes { return tooLarge() }
                    state = .chunkData(head, remaining: size)
                }

            case .chunkData(let head, let remaining):
                let available = min(remaining, buffer.readableCount)
                if available > 0 {
                    body.append(contentsOf: buffer.slice(0, available))
                    buffer.consume(available)
                }
                if available < remaining {
                    state = .chunkData(head, remaining: remaining - available)
                    return .needMoreData
                }
                state = .chunkDataEnd(head)

            case .chunkDataEnd(let head):
                if buffer.readableCount < 2 { return .needMoreData }
                guard buffer[0] == 13, buffer[1] == 10 else {
                    return .failure(.badRequest, code: "BAD_REQUEST", message: "chunk data is not followed by CRLF")
                }
                buffer.consume(2)
                state = .chunkSize(head)

            case .trailers(let head):
                // Trailer fields are read and dropped; none of our handlers use them.
                guard let lineEnd = buffer.firstLineEnd(from: 0, limit: limits.maxHeaderBytes) else {
                    if buffer.readableCount > limits.maxHeaderBytes {
                        return .failure(.requestHeaderFieldsTooLarge, code: "HEADERS_TOO_LARGE", message: "trailer section is too large")
                    }
                    return .needMoreData
                }
                buffer.consume(lineEnd + 2)
                if lineEnd == 0 { return finish(head) }
            }
        }
    }

    private mutating func finish(_ head: Head) -> ParseResult {
        var request = head.request
        request.body = body
        body = []
        state = .head
        headScanOffset = 0
        continueOffered = false
        return .request(request, keepAlive: head.keepAlive)
    }

    private func tooLarge() -> ParseResult {
        .failure(.contentTooLarge, code: "PAYLOAD_TOO_LARGE",
                 message: "request body is larger than the limit of \(limits.maxBodyBytes) bytes")
    }

    private enum HeadOutcome {
        case success(Head, Framing)
        case failure(HTTPStatus, String, String)
    }

    private mutating func parseHead(_ buffer: inout InputBuffer) -> HeadOutcome? {
        // RFC 9112 §2.2: ignore empty lines received before the request line.
        while buffer.readableCount >= 2 && buffer[0] == 13 && buffer[1] == 10 { buffer.consume(2) }

        guard let terminator = buffer.firstHeaderTerminator(from: max(0, headScanOffset - 3)) else {
            // A head with bare LFs or CRs would never end in CRLFCRLF: refuse it now rather than wait for a
            // timeout. Bare LF is refused too, although RFC 9112 §2.2 lets a recipient accept it, so that
            // one definition of a line end holds everywhere (a proxy that splits differently cannot smuggle).
            if buffer.firstBareLineBreak(from: headScanOffset - 1) != nil {
                return .failure(.badRequest, "BAD_REQUEST", "bare CR or LF in request head")
            }
            headScanOffset = buffer.readableCount
            if buffer.readableCount > limits.maxHeaderBytes {
                return .failure(.requestHeaderFieldsTooLarge, "HEADERS_TOO_LARGE",
                                "request head is larger than \(limits.maxHeaderBytes) bytes")
            }
            if buffer.firstLineEnd(from: 0, limit: limits.maxRequestLineBytes + 1) == nil
                && buffer.readableCount > limits.maxRequestLineBytes {
                return .failure(.requestHeaderFieldsTooLarge, "HEADERS_TOO_LARGE",
                                "request line is longer than \(limits.maxRequestLineBytes) bytes")
            }
            return nil
        }
        let headLength = terminator + 4
        if headLength > limits.maxHeaderBytes + 4 {
            return .failure(.requestHeaderFieldsTooLarge, "HEADERS_TOO_LARGE",
                            "request head is larger than \(limits.maxHeaderBytes) bytes")
        }
        let head = buffer.slice(0, terminator + 2)  // keep the CRLF that ends the last line
        buffer.consume(headLength)
        headScanOffset = 0
        return Self.parseHead(head, limits: limits)
    }

    private static func parseHead(_ head: ArraySlice<UInt8>, limits: HTTPParserLimits) -> HeadOutcome {
        var lines: [ArraySlice<UInt8>] = []
        var lineStart = head.startIndex
        var index = head.startIndex
        while index < head.endIndex - 1 {
            if head[index] == 13 {
                guard head[index + 1] == 10 else { return .failure(.badRequest, "BAD_REQUEST", "bare CR in request head") }
                lines.append(head[lineStart..<index])
                index += 2
                lineStart = index
                continue
            }
            if head[index] == 10 { return .failure(.badRequest, "BAD_REQUEST", "bare LF in request head") }
            index += 1
        }
        guard let requestLine = lines.first else { return .failure(.badRequest, "BAD_REQUEST", "empty request") }
        if requestLine.count > limits.maxRequestLineBytes {
            return .failure(.requestHeaderFieldsTooLarge, "HEADERS_TOO_LARGE",
                            "request line is longer than \(limits.maxRequestLineBytes) bytes")
        }
        if lines.count - 1 > limits.maxHeaderCount {
            return .failure(.requestHeaderFieldsTooLarge, "HEADERS_TOO_LARGE",
                            "more than \(limits.maxHeaderCount) header fields")
        }

        // Request line: method SP request-target SP HTTP-version, nothing else.
        let parts = requestLine.split(separator: UInt8(ascii: " "), omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty else {
            return .failure(.badRequest, "BAD_REQUEST", "malformed request line")
        }
        guard parts[0].allSatisfy(isTokenByte) else {
            return .failure(.badRequest, "BAD_REQUEST", "malformed request method")
        }
        let version: (major: Int, minor: Int)
        switch parseVersion(parts[2]) {
        case .some((1, 0)): version = (1, 0)
        case .some((1, 1)): version = (1, 1)
        case .some: return .failure(.httpVersionNotSupported, "HTTP_VERSION_NOT_SUPPORTED", "only HTTP/1.0 and HTTP/1.1 are supported")
        case .none: return .failure(.badRequest, "BAD_REQUEST", "malformed HTTP version")
        }

        var headers = HTTPHeaders()
        for line in lines.dropFirst() {
            guard let colon = line.firstIndex(of: UInt8(ascii: ":")) else {
                return .failure(.badRequest, "BAD_REQUEST", "header line without a colon")
            }
            let name = line[line.startIndex..<colon]
            // No whitespace before the colon and no obsolete line folding (RFC 9112 §5.1, §5.2).
            guard !name.isEmpty, name.allSatisfy(isTokenByte) else {
                return .failure(.badRequest, "BAD_REQUEST", "malformed header name")
            }
            var value = line[(colon + 1)...]
            while let first = value.first, first == 32 || first == 9 { value = value.dropFirst() }
            while let last = value.last, last == 32 || last == 9 { value = value.dropLast() }
            guard value.allSatisfy({ $0 != 0 }) else { return .failure(.badRequest, "BAD_REQUEST", "NUL in header value") }
            headers.add(String(decoding: name, as: UTF8.self), String(decoding: value, as: UTF8.self))
        }

        guard let method = HTTPMethod(bytes: parts[0]) else {
            return .failure(.notImplemented, "NOT_IMPLEMENTED", "method \(String(decoding: parts[0], as: UTF8.self)) is not implemented")
        }

        // Request target: origin form only (`/path?query`).
        let target = parts[1]
        guard target.first == UInt8(ascii: "/") else {
            return .failure(.badRequest, "BAD_REQUEST", "request target must be an absolute path")
        }
        // RFC 9112 §3.2: a request target is visible ASCII; anything else (raw UTF-8, controls) must be
        // percent-encoded. Decoding raw bytes leniently would turn them into U+FFFD and look them up.
        guard target.allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else {
            return .failure(.badRequest, "BAD_REQUEST", "request target holds a byte that is not visible ASCII; percent-encode it")
        }
        let queryStart = target.firstIndex(of: UInt8(ascii: "?"))
        let rawPath = target[target.startIndex..<(queryStart ?? target.endIndex)]
        // Every query name and value must decode to UTF-8 too, as path segments must: `queryItems` never sees
        // an escape it cannot decode. A query without `%` is visible ASCII, so it needs no look.
        if let queryStart, target[queryStart...].contains(UInt8(ascii: "%")) {
            for pair in target[(queryStart + 1)...].split(separator: UInt8(ascii: "&")) {
                for part in pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false) where percentDecode(part) == nil {
                    return .failure(.badRequest, "BAD_REQUEST", "malformed percent-encoding in query")
                }
            }
        }
        // Split first, then decode each segment: an encoded slash (`%2F`) is data inside a segment,
        // never a separator.
        var segments: [String] = []
        for rawSegment in rawPath.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false).dropFirst() {
            guard let segment = percentDecode(rawSegment) else {
                return .failure(.badRequest, "BAD_REQUEST", "malformed percent-encoding in path")
            }
            segments.append(segment)
        }
        let query = queryStart.map { String(decoding: target[($0 + 1)...], as: UTF8.self) }

        // Connection persistence (RFC 9112 §9.3).
        let connectionTokens = headers.values(for: "Connection")
            .flatMap { $0.split(separator: ",") }
            .map { $0.trimmingWhitespace().lowercased() }
        let keepAlive = version.minor >= 1
            ? !connectionTokens.contains("close")
            : connectionTokens.contains("keep-alive")

        // Body framing. Both Transfer-Encoding and Content-Length is how requests are smuggled: refuse.
        let transferEncodings = headers.values(for: "Transfer-Encoding")
        let contentLengths = headers.values(for: "Content-Length")
        var framing = Framing.none
        if !transferEncodings.isEmpty {
            if !contentLengths.isEmpty {
                return .failure(.badRequest, "BAD_REQUEST", "both Transfer-Encoding and Content-Length are present")
            }
            if version.minor == 0 {
                return .failure(.badRequest, "BAD_REQUEST", "Transfer-Encoding is not allowed in HTTP/1.0")
            }
            let codings = transferEncodings.flatMap { $0.split(separator: ",") }
                .map { $0.trimmingWhitespace().lowercased() }
            guard codings.last == "chunked" else {
                return .failure(.badRequest, "BAD_REQUEST", "the final transfer coding must be chunked")
            }
            guard codings.count == 1 else {
                return .failure(.notImplemented, "NOT_IMPLEMENTED", "transfer codings other than chunked are not implemented")
            }
            framing = .chunked
        } else if !contentLengths.isEmpty {
            // Exactly one value. RFC 9110 §8.6 lets a recipient accept a list of identical values
            // (`5, 5`, or the field twice); like nginx we refuse it: no client of ours sends one, and a
            // repeated length is what a smuggling attempt or a broken intermediary looks like.
            let values = contentLengths.flatMap { $0.split(separator: ",", omittingEmptySubsequences: false) }
                .map { $0.trimmingWhitespace() }
            guard values.count == 1, let text = values.first, !text.isEmpty, text.count <= 18,
                  text.utf8.allSatisfy({ $0 >= 48 && $0 <= 57 }), let length = Int(text) else {
                return .failure(.badRequest, "BAD_REQUEST", "malformed Content-Length")
            }
            if length > limits.maxBodyBytes {
                return .failure(.contentTooLarge, "PAYLOAD_TOO_LARGE",
                                "request body is larger than the limit of \(limits.maxBodyBytes) bytes")
            }
            framing = length > 0 ? .length(length) : .none
        }

        var expectContinue = false
        if let expect = headers["Expect"] {
            guard expect.lowercased() == "100-continue" else {
                return .failure(.expectationFailed, "EXPECTATION_FAILED", "only Expect: 100-continue is supported")
            }
            expectContinue = version.minor >= 1
        }
        if case .none = framing { expectContinue = false }

        let request = HTTPRequest(method: method, pathSegments: segments, query: query, version: version, headers: headers)
        return .success(Head(request: request, keepAlive: keepAlive, expectContinue: expectContinue), framing)
    }

    private static func parseVersion(_ bytes: ArraySlice<UInt8>) -> (Int, Int)? {
        guard bytes.count == 8, bytes.starts(with: "HTTP/".utf8) else { return nil }
        let major = bytes[bytes.startIndex + 5], dot = bytes[bytes.startIndex + 6], minor = bytes[bytes.startIndex + 7]
        guard dot == UInt8(ascii: "."), (48...57).contains(major), (48...57).contains(minor) else { return nil }
        return (Int(major - 48), Int(minor - 48))
    }

    /// Decodes `%XX` escapes; nil for a malformed escape or bytes that are not UTF-8.
    static func percentDecode(_ bytes: ArraySlice<UInt8>) -> String? {
        guard bytes.contains(UInt8(ascii: "%")) else { return String(decoding: bytes, as: UTF8.self) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == UInt8(ascii: "%") {
                guard index + 2 < bytes.endIndex, let high = hexValue(bytes[index + 1]), let low = hexValue(bytes[index + 2]) else {
                    return nil
                }
                output.append(UInt8(high * 16 + low))
                index += 3
            } else {
                output.append(byte)
                index += 1
            }
        }
        return String(validating: output, as: UTF8.self)
    }
}

/// RFC 9110 `tchar`: the bytes allowed in methods and header names.
@inline(__always)
func isTokenByte(_ byte: UInt8) -> Bool {
    switch byte {
    case 48...57, 65...90, 97...122: return true
    case UInt8(ascii: "!"), UInt8(ascii: "#"), UInt8(ascii: "$"), UInt8(ascii: "%"), UInt8(ascii: "&"),
         UInt8(ascii: "'"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: "-"), UInt8(ascii: "."),
         UInt8(ascii: "^"), UInt8(ascii: "_"), UInt8(ascii: "`"), UInt8(ascii: "|"), UInt8(ascii: "~"):
        return true
    default: return false
    }
}
