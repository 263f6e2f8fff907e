// FindFolderOperation: FindFolder under a mailbox's folders (Shallow or Deep), with Restriction and paging.
import XMLSupport

/// `FindFolder`, one message per parent folder: the folders under it (Shallow: its children; Deep:
/// every descendant), filtered by `m:Restriction` over the folder properties `FolderPropertyLookup`
/// serves, paged by `IndexedPageFolderView`. The caller needs read access to the parent, as for
/// GetFolder. FractionalPageFolderView is a fault naming it.
enum FindFolderOperation {
    static let understood: Set<String> = ["FolderShape", "IndexedPageFolderView", "Restriction", "ParentFolderIds"]

    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        let traversal = try SchemaCheck.requiredAttribute("Traversal", of: request, in: ["Shallow", "Deep", "SoftDeleted"])
        try SchemaCheck.require(request, namespace: m, understood: understood, in: "FindFolder")
        let shape = try FolderShape.parse(request.firstChild(m, "FolderShape"), parentLine: request.line)
        let restriction = try request.firstChild(m, "Restriction").map { (element) throws(SOAPFault) in try Restriction.parse(restriction: element) }
        let paging = try IndexedPaging.parse(request.firstChild(m, "IndexedPageFolderView"))
        guard let parents = request.firstChild(m, "ParentFolderIds"), !parents.children.isEmpty else {
            throw SOAPFault.schemaValidation("The element 'ParentFolderIds' is required and must not be empty.", line: request.line)
        }
        var messages: [ResponseMessage] = []
        for parent in parents.children {
            let target: FolderTarget
            switch try FolderAccess.resolve(parent, for: .read, context: context, state: state) {
            case let .failure(error):
                messages.append(.error(error))
                continue
            case let .success(resolved):
                target = resolved
            }
            // Soft-deleted folders: the fake keeps none.
            var found = traversal == "SoftDeleted" ? [] : descendants(of: target, deep: traversal == "Deep", state: state)
                .filter { FolderAccess.rights(of: context.actingAs, on: $0).visible }
            do throws(RestrictionError) {
                if let restriction {
                    try restriction.validate(supports: FolderPropertyLookup.supports)
                    found = try restriction.filter(found) { FolderPropertyLookup.lookup($0, state: state) }
                }
            } catch {
                messages.append(.error(error.itemError))
                continue
            }
            let page = paging.page(of: found)
            let writer = FolderWriter(state: state, viewer: context.actingAs, shape: shape)
            messages.append(.success { payload in
                payload.element("m:RootFolder", [
                    "IndexedPagingOffset": String(page.nextOffset), "TotalItemsInView": String(found.count),
                    "IncludesLastItemInRange": String(page.includesLast),
                ]) { root in
                    root.element("t:Folders") { folders in
                        for folder in page.items { writer.write(folder, into: &folders) }
                    }
                }
            })
        }
        return messages
    }

    /// The folders under `target`, depth first, in the order GetFolder's hierarchy lists them.
    static func descendants(of target: FolderTarget, deep: Bool, state: ExchangeState) -> [FolderTarget] {
        var found: [FolderTarget] = []
        for child in state.childFolders(of: target) {
            found.append(child)
            if deep { found += descendants(of: child, deep: true, state: state) }
        }
        return found
    }
}

/// A folder's properties as restrictions read them: its MAPI properties and the folder FieldURIs below.
enum FolderPropertyLookup {
    static let supportedFields: Set<String> = ["folder:DisplayName", "folder:FolderClass", "folder:ChildFolderCount", "folder:TotalCount"]

    static func supports(_ path: PropertyPath) -> Bool {
        if case let .field(uri) = path { return supportedFields.contains(uri) }
        return true
    }

    static func lookup(_ target: FolderTarget, state: ExchangeState) -> PropertyLookup {
        let info = state.folderInfo(target)
        return { (path: PropertyPath) throws(RestrictionError) -> PropertyValue? in
            switch path {
            case let .extended(uri):
                return MAPIProperties.value(uri, of: target, state: state).flatMap { PropertyValue.extended($0, type: uri.type) }
            case .field("folder:DisplayName"): return info.map { .string($0.displayName) }
            case .field("folder:FolderClass"): return info?.folderClass.map { .string($0) }
            case .field("folder:ChildFolderCount"): return info.map { .integer(Int64($0.childFolderCount)) }
            case .field("folder:TotalCount"): return .integer(Int64(state.totalCount(of: target)))
            case let .field(uri): throw RestrictionError.unsupportedPath(uri)
            }
        }
    }
}
