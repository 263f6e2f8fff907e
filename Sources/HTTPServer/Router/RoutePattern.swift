// A path template such as /v1/organizations/{orgId}/users/{userId}, and matching paths against it.

/// A parsed path template: literal segments and `{name}` parameters, each a whole segment.
struct RoutePattern {
    enum Segment: Equatable {
        case literal(String)
        case parameter(String)
    }

    let template: String
    let segments: [Segment]

    init(_ template: String) {
        precondition(template.hasPrefix("/"), "route templates start with /: \(template)")
        self.template = template
        segments = Self.segments(of: template).map { segment in
            if segment.hasPrefix("{") && segment.hasSuffix("}") && segment.count > 2 {
                return .parameter(String(segment.dropFirst().dropLast()))
            }
            return .literal(segment)
        }
    }

    /// The literal segments before the first parameter (`["v1", "invitations"]` for `/v1/invitations/{token}`).
    var literalPrefix: [String] {
        Array(segments.prefix { if case .literal = $0 { true } else { false } }.compactMap { segment -> String? in
            if case .literal(let text) = segment { return text.lowercased() }
            return nil
        })
    }

    /// A template's segments, ignoring one trailing slash (`/a/b/` is `/a/b`).
    static func segments(of template: String) -> [String] {
        routable(template.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init))
    }

    /// The segments a request is matched on: its own, decoded one by one (so `%2F` stays inside a
    /// segment), ignoring one trailing slash.
    static func segments(of request: HTTPRequest) -> [String] { routable(request.pathSegments) }

    private static func routable(_ segments: [String]) -> [String] {
        var parts = segments
        if parts.count > 1 && parts.last == "" { parts.removeLast() }
        return parts
    }

    /// The parameters when `path` matches, or nil.
    func match(_ path: [String], caseInsensitive: Bool) -> [String: String]? {
        guard path.count == segments.count else { return nil }
        var parameters: [String: String] = [:]
        for (segment, value) in zip(segments, path) {
            switch segment {
            case .literal(let literal):
                let equal = caseInsensitive ? literal.equalsIgnoringASCIICase(value) : literal == value
                if !equal { return nil }
            case .parameter(let name):
                if value.isEmpty { return nil }
                parameters[name] = value
            }
        }
        return parameters
    }
}
