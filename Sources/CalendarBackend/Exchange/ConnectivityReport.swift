// ConnectivityReport: every step of a link check, and its first failure.
import EWS

/// All steps, and the first failure if any.
public struct ConnectivityReport: Sendable {
    public let steps: [ConnectivityStep]
    public let failure: LinkFailure?
    public let serverVersion: ServerVersion?

    public var passed: Bool { failure == nil }

    public init(steps: [ConnectivityStep], failure: LinkFailure?, serverVersion: ServerVersion?) {
        self.steps = steps
        self.failure = failure
        self.serverVersion = serverVersion
    }
}
