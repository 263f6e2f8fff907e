// ItemPropertyLookup: a calendar item's properties as restrictions and sort orders read them.
import Foundation

/// Reads the properties of calendar items for `Restriction` and `SortOrder`: the FieldURIs below
/// and every MAPI property `MAPIProperties` serves. Any other FieldURI cannot be evaluated
/// (ErrorUnsupportedPathForQuery), so a query never silently matches everything.
enum ItemPropertyLookup {
    static func lookup(_ item: CalendarItemInstance) -> PropertyLookup {
        { (path: PropertyPath) throws(RestrictionError) -> PropertyValue? in
            switch path {
            case let .extended(uri):
                return MAPIProperties.value(uri, of: item).flatMap { PropertyValue.extended($0, type: uri.type) }
            case let .field(uri):
                return try field(uri, of: item)
            }
        }
    }

    /// The FieldURIs `field(_:of:)` reads (a test keeps the two equal).
    static let supportedFields: Set<String> = [
        "item:Subject", "item:ItemClass", "item:Sensitivity", "item:Body", "item:TextBody", "item:Categories",
        "item:DateTimeCreated", "item:DateTimeReceived", "item:DateTimeSent", "item:LastModifiedTime", "item:HasAttachments",
        "item:Importance", "item:ReminderIsSet", "calendar:UID", "calendar:Start", "calendar:End", "calendar:OriginalStart",
        "calendar:RecurrenceId", "calendar:IsAllDayEvent", "calendar:LegacyFreeBusyStatus", "calendar:Location",
        "calendar:IsMeeting", "calendar:IsCancelled", "calendar:IsRecurring", "calendar:CalendarItemType",
        "calendar:MyResponseType", "calendar:IsOrganizer",
    ]

    /// True for the paths restrictions and sort orders on calendar items can use.
    static func supports(_ path: PropertyPath) -> Bool {
        if case let .field(uri) = path { return supportedFields.contains(uri) }
        return true
    }

    // swiftlint:disable:next cyclomatic_complexity
    static func field(_ uri: String, of item: CalendarItemInstance) throws(RestrictionError) -> PropertyValue? {
        let event = item.event
        switch uri {
        case "item:Subject": return .string(item.subject)
        case "item:ItemClass": return .string(item.itemClass)
        case "item:Sensitivity": return .string(item.sensitivity)
        case "item:Body", "item:TextBody": return .string(item.body)
        case "item:Categories": return event.categories.isEmpty ? nil : .strings(event.categories)
        case "item:DateTimeCreated", "item:DateTimeReceived", "item:DateTimeSent": return .date(event.created)
        case "item:LastModifiedTime": return .date(event.lastModified)
        case "item:HasAttachments": return .boolean(false)
        case "item:Importance": return .string("Normal")
        case "item:ReminderIsSet": return .boolean(event.reminderIsSet)
        case "calendar:UID": return .string(event.uid)
        case "calendar:Start": return .date(item.start)
        case "calendar:End": return .date(item.end)
        case "calendar:OriginalStart", "calendar:RecurrenceId": return item.occurrence.map { .date($0.originalStart) }
        case "calendar:IsAllDayEvent": return .boolean(event.isAllDay)
        case "calendar:LegacyFreeBusyStatus": return .string(item.freeBusy)
        case "calendar:Location": return item.location.isEmpty ? nil : .string(item.location)  // omitted when empty, as served
        case "calendar:IsMeeting": return .boolean(event.isMeeting || !item.ownerIsOrganizer)
        case "calendar:IsCancelled": return .boolean(event.isCancelled)
        case "calendar:IsRecurring": return .boolean(item.isRecurring)
        case "calendar:CalendarItemType": return .string(item.type.rawValue)
        case "calendar:MyResponseType": return .string(item.myResponseType)
        case "calendar:IsOrganizer": return .boolean(item.ownerIsOrganizer)
        default: throw RestrictionError.unsupportedPath(uri)
        }
    }
}
