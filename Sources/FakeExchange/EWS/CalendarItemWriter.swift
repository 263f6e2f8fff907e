// CalendarItemWriter: writes one t:CalendarItem with the requested fields, in schema order, times in UTC Z.
import Foundation
import XMLSupport

/// Writes `t:CalendarItem` elements. Times are UTC `Z`; a property the item does not have
/// (RecurrenceId on a Single, Recurrence on an Occurrence, an empty attendee list) is omitted.
struct CalendarItemWriter {
    var directory: MailboxDirectory
    /// The identity the answer is for (EffectiveRights are computed for it).
    var viewer: Mailbox
    var bodyType: String = "Best"

    /// Writes the item with `fields` (in schema order) and the MAPI properties `extended` it has,
    /// which the schema places after HasAttachments.
    func write(_ item: CalendarItemInstance, fields: [CalendarField], extended: [ExtendedFieldURI] = [], into writer: inout XMLWriter) {
        writer.element("t:CalendarItem") { element in
            var extendedWritten = extended.isEmpty
            for field in fields {
                if !extendedWritten, field.comesAfterExtendedProperties {
                    writeExtended(extended, of: item, into: &element)
                    extendedWritten = true
                }
                write(field, of: item, into: &element)
            }
            if !extendedWritten { writeExtended(extended, of: item, into: &element) }
        }
    }

    private func writeExtended(_ uris: [ExtendedFieldURI], of item: CalendarItemInstance, into w: inout XMLWriter) {
        for uri in uris {
            if let value = MAPIProperties.value(uri, of: item) { uri.write(value, into: &w) }
        }
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    private func write(_ field: CalendarField, of item: CalendarItemInstance, into w: inout XMLWriter) {
        let event = item.event
        let isMaster = item.type == .master
        switch field {
        case .mimeContent:
            let text = ICalendarWriter.render(item, directory: directory)
            w.element("t:MimeContent", ["CharacterSet": "UTF-8"], text: Data(text.utf8).base64EncodedString())
        case .itemId:
            w.element("t:ItemId", ["Id": item.reference.encoded, "ChangeKey": ItemReference.changeKey(event.changeCount)])
        case .parentFolderId:
            let folder = FolderReference(mailbox: item.owner.key, folder: event.folder)
            w.element("t:ParentFolderId", ["Id": folder.encoded, "ChangeKey": folder.changeKey])
        case .itemClass:
            w.element("t:ItemClass", text: item.itemClass)
        case .subject:
            w.element("t:Subject", text: item.subject)
        case .sensitivity:
            w.element("t:Sensitivity", text: item.sensitivity)
        case .body:
            writeBody("t:Body", item.body, into: &w)
        case .dateTimeReceived:
            w.element("t:DateTimeReceived", text: EWSDateTime.format(event.created))
        case .size:
            w.element("t:Size", text: String(1024 + item.subject.utf8.count + item.body.utf8.count))
        case .categories:
            guard !event.categories.isEmpty else { return }
            w.element("t:Categories") { list in
                for category in event.categories { list.element("t:String", text: category) }
            }
        case .importance:
            w.element("t:Importance", text: "Normal")
        case .isSubmitted, .isDraft, .isFromMe, .isResend, .isUnmodified:
            w.element("t:\(field.localName)", text: "false")
        case .dateTimeSent:
            w.element("t:DateTimeSent", text: EWSDateTime.format(event.created))
        case .dateTimeCreated:
            w.element("t:DateTimeCreated", text: EWSDateTime.format(event.created))
        case .reminderDueBy:
            w.element("t:ReminderDueBy", text: EWSDateTime.format(item.start))
        case .reminderIsSet:
            w.element("t:ReminderIsSet", text: String(event.reminderIsSet))
        case .reminderMinutesBeforeStart:
            w.element("t:ReminderMinutesBeforeStart", text: String(event.reminderMinutes))
        case .displayCc:
            w.element("t:DisplayCc", text: event.optionalAttendees.map { $0.name ?? $0.address }.joined(separator: "; "))
        case .displayTo:
            w.element("t:DisplayTo", text: event.requiredAttendees.map { $0.name ?? $0.address }.joined(separator: "; "))
        case .hasAttachments:
            w.element("t:HasAttachments", text: "false")
        case .culture:
            w.element("t:Culture", text: "en-US")
        case .effectiveRights:
            let rights = FolderAccess.rights(of: viewer, on: FolderTarget(owner: item.owner, folder: event.folder))
            w.element("t:EffectiveRights") { r in
                r.element("t:CreateAssociated", text: "false")
                r.element("t:CreateContents", text: "false")
                r.element("t:CreateHierarchy", text: "false")
                r.element("t:Delete", text: String(rights.delete))
                r.element("t:Modify", text: String(rights.modify))
                r.element("t:Read", text: String(rights.read))
            }
        case .lastModifiedName:
            w.element("t:LastModifiedName", text: item.owner.displayName)
        case .lastModifiedTime:
            w.element("t:LastModifiedTime", text: EWSDateTime.format(event.lastModified))
        case .isAssociated:
            w.element("t:IsAssociated", text: "false")
        case .webClientReadFormQueryString:
            let id = item.reference.encoded.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? ""
            w.element("t:WebClientReadFormQueryString", text: "https://fake-exchange/owa/?ItemID=\(id)&exvsurl=1&viewmodel=ICalendarItemDetailsViewModelFactory")
        case .conversationId:
            w.element("t:ConversationId", ["Id": Data("FXCV\u{1}\(event.uid)".utf8).base64EncodedString()])
        case .textBody:
            writeBody("t:TextBody", item.body, into: &w, forceText: true)
        case .uid:
            w.element("t:UID", text: event.uid)
        case .recurrenceId:
            guard let occurrence = item.occurrence else { return }
            w.element("t:RecurrenceId", text: EWSDateTime.format(occurrence.originalStart))
        case .dateTimeStamp:
            w.element("t:DateTimeStamp", text: EWSDateTime.format(event.lastModified))
        case .start:
            w.element("t:Start", text: EWSDateTime.format(item.start))
        case .end:
            w.element("t:End", text: EWSDateTime.format(item.end))
        case .originalStart:
            guard let occurrence = item.occurrence else { return }
            w.element("t:OriginalStart", text: EWSDateTime.format(occurrence.originalStart))
        case .isAllDayEvent:
            w.element("t:IsAllDayEvent", text: String(event.isAllDay))
        case .legacyFreeBusyStatus:
            w.element("t:LegacyFreeBusyStatus", text: item.freeBusy)
        case .location:
            guard !item.location.isEmpty else { return }  // Exchange omits an empty Location
            w.element("t:Location", text: item.location)
        case .isMeeting:
            w.element("t:IsMeeting", text: String(event.isMeeting || !item.ownerIsOrganizer))
        case .isCancelled:
            w.element("t:IsCancelled", text: String(event.isCancelled))
        case .isRecurring:
            w.element("t:IsRecurring", text: String(item.isRecurring))
        case .meetingRequestWasSent:
            w.element("t:MeetingRequestWasSent", text: String(event.meetingRequestWasSent))
        case .isResponseRequested:
            w.element("t:IsResponseRequested", text: "true")
        case .calendarItemType:
            w.element("t:CalendarItemType", text: item.type.rawValue)
        case .myResponseType:
            w.element("t:MyResponseType", text: item.myResponseType)
        case .organizer:
            w.element("t:Organizer") { writeMailbox(event.organizer, into: &$0) }
        case .requiredAttendees:
            writeAttendees("t:RequiredAttendees", event.requiredAttendees, into: &w)
        case .optionalAttendees:
            writeAttendees("t:OptionalAttendees", event.optionalAttendees, into: &w)
        case .resources:
            writeAttendees("t:Resources", event.resources, into: &w)
        case .duration:
            w.element("t:Duration", text: EWSDateTime.formatDuration(item.end.timeIntervalSince(item.start)))
        case .timeZone:
            w.element("t:TimeZone", text: WindowsTimeZone.forZone(event.timeZone).displayName)
        case .appointmentSequenceNumber:
            w.element("t:AppointmentSequenceNumber", text: String(max(0, event.changeCount - 1)))
        case .appointmentState:
            var state = event.isMeeting || !item.ownerIsOrganizer ? 1 : 0
            if !item.ownerIsOrganizer { state |= 2 }
            if event.isCancelled { state |= 4 }
            w.element("t:AppointmentState", text: String(state))
        case .recurrence:
            guard isMaster, let pattern = event.recurrence else { return }
            RecurrenceXML.write(pattern, seriesStart: event.start, zone: event.timeZone, into: &w)
        case .firstOccurrence, .lastOccurrence:
            guard isMaster else { return }
            let bounds = RecurrenceExpander.bounds(of: event)
            guard let occurrence = field == .firstOccurrence ? bounds.first : bounds.last else { return }
            w.element("t:\(field.localName)") { writeOccurrenceInfo(occurrence, of: item, into: &$0) }
        case .modifiedOccurrences:
            guard isMaster, !event.exceptions.isEmpty else { return }
            w.element("t:ModifiedOccurrences") { list in
                for originalStart in event.exceptions.keys.sorted() {
                    guard let occurrence = RecurrenceExpander.occurrence(of: event, originalStart: originalStart) else { continue }
                    list.element("t:Occurrence") { writeOccurrenceInfo(occurrence, of: item, into: &$0) }
                }
            }
        case .deletedOccurrences:
            guard isMaster, !event.deletedOccurrences.isEmpty else { return }
            w.element("t:DeletedOccurrences") { list in
                for start in event.deletedOccurrences.sorted() {
                    list.element("t:DeletedOccurrence") { $0.element("t:Start", text: EWSDateTime.format(start)) }
                }
            }
        case .startTimeZone, .endTimeZone:
            let zone = WindowsTimeZone.forZone(event.timeZone)
            w.element("t:\(field.localName)", ["Id": zone.id, "Name": zone.displayName])
        case .isOnlineMeeting:
            w.element("t:IsOnlineMeeting", text: "false")
        case .isOrganizer:
            w.element("t:IsOrganizer", text: String(item.ownerIsOrganizer))
        }
    }

    private func writeOccurrenceInfo(_ occurrence: Occurrence, of item: CalendarItemInstance, into w: inout XMLWriter) {
        let reference = ItemReference(
            kind: .calendarItem, mailbox: item.owner.key, number: item.event.number, originalStart: occurrence.originalStart)
        w.element("t:ItemId", ["Id": reference.encoded, "ChangeKey": ItemReference.changeKey(item.event.changeCount)])
        w.element("t:Start", text: EWSDateTime.format(occurrence.start))
        w.element("t:End", text: EWSDateTime.format(occurrence.end))
        w.element("t:OriginalStart", text: EWSDateTime.format(occurrence.originalStart))
    }

    private func writeBody(_ name: String, _ text: String, into w: inout XMLWriter, forceText: Bool = false) {
        if !forceText, bodyType == "HTML" {
            w.element(name, ["BodyType": "HTML"], text: "<html><body>\(XMLEscaping.text(text))</body></html>")
        } else {
            w.element(name, ["BodyType": "Text"], text: text)
        }
    }

    private func writeAttendees(_ name: String, _ attendees: [Attendee], into w: inout XMLWriter) {
        guard !attendees.isEmpty else { return }
        w.element(name) { list in
            for attendee in attendees {
                list.element("t:Attendee") { element in
                    writeMailbox(attendee, into: &element)
                    element.element("t:ResponseType", text: attendee.response)
                }
            }
        }
    }

    /// `t:Mailbox` for an address: directory entries as `Mailbox`, others as `OneOff`; EX routing on request.
    func writeMailbox(_ attendee: Attendee, into w: inout XMLWriter) {
        let known = directory.proxy(attendee.address)
        w.element("t:Mailbox") { mailbox in
            mailbox.element("t:Name", text: known?.displayName ?? attendee.name ?? attendee.address)
            if attendee.routingTypeEX, let known {
                mailbox.element("t:EmailAddress", text: known.legacyExchangeDN)
                mailbox.element("t:RoutingType", text: "EX")
            } else {
                mailbox.element("t:EmailAddress", text: known?.smtp ?? attendee.address)
                mailbox.element("t:RoutingType", text: "SMTP")
            }
            mailbox.element("t:MailboxType", text: known == nil ? "OneOff" : "Mailbox")
        }
    }
}
