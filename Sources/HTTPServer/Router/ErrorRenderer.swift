// ErrorRenderer: how one front-end turns an error into a response; the server has no envelope of its own.

/// Turns what a handler, a policy or the server itself threw into a response. Each front-end brings its own:
/// REST v1 renders `{"error": {...}}`, the AWS JSON API `{"__type": ...}`. The server and the router raise
/// ``HTTPError`` (404, 405, 400 for a malformed request, 408, 413, 431, 503); a renderer must answer those with
/// their status and headers, and anything it does not recognise with a 500 that leaks no detail.
public struct ErrorRenderer: Sendable {
    private let render: @Sendable (any Error, HTTPRequest) -> HTTPResponse

    public init(_ render: @escaping @Sendable (_ error: any Error, _ request: HTTPRequest) -> HTTPResponse) {
        self.render = render
    }

    public func response(for error: any Error, to request: HTTPRequest) -> HTTPResponse {
        render(error, request)
    }

    /// `text/plain`: `NOT_FOUND: no route for /x`. For servers without a JSON contract (the fake Exchange, tests).
    public static let plainText = ErrorRenderer { error, request in
        let httpError = (error as? HTTPError) ?? HTTPError.internal("internal error; request id \(request.requestID)")
        var response = HTTPResponse.text("\(httpError.code): \(httpError.message)\n", status: httpError.status)
        for field in httpError.headers { response.headers.add(field.name, field.value) }
        return response
    }
}
