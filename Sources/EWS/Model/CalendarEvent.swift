// CalendarEvent: one event of a calendar view, as the EWS client returns it.
import Foundation

/// One event of a calendar view: a single item, or one occurrence or exception of a series.
public struct CalendarEvent: Sendable, Equatable {
    public enum Sensitivity: String, Sendable { case normal = "Normal", personal = "Personal", `private` = "Private", confidential = "Confidential" }
    public enum FreeBusy: String, Sendable { case free = "Free", tentative = "Tentative", busy = "Busy", outOfOffice = "OOF", workingElsewhere = "WorkingElsewhere", noData = "NoData" }

    public let id: ItemID
    public let subject: String
    public let start: Date
    public let end: Date
    public let isAllDay: Bool
    public let location: String?
    public let organizer: EventPerson?
    public let sensitivity: Sensitivity
    public let freeBusy: FreeBusy
    public let isCancelled: Bool
    /// `Single`, `Occurrence`, `Exception` (never `RecurringMaster` in a view).
    public let itemType: String
}
