// Reading calendar items, ids and mailboxes out of EWS response elements.
import Foundation
import TextSupport
import XMLSupport

extension CalendarEvent {
    /// The FieldURIs a spoken answer needs; FindItem asks for exactly these.
    static let viewProperties = [
        "item:Subject", "item:Sensitivity", "calendar:Start", "calendar:End", "calendar:IsAllDayEvent",
        "calendar:LegacyFreeBusyStatus", "calendar:Location", "calendar:Organizer", "calendar:IsCancelled",
        "calendar:CalendarItemType",
    ]

    /// Decodes a `t:CalendarItem`. Throws `malformedResponse` when a required element is missing or unreadable.
    init(element: XMLElementView) throws(EWSError) {
        func text(_ local: String) -> String? { element.firstChild(EWSNamespace.types, local)?.text }
        func date(_ local: String) throws(EWSError) -> Date {
            guard let value = text(local) else { throw .malformedResponse("CalendarItem without \(local)") }
            guard let date = EWSDateTime.parse(value.trimmingWhitespace()) else {
                throw .malformedResponse("CalendarItem \(local) is not a date-time: \(value)")
            }
            return date
        }
        guard let id = ItemID(element: element.firstChild(EWSNamespace.types, "ItemId")) else {
            throw .malformedResponse("CalendarItem without ItemId")
        }
        self.init(
            id: id,
            subject: text("Subject") ?? "",
            start: try date("Start"),
            end: try date("End"),
            isAllDay: text("IsAllDayEvent").map(Self.boolean) ?? false,
            location: text("Location").flatMap { $0.isEmpty ? nil : $0 },
            organizer: element.firstChild(EWSNamespace.types, "Organizer").flatMap { $0.firstChild(EWSNamespace.types, "Mailbox") }
                .map(EventPerson.init(mailbox:)),
            sensitivity: text("Sensitivity").flatMap(Sensitivity.init(rawValue:)) ?? .normal,
            freeBusy: text("LegacyFreeBusyStatus").flatMap(FreeBusy.init(rawValue:)) ?? .busy,
            isCancelled: text("IsCancelled").map(Self.boolean) ?? false,
            itemType: text("CalendarItemType") ?? "Single")
    }

    /// xs:boolean: `true`/`false` or `1`/`0`.
    static func boolean(_ text: String) -> Bool {
        let value = text.trimmingWhitespace()
        return value == "true" || value == "1"
    }
}

extension ItemID {
    init?(element: XMLElementView?) {
        guard let element, let id = element.attribute("Id"), !id.isEmpty else { return nil }
        self.init(id: id, changeKey: element.attribute("ChangeKey"))
    }
}

extension EventPerson {
    init(mailbox: XMLElementView) {
        func text(_ local: String) -> String? { mailbox.firstChild(EWSNamespace.types, local)?.text }
        self.init(name: text("Name"), address: text("EmailAddress"), routingType: text("RoutingType"))
    }
}
