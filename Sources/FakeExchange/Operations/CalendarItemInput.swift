// CalendarItemInput: the properties a request sets on a t:CalendarItem (CreateItem, UpdateItem SetItemField).
import Foundation
import XMLSupport

/// Properties read from a request's `t:CalendarItem`; nil means "not given". Date-times without an
/// offset are read in StartTimeZone/EndTimeZone when the item names them, else in the
/// TimeZoneContext zone, else in UTC (the EWS rule). `t:ExtendedProperty` children are MAPI
/// properties to store; `t:MimeContent` is an iCalendar to build the item from. A child the fake
/// cannot keep is a fault naming it (never a success that drops it); the few the schema has that
/// only restate what the fake always serves are accepted when they say just that (`fixedValues`).
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
    /// The StartDate of the recurrence range, checked against the item's start by the operation.
    var recurrenceStartDate: DateComponents?
    var startTimeZone: TimeZone?
    /// EndTimeZone, when given: the fake keeps one zone per item, so the operations require it to
    /// be the item's zone.
    var endTimeZone: TimeZone?
    /// MAPI properties set with `t:ExtendedProperty`, in request order.
    var extended: [(uri: ExtendedFieldURI, value: ExtendedValue)] = []
    /// The decoded `t:MimeContent` (an iCalendar for a calendar item).
    var mimeContent: String?

    static let sensitivities: Set<String> = ["Normal", "Personal", "Private", "Confidential"]
    static let freeBusyValues: Set<String> = ["Free", "Tentative", "Busy", "OOF", "WorkingElsewhere", "NoData"]

    /// Properties the fake serves with one fixed value: setting them to that value is accepted (and
    /// changes nothing), any other value is refused. Real clients send them with their defaults.
    static let fixedValues: [String: String] = [
        "Importance": "Normal", "IsResponseRequested": "true", "IsOnlineMeeting": "false", "HasAttachments": "false",
    ]
    /// Children whose content the fake derives itself (StartTimeZone/EndTimeZone are read above;
    /// MeetingTimeZone names the zone for Exchange 2007 clients).
    static let handledElsewhere: Set<String> = ["StartTimeZone", "EndTimeZone", "MeetingTimeZone"]

    /// Sets the field a MAPI property aliases (`MAPIProperties.fieldAlias`) from its value; false
    /// when `uri` is no alias.
    mutating func setAlias(_ uri: ExtendedFieldURI, _ value: ExtendedValue) -> Bool {
        switch (MAPIProperties.fieldAlias(of: uri), value) {
        case let ("item:Subject"?, .single(text)): subject = text
        case let ("item:Body"?, .single(text)): body = text
        case let ("item:Categories"?, .multiple(values)): categories = values
        default: return false
        }
        return true
    }

    /// A fault unless `endTimeZone` (when given) is `zone`, the item's one zone.
    func checkEndTimeZone(is zone: TimeZone?) throws(SOAPFault) {
        guard let endTimeZone, let zone, endTimeZone.identifier != zone.identifier else { return }
        throw SOAPFault.invalidRequest("fake-exchange keeps one time zone per item and cannot give its end another one")
    }

    static func parse(_ item: XMLElementView, context: RequestContext, directory: MailboxDirectory) throws(SOAPFault) -> CalendarItemInput {
        let t = EWSNamespace.types
        var input = CalendarItemInput()
        // A zone the fake does not know would read local times as another zone's: refused.
        func known(_ id: String?, _ element: String) throws(SOAPFault) -> TimeZone? {
            guard let id else { return nil }
            guard let zone = WindowsTimeZone.windows(id)?.timeZone else {
                throw SOAPFault.invalidRequest("the \(element) '\(id)' is not a time zone fake-exchange knows")
            }
            return zone
        }
        func zone(_ name: String) throws(SOAPFault) -> TimeZone? {
            guard let element = item.firstChild(t, name) else { return nil }
            return try known(element.attribute("Id") ?? "", name)
        }
        let meetingZone = try known(item.firstChild(t, "MeetingTimeZone").map { $0.attribute("TimeZoneName") ?? "" }, "MeetingTimeZone")
        input.startTimeZone = try zone("StartTimeZone") ?? meetingZone
        input.endTimeZone = try zone("EndTimeZone")
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
        func attendees(_ element: XMLElementView) throws(SOAPFault) -> [Attendee] {
            var list: [Attendee] = []
            for attendee in element.children {
                guard attendee.isElement(t, "Attendee"), let mailbox = attendee.firstChild(t, "Mailbox"),
                    let address = mailbox.firstChild(t, "EmailAddress")?.trimmedText, !address.isEmpty
                else {
                    throw SOAPFault.schemaValidation(
                        "Each entry of '\(element.localName)' must be an Attendee with a Mailbox/EmailAddress.", line: attendee.line)
                }
                let name = mailbox.firstChild(t, "Name")?.trimmedText
                list.append(Attendee(
                    address: directory.proxy(address)?.smtp ?? address, name: name ?? directory.proxy(address)?.displayName,
                    response: "Unknown"))
            }
            return list
        }
        for child in item.children {
            guard child.namespaceURI == t else {
                throw SOAPFault.schemaValidation("The element '\(child.localName)' is not expected in 'CalendarItem'.", line: child.line)
            }
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
            case "ReminderMinutesBeforeStart":
                guard let minutes = Int(child.trimmedText), (0...2_629_800).contains(minutes) else {
                    throw SOAPFault.schemaValidation("The value '\(child.text)' of 'ReminderMinutesBeforeStart' is not a valid int.", line: child.line)
                }
                input.reminderMinutes = minutes
            case "Start": input.start = try date(child, input.startTimeZone ?? fallback)
            case "End": input.end = try date(child, input.endTimeZone ?? input.startTimeZone ?? fallback)
            case "IsAllDayEvent": input.isAllDay = try bool(child)
            case "LegacyFreeBusyStatus":
                guard freeBusyValues.contains(child.trimmedText) else {
                    throw SOAPFault.schemaValidation("The value '\(child.text)' is invalid for 'LegacyFreeBusyStatus'.", line: child.line)
                }
                input.freeBusy = child.trimmedText
            case "Location": input.location = child.text
            case "RequiredAttendees": input.requiredAttendees = try attendees(child)
            case "OptionalAttendees": input.optionalAttendees = try attendees(child)
            case "Resources": input.resources = try attendees(child)
            case "Recurrence":
                input.recurrence = RecurrenceXML.parse(child)
                input.recurrenceStartDate = RecurrenceXML.startDate(child)
            case "ExtendedProperty":
                guard let uriElement = child.firstChild(t, "ExtendedFieldURI") else {
                    throw SOAPFault.schemaValidation("The element 'ExtendedProperty' needs 'ExtendedFieldURI'.", line: child.line)
                }
                let uri = try ExtendedFieldURI.parse(uriElement)
                let value = try ExtendedValue.parse(child, for: uri)
                if !input.setAlias(uri, value) { input.extended.append((uri, value)) }
            case "MimeContent":
                guard let data = Data(base64Encoded: child.trimmedText, options: .ignoreUnknownCharacters),
                    let text = String(data: data, encoding: .utf8)
                else {
                    throw SOAPFault.schemaValidation("The value of 'MimeContent' is not base64 of UTF-8 text.", line: child.line)
                }
                input.mimeContent = text
            case let name where handledElsewhere.contains(name):
                continue
            case let name where fixedValues[name] != nil:
                let fixed = fixedValues[name]!
                let given = EWSNamespace.boolean(child.text).map { String($0) } ?? child.trimmedText
                guard given == fixed else {
                    throw SOAPFault.invalidRequest("fake-exchange serves '\(name)' as \(fixed) only, and cannot store '\(child.trimmedText)'")
                }
            default:
                throw SOAPFault.invalidRequest("fake-exchange does not implement setting '\(child.localName)' on a calendar item")
            }
        }
        return input
    }
}
