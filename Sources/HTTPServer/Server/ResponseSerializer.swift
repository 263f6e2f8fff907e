// ResponseSerializer: a response's head and body appended as bytes to a connection's output, on the I/O thread.
import Glibc
import Observability

/// Writes `HTTP/1.1` responses straight into an output buffer: no `String` is built per response, the `Date`
/// value is formatted once a second. The server owns `Content-Length`, `Date`, `Connection`, `X-Request-Id` and
/// `Transfer-Encoding`; a handler's own values for those are dropped. Not thread-safe: each event loop owns one.
struct ResponseSerializer {
    private var dateSecond: time_t = 0
    private var dateValue: [UInt8] = []

    mutating func append(_ response: HTTPResponse, requestID: String?, keepAlive: Bool, isHead: Bool, http10KeepAlive: Bool,
                         to output: inout [UInt8]) {
        let code = response.status.code
        output.append(contentsOf: Self.statusPrefix)
        output.appendDecimalDigits(UInt64(code))
        output.append(UInt8(ascii: " "))
        output.append(contentsOf: response.status.reason.utf8)
        output.append(contentsOf: Self.crlf)
        for field in response.headers where !Self.serverOwnedHeader(field.name) {
            output.append(contentsOf: field.name.utf8)
            output.append(contentsOf: Self.colonSpace)
            output.append(contentsOf: field.value.utf8)
            output.append(contentsOf: Self.crlf)
        }
        if code >= 200 && code != 204 && code != 304 {
            output.append(contentsOf: Self.contentLength)
            output.appendDecimalDigits(UInt64(response.body.count))
            output.append(contentsOf: Self.crlf)
        }
        output.append(contentsOf: Self.date)
        output.append(contentsOf: currentDate())
        output.append(contentsOf: Self.crlf)
        if let requestID {
            output.append(contentsOf: Self.requestIDName)
            output.append(contentsOf: requestID.utf8)
            output.append(contentsOf: Self.crlf)
        }
        if !keepAlive {
            output.append(contentsOf: Self.connectionClose)
        } else if http10KeepAlive {
            output.append(contentsOf: Self.connectionKeepAlive)
        }
        output.append(contentsOf: Self.crlf)
        if !isHead { output.append(contentsOf: response.body) }
    }

    /// The response as a new buffer (for the few answers sent outside a connection's output).
    mutating func bytes(of response: HTTPResponse, keepAlive: Bool) -> [UInt8] {
        var output: [UInt8] = []
        append(response, requestID: nil, keepAlive: keepAlive, isHead: false, http10KeepAlive: false, to: &output)
        return output
    }

    /// `Wed, 02 Dec 2026 16:20:00 GMT`, formatted again only when the second changes.
    private mutating func currentDate() -> [UInt8] {
        let now = time(nil)
        if now != dateSecond || dateValue.isEmpty {
            dateSecond = now
            var parts = tm()
            var seconds = now
            gmtime_r(&seconds, &parts)
            var buffer = [CChar](repeating: 0, count: 64)
            let length = strftime(&buffer, buffer.count, "%a, %d %b %Y %H:%M:%S GMT", &parts)
            dateValue = buffer[0..<length].map { UInt8(bitPattern: $0) }
        }
        return dateValue
    }

    static func serverOwnedHeader(_ name: String) -> Bool {
        name.equalsIgnoringASCIICase("Content-Length") || name.equalsIgnoringASCIICase("Connection")
            || name.equalsIgnoringASCIICase("Date") || name.equalsIgnoringASCIICase("X-Request-Id")
            || name.equalsIgnoringASCIICase("Transfer-Encoding")
    }

    private static let statusPrefix = Array("HTTP/1.1 ".utf8)
    private static let crlf = Array("\r\n".utf8)
    private static let colonSpace = Array(": ".utf8)
    private static let contentLength = Array("Content-Length: ".utf8)
    private static let date = Array("Date: ".utf8)
    private static let requestIDName = Array("X-Request-Id: ".utf8)
    private static let connectionClose = Array("Connection: close\r\n".utf8)
    private static let connectionKeepAlive = Array("Connection: keep-alive\r\n".utf8)
}
