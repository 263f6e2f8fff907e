// FixtureError: why a fixture was refused, naming the offending field.

/// A fixture that cannot be loaded. `field` is a path such as `mailboxes[0].events[2].start`.
public struct FixtureError: Error, Equatable, Sendable, CustomStringConvertible {
    public var field: String
    public var message: String

    /// A stable code for logs and JSON bodies.
    public var code: String { "invalid_fixture" }

    public var description: String { "fixture field `\(field)`: \(message)" }

    public init(field: String, message: String) {
        self.field = field
        self.message = message
    }
}
