// StepRecorder: collects a check's steps in order and marks the ones after a failure skipped.
import EWS
import Foundation

/// Collects steps in order; on failure marks the remaining steps skipped.
struct StepRecorder {
    private(set) var steps: [ConnectivityStep] = []
    var serverVersion: ServerVersion?
    private let clock = ContinuousClock()
    var now: ContinuousClock.Instant { clock.now }

    mutating func record(_ id: String, _ status: ConnectivityStep.Status, detail: String, since start: ContinuousClock.Instant,
                         reason: LinkFailureReason? = nil) {
        let elapsed = clock.now - start
        record(id, status, detail: detail, durationMs: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000), reason: reason)
    }

    mutating func record(_ id: String, _ status: ConnectivityStep.Status, detail: String, durationMs: Int, reason: LinkFailureReason? = nil) {
        steps.append(ConnectivityStep(id: id, status: status, reason: reason, detail: detail, durationMs: durationMs))
    }

    mutating func finish(failing id: String, _ failure: LinkFailure, since start: ContinuousClock.Instant) -> ConnectivityReport {
        // Steps before the failing one that were not reached individually count as skipped.
        for earlier in ConnectivitySteps.ids.prefix(while: { $0 != id }) where !steps.contains(where: { $0.id == earlier }) {
            record(earlier, .skipped, detail: "not checked separately", durationMs: 0)
        }
        record(id, .failed, detail: failure.detail, since: start, reason: failure.reason)
        for later in ConnectivitySteps.ids.drop(while: { $0 != id }).dropFirst() {
            record(later, .skipped, detail: "skipped after the failure in \(id)", durationMs: 0)
        }
        return ConnectivityReport(steps: steps, failure: failure, serverVersion: serverVersion)
    }

    func report() -> ConnectivityReport {
        ConnectivityReport(steps: steps, failure: nil, serverVersion: serverVersion)
    }
}
