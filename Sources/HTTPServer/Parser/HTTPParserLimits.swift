// Size limits the request parser enforces before any handler runs.

/// Limits on what a client may send. Exceeding one is answered with 431 or 413 and the connection
/// is closed, so the rest of an oversized request is never parsed as a new request.
public struct HTTPParserLimits: Sendable {
    /// Longest request line (`GET /path HTTP/1.1`), in bytes; longer -> 431.
    public var maxRequestLineBytes = 8 * 1024
    /// Largest request head (request line plus all header lines), in bytes; larger -> 431.
    public var maxHeaderBytes = 16 * 1024
    /// Most header fields in one request; more -> 431.
    public var maxHeaderCount = 100
    /// Largest request body, in bytes, whether sent with Content-Length or chunked; larger -> 413.
    public var maxBodyBytes = 1024 * 1024

    public init() {}
}
