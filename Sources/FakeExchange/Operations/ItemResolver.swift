// ItemResolver: turns ItemId / OccurrenceItemId / RecurringMasterItemId elements into stored items.
import Foundation
import XMLSupport

/// A calendar item found by id: the stored event (by index in its owner's calendar) and, for an
/// occurrence id, the occurrence.
struct ResolvedItem {
    var owner: Mailbox
    var index: Int
    var event: CalendarEvent
    var occurrence: Occurrence?
    /// The ChangeKey the request carried, if any.
    var requestChangeKey: String?

    var instance: CalendarItemInstance { CalendarItemInstance(owner: owner, event: event, occurrence: occurrence) }
}

/// Resolves item id elements. Missing required attributes are schema faults; ids that are not ours
/// are ErrorInvalidIdMalformed; ids of items that do not exist (or were deleted) are ErrorItemNotFound.
enum ItemResolver {
    static func resolve(_ element: XMLElementView, state: ExchangeState) throws(SOAPFault) -> Result<ResolvedItem, EWSItemError> {
        let t = EWSNamespace.types
        func required(_ name: String) throws(SOAPFault) -> String {
            guard let value = element.attribute(name) else {
                throw SOAPFault.schemaValidation("The required attribute '\(name)' is missing.", line: element.line)
            }
            return value
        }
        switch (element.namespaceURI, element.localName) {
        case (t, "ItemId"):
            guard let reference = ItemReference(encoded: try required("Id")) else { return .failure(.invalidIdMalformed) }
            return find(reference, state: state, changeKey: element.attribute("ChangeKey"))
        case (t, "RecurringMasterItemId"):
            guard let reference = ItemReference(encoded: try required("OccurrenceId")) else { return .failure(.invalidIdMalformed) }
            return find(reference.master, state: state, changeKey: element.attribute("ChangeKey"))
        case (t, "OccurrenceItemId"):
            let masterID = try required("RecurringMasterId")
            guard let index = Int(try required("InstanceIndex")) else {
                throw SOAPFault.schemaValidation("The 'InstanceIndex' attribute is not a valid int.", line: element.line)
            }
            guard let reference = ItemReference(encoded: masterID) else { return .failure(.invalidIdMalformed) }
            switch find(reference.master, state: state, changeKey: element.attribute("ChangeKey")) {
            case let .failure(error): return .failure(error)
            case var .success(item):
                guard item.event.recurrence != nil else { return .failure(.invalidOperation) }
                guard let occurrence = RecurrenceExpander.occurrence(of: item.event, index: index) else {
                    return .failure(.calendarOccurrenceIndexOutOfRange)
                }
                item.occurrence = occurrence
                return .success(item)
            }
        default:
            throw SOAPFault.schemaValidation("The element '\(element.localName)' is not expected.", line: element.line)
        }
    }

    static func find(_ reference: ItemReference, state: ExchangeState, changeKey: String?) -> Result<ResolvedItem, EWSItemError> {
        guard reference.kind == .calendarItem, let owner = state.directory.primary(reference.mailbox),
            let (index, event) = state.event(mailbox: owner.key, number: reference.number)
        else { return .failure(.itemNotFound) }
        var item = ResolvedItem(owner: owner, index: index, event: event, occurrence: nil, requestChangeKey: changeKey)
        if let originalStart = reference.originalStart {
            guard let occurrence = RecurrenceExpander.occurrence(of: event, originalStart: originalStart) else {
                return .failure(.itemNotFound)
            }
            item.occurrence = occurrence
        }
        return .success(item)
    }
}
