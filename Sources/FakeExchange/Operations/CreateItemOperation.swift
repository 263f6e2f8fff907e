// CreateItemOperation: CreateItem of calendar items (with invitations) and messages (sent and recorded).
import Foundation
import XMLSupport

/// `CreateItem`, one message per item:
/// - `t:CalendarItem` needs `SendMeetingInvitations` (else ErrorSendMeetingInvitationsRequired), create
///   rights on the target calendar, and Send As when a delegate sends invitations. Answers the ItemId.
/// - `t:Message` needs `MessageDisposition`; `SendOnly`/`SendAndSaveCopy` record the mail as sent
///   (subject, body, recipients) and answer an empty `m:Items` (no id, as Exchange does); the sender
///   needs Send As when it is not the acting identity. The fake keeps no drafts: `SaveOnly` is an
///   error saying so, and a message property it does not keep is a fault naming it.
enum CreateItemOperation {
    static let invitationValues: Set<String> = ["SendToNone", "SendOnlyToAll", "SendToAllAndSaveCopy"]
    static let dispositionValues: Set<String> = ["SaveOnly", "SendOnly", "SendAndSaveCopy"]
    /// The message properties the fake sends with (Importance only as Normal).
    static let messageChildren: Set<String> = [
        "Subject", "Body", "Importance", "ToRecipients", "CcRecipients", "BccRecipients", "From",
    ]

    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        let t = EWSNamespace.types
        let invitations = request.attribute("SendMeetingInvitations")
        let disposition = request.attribute("MessageDisposition")
        if let invitations, !invitationValues.contains(invitations) {
            throw SOAPFault.schemaValidation("The 'SendMeetingInvitations' attribute value '\(invitations)' is invalid.", line: request.line)
        }
        if let disposition, !dispositionValues.contains(disposition) {
            throw SOAPFault.schemaValidation("The 'MessageDisposition' attribute value '\(disposition)' is invalid.", line: request.line)
        }
        guard let items = request.firstChild(m, "Items") else {
            throw SOAPFault.schemaValidation("The element 'Items' is required.", line: request.line)
        }
        var folder: Result<FolderTarget, EWSItemError>?
        if let saved = request.firstChild(m, "SavedItemFolderId") {
            guard let id = saved.children.first else {
                throw SOAPFault.schemaValidation("The element 'SavedItemFolderId' is empty.", line: saved.line)
            }
            folder = try FolderAccess.resolve(id, context: context, state: state)
        }
        var messages: [ResponseMessage] = []
        for item in items.children {
            guard item.namespaceURI == t else {
                throw SOAPFault.schemaValidation("The element '\(item.localName)' is not expected.", line: item.line)
            }
            switch item.localName {
            case "CalendarItem":
                let input = try CalendarItemInput.parse(item, context: context, directory: state.directory)
                try input.checkEndTimeZone(is: input.startTimeZone ?? context.timeZoneContext)
                messages.append(createCalendarItem(input, invitations: invitations, folder: folder, context, &state))
            case "Message":
                messages.append(try createMessage(item, disposition: disposition, folder: folder, context, &state))
            default:
                messages.append(.error(EWSItemError(
                    code: "ErrorInvalidItemForOperationCreateItem",
                    text: "The CreateItem request includes an item type the fake does not support (\(item.localName)).")))
            }
        }
        return messages
    }

    private static func createCalendarItem(
        _ input: CalendarItemInput, invitations: String?, folder: Result<FolderTarget, EWSItemError>?,
        _ context: RequestContext, _ state: inout ExchangeState
    ) -> ResponseMessage {
        guard let invitations else { return .error(.sendMeetingInvitationsRequired) }
        let target: FolderTarget
        switch folder {
        case let .failure(error)?: return .error(error)
        case let .success(resolved)?: target = resolved
        case nil:
            guard context.actingAs.hasMailbox else { return .error(.missingEmailAddress) }
            target = FolderTarget(owner: context.actingAs, folder: .calendar)
        }
        if let error = FolderAccess.check(.create, identity: context.actingAs, target: target) { return .error(error) }
        guard state.folderInfo(target)?.isCalendar == true else {
            return .error(EWSItemError(
                code: "ErrorCannotCreateCalendarItemInNonCalendarFolder",
                text: "Calendar items can only be created in a calendar folder."))
        }
        if let error = MAPIProperties.checkSettable(input.extended.map(\.uri)) { return .error(error) }
        // A MimeContent iCalendar gives the item's fields; properties set beside it win, as on Exchange.
        var mime: ICalendarEventData?
        if let text = input.mimeContent {
            do {
                mime = try ICalendarReader.parse(text)
            } catch {
                return .error(EWSItemError(code: "ErrorMimeContentConversionFailed", text: "The MimeContent could not be converted: \(error.message)."))
            }
        }
        if let mime, mime.recurrence != nil, input.recurrence != nil || input.start != nil || input.end != nil || input.startTimeZone != nil {
            // The iCalendar's exceptions and deleted occurrences belong to its own rule and times.
            return .error(EWSItemError(
                code: "ErrorInvalidPropertySet",
                text: "A series is given either in MimeContent or as Start, End and Recurrence, not both."))
        }
        let zone = input.startTimeZone ?? mime?.timeZone ?? context.timeZoneContext ?? TimeZone(secondsFromGMT: 0)!
        var start = input.start ?? mime?.start ?? context.now
        var end = input.end ?? mime?.end ?? start.addingTimeInterval(30 * 60)
        let isAllDay = input.isAllDay ?? mime?.isAllDay ?? false
        if isAllDay, mime == nil || input.start != nil || input.end != nil {
            // All-day items are pinned to local midnights of the creation zone.
            let calendar = EWSDateTime.gregorian(in: zone)
            start = calendar.startOfDay(for: start)
            let endDay = calendar.startOfDay(for: end)
            end = endDay > start ? (endDay == end ? end : calendar.date(byAdding: .day, value: 1, to: endDay)!) : calendar.date(byAdding: .day, value: 1, to: start)!
        }
        if end < start { return .error(.calendarEndBeforeStart) }
        if end.timeIntervalSince(start) > 5 * 366 * 86_400 { return .error(.calendarDurationTooLong) }
        var recurrence = mime?.recurrence
        switch input.recurrence {
        case let .failure(error)?: return .error(error)
        case let .success(pattern)?:
            if let error = RecurrenceXML.checkStartDate(input.recurrenceStartDate, start: start, zone: zone) { return .error(error) }
            recurrence = pattern
        case nil: break
        }
        let owner = target.owner
        let number = state.allocateNumber()
        let organizer = mime?.organizer.map { found in
            Attendee(address: state.directory.proxy(found.address)?.smtp ?? found.address,
                     name: found.name ?? state.directory.proxy(found.address)?.displayName, response: "Organizer")
        }
        var event = CalendarEvent(
            number: number, uid: mime?.uid ?? FixtureParser.uid(owner: owner.key, number: number),
            subject: input.subject ?? mime?.subject ?? "", body: input.body ?? mime?.body ?? "", start: start, end: end,
            isAllDay: isAllDay, location: input.location ?? mime?.location ?? "",
            sensitivity: input.sensitivity ?? mime?.sensitivity ?? "Normal", freeBusy: input.freeBusy ?? mime?.freeBusy ?? "Busy",
            isCancelled: false, categories: input.categories ?? mime?.categories ?? [],
            reminderIsSet: input.reminderIsSet ?? mime.map { $0.reminderMinutes != nil } ?? true,
            reminderMinutes: input.reminderMinutes ?? mime?.reminderMinutes ?? 15,
            organizer: organizer ?? Attendee(address: owner.smtp, name: owner.displayName, response: "Organizer"),
            requiredAttendees: input.requiredAttendees ?? mime?.requiredAttendees ?? [],
            optionalAttendees: input.optionalAttendees ?? mime?.optionalAttendees ?? [],
            resources: input.resources ?? mime?.resources ?? [], timeZone: zone, recurrence: recurrence,
            deletedOccurrences: recurrence == nil ? [] : mime?.deletedOccurrences ?? [],
            exceptions: recurrence == nil ? [:] : mime?.exceptions ?? [:],
            changeCount: 1, created: context.now, lastModified: context.now, meetingRequestWasSent: false)
        event.folder = target.folder
        for (uri, value) in input.extended { event.extendedProperties[uri] = value }
        // Invitations go out for the owner's own meetings; a copy of someone else's meeting sends nothing.
        if event.isMeeting, event.organizer.address.lowercased() == owner.key, MeetingNotices.sends(invitations) {
            if let error = MeetingNotices.checkSendAs(identity: context.actingAs, sender: owner) { return .error(error) }
            event.meetingRequestWasSent = true
            MeetingNotices.record(.invitation, event: event, from: owner, by: context.actingAs, at: context.now, state: &state)
        }
        state.calendars[owner.key, default: []].append(event)
        state.folderChanged(target, at: context.now)
        let reference = ItemReference(kind: .calendarItem, mailbox: owner.key, number: number)
        return .success { payload in
            payload.element("m:Items") { items in
                items.element("t:CalendarItem") {
                    $0.element("t:ItemId", ["Id": reference.encoded, "ChangeKey": ItemReference.changeKey(event.changeCount)])
                }
            }
        }
    }

    private static func createMessage(
        _ item: XMLElementView, disposition: String?, folder: Result<FolderTarget, EWSItemError>?,
        _ context: RequestContext, _ state: inout ExchangeState
    ) throws(SOAPFault) -> ResponseMessage {
        let t = EWSNamespace.types
        guard let disposition else { return .error(.messageDispositionRequired) }
        func addresses(_ name: String) -> [String] {
            item.firstChild(t, name)?.children(t, "Mailbox").compactMap {
                $0.firstChild(t, "EmailAddress")?.trimmedText
            }.filter { !$0.isEmpty } ?? []
        }
        for child in item.children where !messageChildren.contains(child.localName) {
            throw SOAPFault.invalidRequest("fake-exchange does not implement setting '\(child.localName)' on a message")
        }
        if let importance = item.firstChild(t, "Importance"), importance.trimmedText != "Normal" {
            throw SOAPFault.invalidRequest("fake-exchange sends messages with Importance Normal only")
        }
        let subject = item.firstChild(t, "Subject")?.text ?? ""
        let body = item.firstChild(t, "Body")?.text ?? ""
        var folderOwner: Mailbox?
        switch folder {
        case let .failure(error)?: return .error(error)
        case let .success(target)?: folderOwner = target.owner
        case nil: folderOwner = nil
        }
        let fromAddress = item.firstChild(t, "From")?.firstChild(t, "Mailbox")?.firstChild(t, "EmailAddress")?.trimmedText
        let sender: Mailbox
        if let fromAddress, !fromAddress.isEmpty {
            guard let known = state.directory.proxy(fromAddress) else { return .error(.sendAsDenied) }
            sender = known
        } else if let folderOwner {
            sender = folderOwner
        } else {
            guard context.actingAs.hasMailbox else { return .error(.missingEmailAddress) }
            sender = context.actingAs
        }
        guard disposition != "SaveOnly" else {
            return .error(EWSItemError(
                code: "ErrorInvalidOperation", text: "fake-exchange keeps no draft messages: send them with SendOnly or SendAndSaveCopy."))
        }
        if let error = MeetingNotices.checkSendAs(identity: context.actingAs, sender: sender) { return .error(error) }
        let recipients = addresses("ToRecipients") + addresses("CcRecipients") + addresses("BccRecipients")
        guard !recipients.isEmpty else { return .error(.invalidRecipients) }
        state.sent.append(
            SentMail(from: sender.smtp, to: recipients, subject: subject, body: body, kind: .mail, when: context.now, sentBy: context.actingAs.smtp))
        return .success { $0.element("m:Items") }
    }
}
