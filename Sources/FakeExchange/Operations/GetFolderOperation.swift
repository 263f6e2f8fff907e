// GetFolderOperation: GetFolder on distinguished folders and FolderIds, with EffectiveRights and delegate checks.
import XMLSupport

/// `GetFolder`: one message per folder id, in order. `t:CalendarFolder` for the calendar, `t:Folder`
/// for root, msgfolderroot, inbox, sentitems and the other mail folders. A delegate with calendar-only
/// rights gets ErrorAccessDenied for root (as Exchange answers it) and the calendar itself.
enum GetFolderOperation {
    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        let shape = try FolderShape.parse(request.firstChild(m, "FolderShape"), parentLine: request.line)
        guard let ids = request.firstChild(m, "FolderIds"), !ids.children.isEmpty else {
            throw SOAPFault.schemaValidation("The element 'FolderIds' is required and must not be empty.", line: request.line)
        }
        var messages: [ResponseMessage] = []
        for id in ids.children {
            let emptyFolders: (inout XMLWriter) -> Void = { $0.element("m:Folders") }
            switch try FolderAccess.resolve(id, context: context, state: state) {
            case let .failure(error):
                messages.append(.error(error, payload: emptyFolders))
            case let .success(target):
                if let error = FolderAccess.check(.see, identity: context.actingAs, target: target) {
                    messages.append(.error(error, payload: emptyFolders))
                    continue
                }
                let rights = FolderAccess.rights(of: context.actingAs, on: target)
                if target.folder != .calendar, !rights.read {
                    messages.append(.error(.accessDenied, payload: emptyFolders))
                    continue
                }
                let writer = FolderWriter(state: state, viewer: context.actingAs, shape: shape)
                messages.append(.success { payload in
                    payload.element("m:Folders") { writer.write(target, into: &$0) }
                })
            }
        }
        return messages
    }
}
