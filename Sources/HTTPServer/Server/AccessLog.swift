// The access log: one JSON line per request, formatted as bytes on the I/O thread and queued to the sink.
import Foundation
import Logging
import Observability

/// Writes the `request` line of each answered request. The line has `ts`, `level`, `logger`, `msg`
/// and then `request_id`, `method`, `path`, `route`, `status`, `duration_ms`, `bytes_out`, `remote`
/// and the logger's own metadata, keys sorted: the bytes `JSONLogHandler` writes for the same
/// `logger.info("request", metadata: ...)`. It never holds the query string, a header value or a body.
///
/// When the logger's handler is a `JSONLogHandler` the line is built straight into bytes from a
/// layout computed once (no dictionary, no `String` formatting per request) and handed to its
/// `LogSink`; any other handler gets `logger.info`. Not thread-safe: each event loop owns one.
struct AccessLog {
    private enum Field: CaseIterable {
        case requestID, method, path, route, status, durationMS, bytesOut, remote

        var key: String {
            switch self {
            case .requestID: "request_id"
            case .method: "method"
            case .path: "path"
            case .route: "route"
            case .status: "status"
            case .durationMS: "duration_ms"
            case .bytesOut: "bytes_out"
            case .remote: "remote"
            }
        }
    }

    /// The line for a `JSONLogHandler`: after `ts`, each field's value preceded by the bytes before it.
    private struct Layout {
        let sink: LogSink
        /// Each field with the constant bytes that precede its value: `,"route":` and any metadata sorting
        /// before it; for the first field also `","level":"info","logger":...,"msg":"request"`.
        let fields: [(prefix: [UInt8], field: Field)]
        /// Constant metadata sorting after the last field, then `}` and the newline.
        let tail: [UInt8]
    }

    private let logger: Logger
    /// nil: the handler is not a `JSONLogHandler`, or it drops info lines.
    private let layout: Layout?
    private let enabled: Bool
    private var timestamp = LogTimestamp()
    private var line = LogLine(capacity: 512)

    init(logger: Logger) {
        self.logger = logger
        enabled = logger.logLevel <= .info
        guard enabled, let handler = logger.handler as? JSONLogHandler else {
            layout = nil
            return
        }
        layout = Self.layout(for: handler)
    }

    /// Records one answered request; `duration` is in seconds, `bytes` the body's length.
    mutating func record(_ request: HTTPRequest, route: String, status: Int, duration: Double, bytes: Int) {
        guard enabled else { return }
        guard let layout else {
            logger.info("request", metadata: [
                "request_id": .string(request.requestID),
                "method": .string(request.method.rawValue),
                "path": .string(request.path),
                "route": .string(route),
                "status": .stringConvertible(status),
                "duration_ms": .string(String(format: "%.3f", duration * 1000)),
                "bytes_out": .stringConvertible(bytes),
                "remote": .string(request.remoteAddress),
            ])
            return
        }
        line.removeAll()
        line.append(raw: #"{"ts":""#)
        timestamp.appendNow(to: &line)
        for (prefix, field) in layout.fields {
            line.append(raw: prefix)
            switch field {
            case .requestID: line.append(string: request.requestID)
            case .method: line.append(string: request.method.rawValue)
            case .path: line.append(string: request.path)
            case .route: line.append(string: route)
            case .status: line.append(quoted: status)
            case .durationMS: line.append(quotedThreeDecimals: duration * 1000)
            case .bytesOut: line.append(quoted: bytes)
            case .remote: line.append(string: request.remoteAddress)
            }
        }
        line.append(raw: layout.tail)
        layout.sink.write(line.bytes, urgent: false)
    }

    /// Merges the fields with the handler's metadata as `JSONLogHandler.log` does (a field wins over
    /// metadata of the same key), sorts the keys, and encodes every constant part once.
    private static func layout(for handler: JSONLogHandler) -> Layout {
        var pending = LogLine(capacity: 256)
        pending.append(raw: #"","level":"#)
        pending.append(string: Logger.Level.info.rawValue)
        pending.append(raw: #","logger":"#)
        pending.append(string: handler.label)
        pending.append(raw: #","msg":"#)
        pending.append(string: "request")
        var fields: [(prefix: [UInt8], field: Field)] = []
        let byKey = Dictionary(uniqueKeysWithValues: Field.allCases.map { ($0.key, $0) })
        for key in Set(byKey.keys).union(handler.metadata.keys).sorted() {
            pending.append(raw: ",")
            pending.append(string: key)
            pending.append(raw: ":")
            if let field = byKey[key] {
                fields.append((pending.bytes, field))
                pending.removeAll()
            } else {
                pending.append(string: handler.metadata[key]!.description)
            }
        }
        pending.append(raw: "}\n")
        return Layout(sink: handler.sink, fields: fields, tail: pending.bytes)
    }
}
