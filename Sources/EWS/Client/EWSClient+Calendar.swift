// Calendar operations: read a window, check the folder's rights, create, move and cancel events.
import Foundation
import XMLSupport

extension EWSClient {
    /// The events overlapping `start..<end`, occurrences of series expanded, in start order: one FindItem
    /// with a CalendarView asking only for the properties a spoken answer needs.
    public func calendarView(_ access: MailboxAccess, start: Date, end: Date, maxEntries: Int = 50,
                             timeout: Duration) async throws(EWSError) -> CalendarView {
        let request = SOAPRequest(operation: "FindItem", access: access) { body in
            body.element("m:FindItem", ["Traversal": "Shallow"]) { find in
                find.element("m:ItemShape") { shape in
                    shape.element("t:BaseShape", text: "IdOnly")
                    shape.additionalProperties(CalendarEvent.viewProperties)
                }
                find.element("m:CalendarView", ["MaxEntriesReturned": String(maxEntries),
                                                "StartDate": EWSDateTime.format(start), "EndDate": EWSDateTime.format(end)])
                find.element("m:ParentFolderIds") { $0.distinguishedFolder("calendar", access: access) }
            }
        }
        let response = try await call(request, access: access, timeout: timeout, idempotent: true)
        return try Self.calendarView(from: response)
    }

    static func calendarView(from response: SOAPResponse) throws(EWSError) -> CalendarView {
        let message = try response.onlyMessage()
        guard let root = message.child("RootFolder") else { throw .malformedResponse("FindItem answer without RootFolder") }
        var events: [CalendarEvent] = []
        for item in root.firstChild(EWSNamespace.types, "Items")?.children(EWSNamespace.types, "CalendarItem") ?? [] {
            events.append(try CalendarEvent(element: item))
        }
        // Servers return views in start order; sort anyway so callers can rely on it.
        events.sort { ($0.start, $0.end) < ($1.start, $1.end) }
        return CalendarView(events: events,
                            totalInWindow: root.attribute("TotalItemsInView").flatMap(Int.init) ?? events.count,
                            includesLast: root.attribute("IncludesLastItemInRange").map(CalendarEvent.boolean) ?? true)
    }

    /// The service account's effective rights on the user's calendar (GetFolder). Proves the access method
    /// reaches the mailbox: impersonation failures are faults, delegate failures are access errors.
    public func calendarRights(_ access: MailboxAccess, timeout: Duration) async throws(EWSError) -> FolderRights {
        let request = SOAPRequest(operation: "GetFolder", access: access) { body in
            body.element("m:GetFolder") { getFolder in
                getFolder.element("m:FolderShape") { shape in
                    shape.element("t:BaseShape", text: "IdOnly")
                    shape.additionalProperties(["folder:DisplayName", "folder:EffectiveRights"])
                }
                getFolder.element("m:FolderIds") { $0.distinguishedFolder("calendar", access: access) }
            }
        }
        let message = try await call(request, access: access, timeout: timeout, idempotent: true).onlyMessage()
        guard let folder = message.child("Folders")?.children.first else { throw .malformedResponse("GetFolder answer without a folder") }
        guard let rights = folder.firstChild(EWSNamespace.types, "EffectiveRights") else {
            throw .malformedResponse("GetFolder answer without EffectiveRights")
        }
        func flag(_ local: String) -> Bool { rights.firstChild(EWSNamespace.types, local).map { CalendarEvent.boolean($0.text) } ?? false }
        return FolderRights(read: flag("Read"), createContents: flag("CreateContents"), modify: flag("Modify"), delete: flag("Delete"))
    }

    /// Creates an event and returns its id. Invitations go out only when it has attendees. Never retried:
    /// a create that timed out may still have happened.
    public func createEvent(_ access: MailboxAccess, _ event: NewEvent, timeout: Duration) async throws(EWSError) -> ItemID {
        let request = SOAPRequest(operation: "CreateItem", access: access) { body in
            body.element("m:CreateItem", ["SendMeetingInvitations": event.attendees.isEmpty ? "SendToNone" : "SendToAllAndSaveCopy"]) { create in
                create.element("m:SavedItemFolderId") { $0.distinguishedFolder("calendar", access: access) }
                create.element("m:Items") { items in
                    items.element("t:CalendarItem") { item in
                        // Schema order: ItemType fields, then CalendarItemType fields.
                        item.element("t:Subject", text: event.subject)
                        if let text = event.body { item.element("t:Body", ["BodyType": "Text"], text: text) }
                        item.element("t:Start", text: EWSDateTime.format(event.start))
                        item.element("t:End", text: EWSDateTime.format(event.end))
                        item.element("t:IsAllDayEvent", text: event.isAllDay ? "true" : "false")
                        item.element("t:LegacyFreeBusyStatus", text: "Busy")
                        if let location = event.location { item.element("t:Location", text: location) }
                        if !event.attendees.isEmpty {
                            item.element("t:RequiredAttendees") { attendees in
                                for address in event.attendees {
                                    attendees.element("t:Attendee") { attendee in
                                        attendee.element("t:Mailbox") { $0.element("t:EmailAddress", text: address) }
                                    }
                                }
                            }
                        }
                        if let zone = event.timeZoneID {
                            item.element("t:StartTimeZone", ["Id": zone])
                            item.element("t:EndTimeZone", ["Id": zone])
                        }
                    }
                }
            }
        }
        return try Self.createdItemID(from: try await call(request, access: access, timeout: timeout, idempotent: false))
    }

    static func createdItemID(from response: SOAPResponse) throws(EWSError) -> ItemID {
        let message = try response.onlyMessage()
        guard let id = ItemID(element: message.child("Items")?.children.first?.firstChild(EWSNamespace.types, "ItemId")) else {
            throw .malformedResponse("CreateItem answer without an ItemId")
        }
        return id
    }

    /// Moves an event (or one occurrence) to a new start and end; returns its new id and change key.
    public func moveEvent(_ access: MailboxAccess, _ id: ItemID, start: Date, end: Date, notifyAttendees: Bool,
                          timeout: Duration) async throws(EWSError) -> ItemID {
        let request = SOAPRequest(operation: "UpdateItem", access: access) { body in
            body.element("m:UpdateItem", [
                "ConflictResolution": "AlwaysOverwrite", "MessageDisposition": "SaveOnly",
                "SendMeetingInvitationsOrCancellations": notifyAttendees ? "SendToAllAndSaveCopy" : "SendToNone",
            ]) { update in
                update.element("m:ItemChanges") { changes in
                    changes.element("t:ItemChange") { change in
                        change.element("t:ItemId", ["Id": id.id, "ChangeKey": id.changeKey])
                        change.element("t:Updates") { updates in
                            for (uri, element, value) in [("calendar:Start", "t:Start", start), ("calendar:End", "t:End", end)] {
                                updates.element("t:SetItemField") { field in
                                    field.element("t:FieldURI", ["FieldURI": uri])
                                    field.element("t:CalendarItem") { $0.element(element, text: EWSDateTime.format(value)) }
                                }
                            }
                        }
                    }
                }
            }
        }
        let message = try await call(request, access: access, timeout: timeout, idempotent: false).onlyMessage()
        return ItemID(element: message.child("Items")?.children.first?.firstChild(EWSNamespace.types, "ItemId")) ?? id
    }

    /// Cancels (deletes) an event; attendees get a cancellation when `notifyAttendees`.
    public func cancelEvent(_ access: MailboxAccess, _ id: ItemID, notifyAttendees: Bool, timeout: Duration) async throws(EWSError) {
        let request = SOAPRequest(operation: "DeleteItem", access: access) { body in
            body.element("m:DeleteItem", [
                "DeleteType": "MoveToDeletedItems",
                "SendMeetingCancellations": notifyAttendees ? "SendToAllAndSaveCopy" : "SendToNone",
            ]) { delete in
                delete.element("m:ItemIds") { $0.element("t:ItemId", ["Id": id.id, "ChangeKey": id.changeKey]) }
            }
        }
        _ = try await call(request, access: access, timeout: timeout, idempotent: false).onlyMessage()
    }
}
