// The 422 answer for a link that failed live validation, in A4B's console wording plus the reason.
import HTTPServer

/// `{"error": {"code": "INVALID_PARAMETER", "message": <the A4B console text>, "reason", "detail", "steps"}}`.
struct ExchangeLinkError: ClientFacingError {
    /// The console's text, word for word, so admins recognise it.
    static let consoleMessage = "The calendar account could not be linked. If the issue persists, contact AWS Support. Invalid parameter provided."

    let failure: LinkFailure
    let steps: [ConnectivityStep]

    var status: HTTPStatus { .unprocessableContent }
    var code: String { "INVALID_PARAMETER" }
    var message: String { Self.consoleMessage }
    var extraFields: [String: any Encodable & Sendable] {
        ["reason": failure.reason.rawValue, "detail": failure.detail, "steps": steps]
    }
}
