// ConnectivityStep and ConnectivityReport: the outcome of each step of a link check, and of the whole check.
import EWS

/// One step's outcome.
public struct ConnectivityStep: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable { case passed, failed, skipped, warning }

    public let id: String
    public let status: Status
    public let reason: LinkFailureReason?
    public let detail: String
    public let durationMs: Int

    public init(id: String, status: Status, reason: LinkFailureReason?, detail: String, durationMs: Int) {
        self.id = id
        self.status = status
        self.reason = reason
        self.detail = detail
        self.durationMs = durationMs
    }
}
