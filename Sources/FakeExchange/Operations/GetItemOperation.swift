// GetItemOperation: GetItem for calendar items, masters and occurrences; one message per id, in order.
import XMLSupport

/// `GetItem`: one message per id in request order; missing items are ErrorItemNotFound,
/// unreadable ones ErrorAccessDenied, foreign ids ErrorInvalidIdMalformed. Bodies, attendees and
/// recurrence details are available here (unlike FindItem).
enum GetItemOperation {
    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        let shape = try ItemShape.parse(request.firstChild(m, "ItemShape"), parentLine: request.line)
        guard let ids = request.firstChild(m, "ItemIds"), !ids.children.isEmpty else {
            throw SOAPFault.schemaValidation("The element 'ItemIds' is required and must not be empty.", line: request.line)
        }
        let fields = shape.fields(forFindItem: false, version: context.version)
        let writer = CalendarItemWriter(directory: state.directory, viewer: context.actingAs, bodyType: shape.bodyType)
        var messages: [ResponseMessage] = []
        let emptyItems: (inout XMLWriter) -> Void = { $0.element("m:Items") }
        for id in ids.children {
            switch try ItemResolver.resolve(id, state: state) {
            case let .failure(error):
                messages.append(.error(error, payload: emptyItems))
            case let .success(item):
                if let error = FolderAccess.checkItem(.read, identity: context.actingAs, owner: item.owner, folder: item.event.folder) {
                    messages.append(.error(error, payload: emptyItems))
                    continue
                }
                let instance = item.instance
                messages.append(.success { payload in
                    payload.element("m:Items") { writer.write(instance, fields: fields, extended: shape.extended, into: &$0) }
                })
            }
        }
        return messages
    }
}
