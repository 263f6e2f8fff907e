// FolderHierarchyOperations: CreateFolder and DeleteFolder for a mailbox's own folders.
import XMLSupport

/// `CreateFolder`: one message per folder, under any folder of a mailbox the caller owns or has
/// FullAccess to (others: ErrorAccessDenied). A calendar folder (t:CalendarFolder, or FolderClass
/// IPF.Appointment) holds calendar items like the Calendar does. A name already used under the same
/// parent is ErrorFolderExists; search folders and permissions are not implemented (errors naming them).
enum CreateFolderOperation {
    static let elementClasses = [
        "Folder": "IPF.Note", "CalendarFolder": "IPF.Appointment", "ContactsFolder": "IPF.Contact", "TasksFolder": "IPF.Task",
    ]

    /// How deep created folders may nest (Exchange limits a hierarchy to 300 levels).
    static let maximumDepth = 300

    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        let t = EWSNamespace.types
        guard let parentElement = request.firstChild(m, "ParentFolderId")?.children.first else {
            throw SOAPFault.schemaValidation("The element 'ParentFolderId' with a folder id is required.", line: request.line)
        }
        guard let folders = request.firstChild(m, "Folders"), !folders.children.isEmpty else {
            throw SOAPFault.schemaValidation("The element 'Folders' is required and must not be empty.", line: request.line)
        }
        let parent: FolderTarget
        switch try FolderAccess.resolve(parentElement, context: context, state: state) {
        case let .failure(error): return folders.children.map { _ in .error(error) }
        case let .success(resolved): parent = resolved
        }
        var messages: [ResponseMessage] = []
        for element in folders.children {
            guard element.namespaceURI == t, let defaultClass = elementClasses[element.localName] else {
                if element.localName == "SearchFolder" {
                    messages.append(.error(EWSItemError(
                        code: "ErrorInvalidFolderTypeForOperation", text: "fake-exchange does not create search folders.")))
                    continue
                }
                throw SOAPFault.schemaValidation("The element '\(element.localName)' is not expected in 'Folders'.", line: element.line)
            }
            var displayName: String?
            var folderClass: String?
            for child in element.children {
                switch child.localName {
                case "DisplayName": displayName = child.text
                case "FolderClass": folderClass = child.trimmedText
                default:
                    throw SOAPFault.invalidRequest("fake-exchange does not implement setting '\(child.localName)' in CreateFolder")
                }
            }
            guard FolderAccess.managesHierarchy(context.actingAs, of: parent.owner) else {
                messages.append(.error(.accessDenied))
                continue
            }
            guard state.ancestors(of: parent, limit: maximumDepth).count < maximumDepth else {
                messages.append(.error(EWSItemError(
                    code: "ErrorFolderSavePropertyError", text: "The folder hierarchy would be deeper than \(maximumDepth) levels.")))
                continue
            }
            guard let name = displayName, !name.trimmingCharacters(in: .whitespaces).isEmpty else {
                messages.append(.error(EWSItemError(code: "ErrorObjectValidationFailed", text: "A folder needs a DisplayName.")))
                continue
            }
            let siblings = state.childFolders(of: parent).compactMap { state.folderInfo($0)?.displayName.lowercased() }
            guard !siblings.contains(name.lowercased()) else {
                messages.append(.error(EWSItemError(code: "ErrorFolderExists", text: "A folder with the specified name already exists.")))
                continue
            }
            let number = state.allocateNumber()
            let created = CreatedFolder(
                number: number, parent: parent.folder, displayName: name, folderClass: folderClass ?? defaultClass, created: context.now)
            state.createdFolders[parent.owner.key, default: []].append(created)
            state.folderChanged(parent, at: context.now)
            let target = FolderTarget(owner: parent.owner, folder: .created(number))
            let info = state.folderInfo(target)
            messages.append(.success { payload in
                payload.element("m:Folders") { list in
                    list.element(info?.elementName ?? "t:Folder") {
                        $0.element("t:FolderId", ["Id": target.reference.encoded, "ChangeKey": target.reference.changeKey])
                    }
                }
            })
        }
        return messages
    }
}

/// `DeleteFolder`: `MoveToDeletedItems` moves a created folder, with its content, under Deleted
/// Items; `HardDelete`, `SoftDelete` (the fake keeps no recoverable items) and a deletion within
/// Deleted Items remove it with its subfolders and their items. Distinguished folders are
/// ErrorDeleteDistinguishedFolder; the caller must own the mailbox or have FullAccess.
enum DeleteFolderOperation {
    static let deleteTypes: Set<String> = ["HardDelete", "SoftDelete", "MoveToDeletedItems"]

    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        guard let deleteType = request.attribute("DeleteType"), deleteTypes.contains(deleteType) else {
            throw SOAPFault.schemaValidation("The 'DeleteType' attribute is missing or invalid.", line: request.line)
        }
        guard let ids = request.firstChild(m, "FolderIds"), !ids.children.isEmpty else {
            throw SOAPFault.schemaValidation("The element 'FolderIds' is required and must not be empty.", line: request.line)
        }
        var messages: [ResponseMessage] = []
        for id in ids.children {
            let target: FolderTarget
            switch try FolderAccess.resolve(id, context: context, state: state) {
            case let .failure(error):
                messages.append(.error(error))
                continue
            case let .success(resolved):
                target = resolved
            }
            guard case .created = target.folder, let info = state.folderInfo(target) else {
                messages.append(.error(EWSItemError(code: "ErrorDeleteDistinguishedFolder", text: "Distinguished folders cannot be deleted.")))
                continue
            }
            guard FolderAccess.managesHierarchy(context.actingAs, of: target.owner) else {
                messages.append(.error(.accessDenied))
                continue
            }
            let isInDeletedItems = state.ancestors(of: target, limit: CreateFolderOperation.maximumDepth).contains(.distinguished(.deleteditems))
            if deleteType == "MoveToDeletedItems", !isInDeletedItems {
                // Moved with its content under Deleted Items; its id stays.
                let deleted = FolderKey.distinguished(.deleteditems)
                if let index = state.createdFolders[target.owner.key]?.firstIndex(where: { .created($0.number) == target.folder }) {
                    state.createdFolders[target.owner.key]![index].parent = deleted
                }
                state.folderChanged(FolderTarget(owner: target.owner, folder: deleted), at: context.now)
                if let parent = info.parent { state.folderChanged(FolderTarget(owner: target.owner, folder: parent), at: context.now) }
                messages.append(.success())
                continue
            }
            let removed = Set([target.folder] + FindFolderOperation.descendants(of: target, deep: true, state: state).map(\.folder))
            state.createdFolders[target.owner.key]?.removeAll { removed.contains(.created($0.number)) }
            state.calendars[target.owner.key]?.removeAll { removed.contains($0.folder) }
            for key in removed { state.folderChanges[FolderReference(mailbox: target.owner.key, folder: key).encoded] = nil }
            if let parent = info.parent { state.folderChanged(FolderTarget(owner: target.owner, folder: parent), at: context.now) }
            messages.append(.success())
        }
        return messages
    }
}
