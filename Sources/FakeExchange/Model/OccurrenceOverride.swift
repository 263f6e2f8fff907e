// OccurrenceOverride: the fields an exception changes on one occurrence of a series.
import Foundation

/// The fields an exception changes on one occurrence; nil keeps the master's value.
public struct OccurrenceOverride: Sendable, Equatable {
    public var start: Date
    public var end: Date
    public var subject: String?
    public var location: String?
    public var body: String?
    public var sensitivity: String?
    public var freeBusy: String?
}
