// Test doubles for the use cases: a scripted connectivity check, a fixed clock, predictable ids.
import CalendarBackend
import EWS
import Foundation
import Synchronization

/// Answers each run with the next scripted report (the last one repeats) and counts runs; `hold` makes runs
/// wait until `release()`, so a test can interleave two link requests.
final class ScriptedCheck: ConnectivityCheck {
    private let reports: Mutex<[ConnectivityReport]>
    private let runs = Mutex<[ExchangeLinkTarget]>([])
    private let gate = Mutex<(held: Bool, waiters: [CheckedContinuation<Void, Never>])>((false, []))

    init(_ reports: ConnectivityReport...) {
        self.reports = Mutex(reports)
    }

    var targets: [ExchangeLinkTarget] { runs.withLock { $0 } }

    func hold() { gate.withLock { $0.held = true } }
    func release() {
        let waiters = gate.withLock { state -> [CheckedContinuation<Void, Never>] in
            state.held = false
            defer { state.waiters = [] }
            return state.waiters
        }
        waiters.forEach { $0.resume() }
    }

    func run(_ target: ExchangeLinkTarget) async -> ConnectivityReport {
        runs.withLock { $0.append(target) }
        await withCheckedContinuation { continuation in
            let wait = gate.withLock { state -> Bool in
                if state.held { state.waiters.append(continuation) }
                return state.held
            }
            if !wait { continuation.resume() }
        }
        return reports.withLock { $0.count > 1 ? $0.removeFirst() : $0[0] }
    }

    static let passing = ConnectivityReport(
        steps: ConnectivitySteps.ids.map { ConnectivityStep(id: $0, status: .passed, reason: nil, detail: "ok", durationMs: 1) },
        failure: nil, serverVersion: ServerVersion(major: 15, minor: 1, majorBuild: 2507, minorBuild: 6))

    static func failing(_ reason: LinkFailureReason, at step: String = "authenticate") -> ConnectivityReport {
        let failure = LinkFailure(reason, "what to do about \(reason.rawValue)")
        let steps = ConnectivitySteps.ids.map { id in
            ConnectivityStep(id: id, status: id == step ? .failed : .passed, reason: id == step ? reason : nil, detail: "", durationMs: 0)
        }
        return ConnectivityReport(steps: steps, failure: failure, serverVersion: nil)
    }
}

/// A clock that says what the test sets.
final class TestClock: WallClock {
    private let current: Mutex<Date>
    init(_ date: Date = Date(timeIntervalSince1970: 1_795_748_400)) { current = Mutex(date) }  // 2026-11-27T03:00:00Z
    func now() -> Date { current.withLock { $0 } }
    func advance(by seconds: TimeInterval) { current.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

/// `org_1`, `key_2`, ... and `a4b_secret3`, ...
final class CountingIdentifiers: IdentifierSource {
    private let next = Atomic<Int>(1)
    private func number() -> Int { next.wrappingAdd(1, ordering: .relaxed).oldValue }
    func identifier(prefix: String) -> String { "\(prefix)_\(number())" }
    func secret(prefix: String) -> String { "\(prefix)secret\(number())" }
}
