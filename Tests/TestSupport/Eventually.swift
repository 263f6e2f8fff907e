// Waiting, with a deadline, for a condition that something else makes true.
import Foundation

/// True as soon as `condition` holds (checked every few milliseconds); false once `timeout` seconds
/// have passed without it.
public func eventually(timeout: Double = 10, _ condition: () -> Bool) async -> Bool {
    let deadline = Date().addingTimeInterval(timeout)
    while !condition() {
        if Date() >= deadline { return false }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return true
}
