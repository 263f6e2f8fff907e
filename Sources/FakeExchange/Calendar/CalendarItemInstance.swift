// CalendarItemInstance: an item as a response shows it: a single, a master, or one occurrence of a series.
import Foundation

/// What EWS returns for one calendar entry: a stored event seen as a Single or RecurringMaster, or
/// one computed Occurrence/Exception of it. All accessors apply the exception's overrides.
struct CalendarItemInstance: Sendable {
    var owner: Mailbox
    var event: CalendarEvent
    var occurrence: Occurrence?

    enum ItemType: String { case single = "Single", occurrence = "Occurrence", exception = "Exception", master = "RecurringMaster" }

    var type: ItemType {
        if let occurrence { return occurrence.isException ? .exception : .occurrence }
        return event.recurrence == nil ? .single : .master
    }

    var reference: ItemReference {
        ItemReference(kind: .calendarItem, mailbox: owner.key, number: event.number, originalStart: occurrence?.originalStart)
    }

    /// ItemClass (and PR_MESSAGE_CLASS): an occurrence is IPM.Appointment.Occurrence.
    var itemClass: String { occurrence == nil ? "IPM.Appointment" : "IPM.Appointment.Occurrence" }
    var start: Date { occurrence?.start ?? event.start }
    var end: Date { occurrence?.end ?? event.end }
    var subject: String { occurrence?.override?.subject ?? event.subject }
    var location: String { occurrence?.override?.location ?? event.location }
    var body: String { occurrence?.override?.body ?? event.body }
    var sensitivity: String { occurrence?.override?.sensitivity ?? event.sensitivity }
    var freeBusy: String { occurrence?.override?.freeBusy ?? event.freeBusy }
    var isRecurring: Bool { occurrence != nil }

    /// True when the mailbox owner organises the item.
    var ownerIsOrganizer: Bool { event.organizer.address.lowercased() == owner.key }

    var myResponseType: String {
        if ownerIsOrganizer { return "Organizer" }
        return event.allAttendees.first { $0.address.lowercased() == owner.key }?.response ?? "Accept"
    }
}
