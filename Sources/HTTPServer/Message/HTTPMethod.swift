// The request methods the server implements; anything else is answered 501.

/// An HTTP request method the server knows. Requests with any other (syntactically valid) method are
/// answered `501 Not Implemented` before routing.
public enum HTTPMethod: String, Sendable, Hashable, CaseIterable {
    case get = "GET"
    case head = "HEAD"
    case post = "POST"
    case put = "PUT"
    case delete = "DELETE"
    case patch = "PATCH"
    case options = "OPTIONS"

    /// Whether a request with this method may carry a body that handlers read.
    var allowsBody: Bool { self != .get && self != .head }

    init?(bytes: ArraySlice<UInt8>) {
        // Compare bytes directly: this runs once per request on the I/O thread.
        switch bytes.count {
        case 3 where bytes.elementsEqual("GET".utf8): self = .get
        case 3 where bytes.elementsEqual("PUT".utf8): self = .put
        case 4 where bytes.elementsEqual("POST".utf8): self = .post
        case 4 where bytes.elementsEqual("HEAD".utf8): self = .head
        case 5 where bytes.elementsEqual("PATCH".utf8): self = .patch
        case 6 where bytes.elementsEqual("DELETE".utf8): self = .delete
        case 7 where bytes.elementsEqual("OPTIONS".utf8): self = .options
        default: return nil
        }
    }
}
