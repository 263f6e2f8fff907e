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

    /// Path segments, ignoring one trailing slash (`/a/b/` is `/a/b`).
    static func segments(of path: String) -> [String] {
        var parts = path.split(separator: "/", omittingEmptySubsequences: false).dropFirst().map(String.init)
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
