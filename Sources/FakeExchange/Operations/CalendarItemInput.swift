// CalendarItemInput: the properties a request sets on a t:CalendarItem (CreateItem, UpdateItem SetItemField).
import Foundation
import XMLSupport

/// Properties read from a request's `t:CalendarItem`; nil means "not given". Date-times without an
/// offset are read in StartTimeZone/EndTimeZone when the item names them, else in the
/// TimeZoneContext zone, else in UTC (the EWS rule). Unknown children are ignored.
struct CalendarItemInput {
    var subject: String?
    var body: String?
    var sensitivity: String?
    var categories: [String]?
    var reminderIsSet: Bool?
    var reminderMinutes: Int?
    var start: Date?
    var end: Date?
    var isAllDay: Bool?
    var freeBusy: String?
    var location: String?
    var requiredAttendees: [Attendee]?
    var optionalAttendees: [Attendee]?
    var resources: [Attendee]?
    var recurrence: Result<RecurrencePattern, EWSItemError>?
    var startTimeZone: TimeZone?

    static let sensitivities: Set<String> = ["Normal", "Personal", "Private", "Confidential"]
    static let freeBusyValues: Set<String> = ["Free", "Tentative", "Busy", "OOF", "WorkingElsewhere", "NoData"]

    static func parse(_ item: XMLElementView, context: RequestContext, directory: MailboxDirectory) throws(SOAPFault) -> CalendarItemInput {
        let t = EWSNamespace.types
        var input = CalendarItemInput()
        func zone(_ name: String) -> TimeZone? {
            item.firstChild(t, name)?.attribute("Id").flatMap { WindowsTimeZone.windows($0)?.timeZone }
        }
        let meetingZone = item.firstChild(t, "MeetingTimeZone")?.attribute("TimeZoneName").flatMap { WindowsTimeZone.windows($0)?.timeZone }
        input.startTimeZone = zone("StartTimeZone") ?? meetingZone
        let fallback = context.timeZoneContext ?? TimeZone(secondsFromGMT: 0)!
        func bool(_ element: XMLElementView) throws(SOAPFault) -> Bool {
            guard let value = EWSNamespace.boolean(element.text) else {
                throw SOAPFault.schemaValidation("The value '\(element.text)' of '\(element.localName)' is not a valid Boolean.", line: element.line)
            }
            return value
        }
        func date(_ element: XMLElementView, _ zone: TimeZone) throws(SOAPFault) -> Date {
            guard let value = EWSDateTime.parse(element.text, defaultZone: zone) else {
                throw SOAPFault.schemaValidation(
                    "The value '\(element.text)' of '\(element.localName)' is not a valid DateTime value.", line: element.line)
            }
            return value
        }
        func attendees(_ element: XMLElementView) -> [Attendee] {
            element.children(t, "Attendee").compactMap { attendee in
                guard let mailbox = attendee.firstChild(t, "Mailbox"),
                    let address = mailbox.firstChild(t, "EmailAddress")?.trimmedText, !address.isEmpty
                else { return nil }
                let name = mailbox.firstChild(t, "Name")?.trimmedText
                return Attendee(address: directory.proxy(address)?.smtp ?? address, name: name ?? directory.proxy(address)?.displayName,
                                response: "Unknown")
            }
        }
        for child in item.children where child.namespaceURI == t {
            switch child.localName {
            case "Subject": input.subject = child.text
            case "Body": input.body = child.text
            case "Sensitivity":
                guard sensitivities.contains(child.trimmedText) else {
                    throw SOAPFault.schemaValidation("The value '\(child.text)' is invalid for 'Sensitivity'.", line: child.line)
                }
                input.sensitivity = child.trimmedText
            case "Categories": input.categories = child.children(t, "String").map(\.text)
            case "ReminderIsSet": input.reminderIsSet = try bool(child)
            case "ReminderMinutesBeforeStart": input.reminderMinutes = Int(child.trimmedText)
            case "Start": input.start = try date(child, input.startTimeZone ?? fallback)
            case "End": input.end = try date(child, zone("EndTimeZone") ?? input.startTimeZone ?? fallback)
            case "IsAllDayEvent": input.isAllDay = try bool(child)
            case "LegacyFreeBusyStatus":
                guard freeBusyValues.contains(child.trimmedText) else {
                    throw SOAPFault.schemaValidation("The value '\(child.text)' is invalid for 'LegacyFreeBusyStatus'.", line: child.line)
                }
                input.freeBusy = child.trimmedText
            case "Location": input.location = child.text
            case "RequiredAttendees": input.requiredAttendees = attendees(child)
            case "OptionalAttendees": input.optionalAttendees = attendees(child)
            case "Resources": input.resources = attendees(child)
            case "Recurrence": input.recurrence = RecurrenceXML.parse(child)
            default: continue
            }
        }
        return input
    }
}
