// UpdateItemOperation: UpdateItem on calendar items: move Start/End, change fields, modify one occurrence.
import Foundation
import XMLSupport

/// `UpdateItem`, one message per `ItemChange`. Calendar items need `SendMeetingInvitationsOrCancellations`
/// (else ErrorSendMeetingInvitationsOrCancellationsRequired, per item). Editor rights (or ownership)
/// are required. Changing an occurrence turns it into an Exception of its series; changing a master's
/// Start/End moves the whole series and drops its exceptions. With `ConflictResolution="NeverOverwrite"`
/// a stale ChangeKey is ErrorIrresolvableConflict. Meeting updates are recorded as sent unless `SendToNone`.
enum UpdateItemOperation {
    static let conflictValues: Set<String> = ["NeverOverwrite", "AutoResolve", "AlwaysOverwrite"]
    static let sendValues: Set<String> = [
        "SendToNone", "SendOnlyToAll", "SendOnlyToChanged", "SendToAllAndSaveCopy", "SendToChangedAndSaveCopy",
    ]

    static let changeKinds: Set<String> = ["SetItemField", "AppendToItemField", "DeleteItemField"]
    static let pathNames: Set<String> = ["FieldURI", "ExtendedFieldURI", "IndexedFieldURI"]
    /// The calendar item properties AppendToItemField works on (Exchange: ErrorInvalidPropertyAppend for others).
    static let appendable: Set<String> = ["item:Body", "calendar:RequiredAttendees", "calendar:OptionalAttendees", "calendar:Resources"]
    /// Properties an item cannot be without (DeleteItemField: ErrorInvalidPropertyDelete).
    static let undeletable: Set<String> = ["calendar:Start", "calendar:End", "calendar:StartTimeZone", "calendar:EndTimeZone"]

    static let incorrectPropertyCount = EWSItemError(
        code: "ErrorIncorrectUpdatePropertyCount",
        text: "An object within a change description must contain one and only one property to modify.")

    static func invalidAppend(_ property: String) -> EWSItemError {
        EWSItemError(code: "ErrorInvalidPropertyAppend", text: "The property \(property) does not support append operations.")
    }

    /// True when `item` (the new value of a change) holds exactly one property, the one `path` names.
    static func carriesOnly(_ path: PropertyPath, _ item: XMLElementView) throws(SOAPFault) -> Bool {
        guard item.children.count == 1, let only = item.children.first, only.namespaceURI == EWSNamespace.types else { return false }
        switch path {
        case let .field(uri):
            return only.localName == uri.split(separator: ":").last.map(String.init)
        case let .extended(property):
            guard only.localName == "ExtendedProperty", let written = only.firstChild(EWSNamespace.types, "ExtendedFieldURI") else { return false }
            return try ExtendedFieldURI.parse(written) == property
        }
    }

    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        let t = EWSNamespace.types
        guard let conflict = request.attribute("ConflictResolution") else {
            throw SOAPFault.schemaValidation("The required attribute 'ConflictResolution' is missing.", line: request.line)
        }
        guard conflictValues.contains(conflict) else {
            throw SOAPFault.schemaValidation("The 'ConflictResolution' attribute value '\(conflict)' is invalid.", line: request.line)
        }
        let send = request.attribute("SendMeetingInvitationsOrCancellations")
        if let send, !sendValues.contains(send) {
            throw SOAPFault.schemaValidation("The 'SendMeetingInvitationsOrCancellations' value '\(send)' is invalid.", line: request.line)
        }
        guard let changes = request.firstChild(m, "ItemChanges") else {
            throw SOAPFault.schemaValidation("The element 'ItemChanges' is required.", line: request.line)
        }
        var messages: [ResponseMessage] = []
        for change in changes.children(t, "ItemChange") {
            guard let id = change.children.first(where: { $0.localName != "Updates" }) else {
                throw SOAPFault.schemaValidation("The element 'ItemChange' has no item id.", line: change.line)
            }
            guard let updates = change.firstChild(t, "Updates") else {
                throw SOAPFault.schemaValidation("The element 'Updates' is required.", line: change.line)
            }
            switch try ItemResolver.resolve(id, state: state) {
            case let .failure(error):
                messages.append(.error(error))
            case let .success(item):
                // Every item the fake stores is a calendar item, for which the attribute is required.
                guard let send else {
                    messages.append(.error(.sendMeetingInvitationsOrCancellationsRequired))
                    continue
                }
                messages.append(try apply(updates, to: item, conflict: conflict, send: send, context, &state))
            }
        }
        return messages
    }

    private static func apply(
        _ updates: XMLElementView, to item: ResolvedItem, conflict: String, send: String, _ context: RequestContext,
        _ state: inout ExchangeState
    ) throws(SOAPFault) -> ResponseMessage {
        let t = EWSNamespace.types
        if let error = FolderAccess.checkItem(.modify, identity: context.actingAs, owner: item.owner, folder: item.event.folder) { return .error(error) }
        if conflict == "NeverOverwrite", let key = item.requestChangeKey, key != ItemReference.changeKey(item.event.changeCount) {
            return .error(.irresolvableConflict)
        }
        var event = item.event
        var override = item.occurrence.map {
            $0.override ?? OccurrenceOverride(start: $0.start, end: $0.end)
        }
        for update in updates.children {
            guard update.namespaceURI == t, changeKinds.contains(update.localName) else {
                throw SOAPFault.schemaValidation("The element '\(update.localName)' is not expected in 'Updates'.", line: update.line)
            }
            guard let pathElement = update.children.first(where: { pathNames.contains($0.localName) }) else {
                throw SOAPFault.schemaValidation("The element '\(update.localName)' needs a property path.", line: update.line)
            }
            let path = try PropertyPath.parse(pathElement)
            let isDelete = update.localName == "DeleteItemField"
            let append = update.localName == "AppendToItemField"
            var input = CalendarItemInput()
            if !isDelete {
                // Exchange takes the new value in a t:CalendarItem, or a t:Item for the item:* fields,
                // holding exactly the property the change names.
                guard let calendarItem = update.firstChild(t, "CalendarItem") ?? update.firstChild(t, "Item") else {
                    throw SOAPFault.schemaValidation("The element '\(update.localName)' needs the 'CalendarItem' with the new value.", line: update.line)
                }
                guard try carriesOnly(path, calendarItem) else { return .error(incorrectPropertyCount) }
                input = try CalendarItemInput.parse(calendarItem, context: context, directory: state.directory)
            }
            let uri: String
            switch path {
            case let .extended(property) where MAPIProperties.fieldAlias(of: property) != nil:
                uri = MAPIProperties.fieldAlias(of: property)!
            case let .extended(property):
                if append { return .error(invalidAppend(property.description)) }
                if let error = MAPIProperties.checkSettable([property]) { return .error(error) }
                guard override == nil else {
                    return .error(EWSItemError(
                        code: "ErrorInvalidPropertySet",
                        text: "fake-exchange keeps extended properties on a series, not on one of its occurrences."))
                }
                if isDelete {
                    event.extendedProperties[property] = nil
                } else {
                    guard let value = input.extended.first(where: { $0.uri == property })?.value else {
                        throw SOAPFault.schemaValidation(
                            "The 'CalendarItem' of '\(update.localName)' must carry the ExtendedProperty it names.", line: update.line)
                    }
                    event.extendedProperties[property] = value
                }
                continue
            case let .field(name):
                uri = name
            }
            if append, !appendable.contains(uri) { return .error(invalidAppend(uri)) }
            if isDelete, undeletable.contains(uri) {
                return .error(EWSItemError(code: "ErrorInvalidPropertyDelete", text: "The property \(uri) cannot be deleted."))
            }
            if override != nil {
                switch uri {
                case "calendar:Start": if let start = input.start { override!.start = start }
                case "calendar:End": if let end = input.end { override!.end = end }
                case "item:Subject": override!.subject = isDelete ? "" : input.subject
                case "calendar:Location": override!.location = isDelete ? "" : input.location
                case "item:Body": override!.body = isDelete ? "" : input.body
                case "item:Sensitivity": override!.sensitivity = input.sensitivity
                case "calendar:LegacyFreeBusyStatus": override!.freeBusy = input.freeBusy
                default: throw SOAPFault.invalidRequest("fake-exchange does not implement updating '\(uri)' on one occurrence")
                }
                continue
            }
            switch uri {
            case "item:Subject": event.subject = input.subject ?? ""
            case "item:Body": event.body = append ? event.body + (input.body ?? "") : input.body ?? ""
            case "item:Sensitivity": event.sensitivity = input.sensitivity ?? "Normal"
            case "item:Categories": event.categories = input.categories ?? []
            case "item:ReminderIsSet": event.reminderIsSet = input.reminderIsSet ?? false
            case "item:ReminderMinutesBeforeStart": event.reminderMinutes = input.reminderMinutes ?? 15
            case "calendar:Start": if let start = input.start { event.start = start }
            case "calendar:End": if let end = input.end { event.end = end }
            case "calendar:IsAllDayEvent": event.isAllDay = input.isAllDay ?? false
            case "calendar:LegacyFreeBusyStatus": event.freeBusy = input.freeBusy ?? "Busy"
            case "calendar:Location": event.location = input.location ?? ""
            case "calendar:RequiredAttendees":
                event.requiredAttendees = append ? event.requiredAttendees + (input.requiredAttendees ?? []) : input.requiredAttendees ?? []
            case "calendar:OptionalAttendees":
                event.optionalAttendees = append ? event.optionalAttendees + (input.optionalAttendees ?? []) : input.optionalAttendees ?? []
            case "calendar:Resources":
                event.resources = append ? event.resources + (input.resources ?? []) : input.resources ?? []
            case "calendar:StartTimeZone": if let zone = input.startTimeZone { event.timeZone = zone }
            case "calendar:EndTimeZone":
                // The fake keeps one zone per item: an end zone is accepted when it is that zone.
                try input.checkEndTimeZone(is: event.timeZone)
            case "calendar:Recurrence":
                if isDelete {
                    event.recurrence = nil
                } else {
                    switch input.recurrence {
                    case let .failure(error)?: return .error(error)
                    case let .success(pattern)?:
                        if let error = RecurrenceXML.checkStartDate(input.recurrenceStartDate, start: event.start, zone: event.timeZone) {
                            return .error(error)
                        }
                        event.recurrence = pattern
                    case nil: break
                    }
                }
                event.exceptions = [:]
                event.deletedOccurrences = []
            default: throw SOAPFault.invalidRequest("fake-exchange does not implement updating '\(uri)'")
            }
        }
        if let override, let occurrence = item.occurrence {
            if override.end < override.start { return .error(.calendarEndBeforeStart) }
            event.exceptions[occurrence.originalStart] = override
        } else {
            if event.end < event.start { return .error(.calendarEndBeforeStart) }
            if event.recurrence != nil, event.start != item.event.start || event.end != item.event.end {
                event.exceptions = [:]
                event.deletedOccurrences = []
            }
        }
        event.changeCount += 1
        event.lastModified = event.nextModificationTime(context.now)
        if event.isMeeting, item.instance.ownerIsOrganizer, MeetingNotices.sends(send) {
            if let error = MeetingNotices.checkSendAs(identity: context.actingAs, sender: item.owner) { return .error(error) }
            MeetingNotices.record(.update, event: event, from: item.owner, by: context.actingAs, at: context.now, state: &state)
        }
        state.calendars[item.owner.key]![item.index] = event
        state.folderChanged(FolderTarget(owner: item.owner, folder: event.folder), at: context.now)
        let reference = ItemReference(
            kind: .calendarItem, mailbox: item.owner.key, number: event.number, originalStart: item.occurrence?.originalStart)
        let changeKey = ItemReference.changeKey(event.changeCount)
        return .success { payload in
            payload.element("m:Items") { items in
                items.element("t:CalendarItem") { $0.element("t:ItemId", ["Id": reference.encoded, "ChangeKey": changeKey]) }
            }
            payload.element("m:ConflictResults") { $0.element("t:Count", text: "0") }
        }
    }
}
