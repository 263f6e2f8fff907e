// DeleteItemOperation: DeleteItem of singles, whole series and single occurrences, with cancellations.
import XMLSupport

/// `DeleteItem`, one message per id. Needs `DeleteType`; calendar items also need
/// `SendMeetingCancellations` (else ErrorSendMeetingCancellationsRequired). Deleting an occurrence
/// removes just that instance; deleting a master removes the series. `MoveToDeletedItems` moves the
/// item to Deleted Items with a new id; `HardDelete`, `SoftDelete` (the fake keeps no recoverable
/// items) and a deletion from Deleted Items remove it. Editor rights are required.
/// Cancellations of meetings the owner organises are recorded as sent unless `SendToNone`.
enum DeleteItemOperation {
    static let deleteTypes: Set<String> = ["HardDelete", "SoftDelete", "MoveToDeletedItems"]

    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        guard let deleteType = request.attribute("DeleteType") else {
            throw SOAPFault.schemaValidation("The required attribute 'DeleteType' is missing.", line: request.line)
        }
        guard deleteTypes.contains(deleteType) else {
            throw SOAPFault.schemaValidation("The 'DeleteType' attribute value '\(deleteType)' is invalid.", line: request.line)
        }
        let cancellations = request.attribute("SendMeetingCancellations")
        if let cancellations, !CreateItemOperation.invitationValues.contains(cancellations) {
            throw SOAPFault.schemaValidation("The 'SendMeetingCancellations' value '\(cancellations)' is invalid.", line: request.line)
        }
        guard let ids = request.firstChild(m, "ItemIds"), !ids.children.isEmpty else {
            throw SOAPFault.schemaValidation("The element 'ItemIds' is required and must not be empty.", line: request.line)
        }
        var messages: [ResponseMessage] = []
        for id in ids.children {
            switch try ItemResolver.resolve(id, state: state) {
            case let .failure(error):
                messages.append(.error(error))
            case let .success(item):
                guard let cancellations else {
                    messages.append(.error(.sendMeetingCancellationsRequired))
                    continue
                }
                if let error = FolderAccess.checkItem(.delete, identity: context.actingAs, owner: item.owner, folder: item.event.folder) {
                    messages.append(.error(error))
                    continue
                }
                let instance = item.instance
                if item.event.isMeeting, instance.ownerIsOrganizer, MeetingNotices.sends(cancellations) {
                    if let error = MeetingNotices.checkSendAs(identity: context.actingAs, sender: item.owner) {
                        messages.append(.error(error))
                        continue
                    }
                    var notice = item.event
                    notice.subject = instance.subject
                    MeetingNotices.record(.cancellation, event: notice, from: item.owner, by: context.actingAs, at: context.now, state: &state)
                }
                if let occurrence = item.occurrence {
                    var event = item.event
                    event.deletedOccurrences.insert(occurrence.originalStart)
                    event.exceptions[occurrence.originalStart] = nil
                    event.changeCount += 1
                    event.lastModified = event.nextModificationTime(context.now)
                    state.calendars[item.owner.key]![item.index] = event
                } else if deleteType == "MoveToDeletedItems", item.event.folder != .distinguished(.deleteditems) {
                    // Moved, as Exchange does: out of its calendar into Deleted Items, under a new ItemId
                    // (Exchange's ids name the folder's copy, so the old id is ErrorItemNotFound from now on).
                    var event = item.event
                    event.folder = .distinguished(.deleteditems)
                    event.number = state.allocateNumber()
                    event.changeCount += 1
                    event.lastModified = event.nextModificationTime(context.now)
                    state.calendars[item.owner.key]![item.index] = event
                    state.folderChanged(FolderTarget(owner: item.owner, folder: event.folder), at: context.now)
                } else {
                    // HardDelete, SoftDelete (the fake keeps no recoverable items), or a move out of Deleted Items.
                    state.calendars[item.owner.key]!.remove(at: item.index)
                }
                state.folderChanged(FolderTarget(owner: item.owner, folder: item.event.folder), at: context.now)
                messages.append(.success())
            }
        }
        return messages
    }
}
