// A swift-log handler that writes one JSON object per line: {"ts":...,"level":...,"msg":...,...}.
import Logging
import Synchronization

/// Structured logs, one JSON object per line, for people (`jq`) and log pipelines alike:
/// `ts`, `level`, `logger`, `msg`, then the metadata (the handler's merged with the event's, the
/// event's winning) with keys sorted. Metadata values are strings; nothing is ever logged that the
/// caller did not pass explicitly. Lines at `error` and above are urgent for the sink.
public struct JSONLogHandler: LogHandler {
    public var logLevel: Logger.Level
    public var metadata: Logger.Metadata = [:]
    package let label: String
    package let sink: LogSink
    /// `,"logger":"<label>","msg":`, encoded once.
    private let loggerField: [UInt8]

    /// Shared by every handler, so the `ts` text up to the second is computed once a second.
    private static let clock = Mutex(LogTimestamp())

    public init(label: String, level: Logger.Level = .info, sink: LogSink = .standardError) {
        self.label = label
        self.logLevel = level
        self.sink = sink
        var field = LogLine(capacity: label.utf8.count + 20)
        field.append(raw: #","logger":"#)
        field.append(string: label)
        field.append(raw: #","msg":"#)
        loggerField = field.bytes
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var line = LogLine()
        Self.appendHead(level: event.level, to: &line)
        line.append(raw: loggerField)
        line.append(string: event.message.description)
        if let extra = event.metadata, !extra.isEmpty {
            Self.append(metadata.isEmpty ? extra : metadata.merging(extra) { _, new in new }, to: &line)
        } else if !metadata.isEmpty {
            Self.append(metadata, to: &line)
        }
        line.append(raw: "}\n")
        sink.write(line.bytes, urgent: event.level >= .error)
    }

    /// Appends `{"ts":"<now>","level":"<level>"`, the start of every line.
    private static func appendHead(level: Logger.Level, to line: inout LogLine) {
        line.append(raw: #"{"ts":""#)
        clock.withLock { $0.appendNow(to: &line) }
        line.append(raw: #"","level":"#)
        line.append(string: level.rawValue)
    }

    /// Appends `,"key":"value"` for each entry, keys sorted.
    private static func append(_ metadata: Logger.Metadata, to line: inout LogLine) {
        for key in metadata.keys.sorted() {
            line.append(raw: ",")
            line.append(string: key)
            line.append(raw: ":")
            line.append(string: metadata[key]!.description)
        }
    }
}
