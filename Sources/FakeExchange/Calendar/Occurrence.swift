// Occurrence: one computed instance of a recurring series (possibly modified by an exception).
import Foundation

/// An instance of a series. `originalStart` identifies it (EWS RecurrenceId); `start`/`end` are where
/// it actually is, which differs from the pattern when `override` is set (an Exception).
struct Occurrence: Sendable, Equatable {
    /// 1-based position in the series (EWS InstanceIndex).
    var index: Int
    var originalStart: Date
    var start: Date
    var end: Date
    var override: OccurrenceOverride?

    var isException: Bool { override != nil }
}
