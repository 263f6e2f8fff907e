// FolderWriter: writes one folder element (t:Folder / t:CalendarFolder) with the requested properties.
import XMLSupport

/// Writes one folder element with the requested properties in BaseFolderType order.
struct FolderWriter {
    var state: ExchangeState
    var viewer: Mailbox
    var shape: FolderShape

    private func wants(_ uri: String, defaultShape: Bool) -> Bool {
        if shape.additional.contains(uri) { return true }
        switch shape.base {
        case .idOnly: return uri == "folder:FolderId"
        case .default: return defaultShape
        case .allProperties: return true
        }
    }

    func write(_ target: FolderTarget, into w: inout XMLWriter) {
        guard let folder = state.folderInfo(target) else { return }
        let rights = FolderAccess.rights(of: viewer, on: target)
        w.element(folder.elementName) { f in
            let reference = target.reference
            f.element("t:FolderId", ["Id": reference.encoded, "ChangeKey": reference.changeKey])
            if wants("folder:ParentFolderId", defaultShape: false), let parent = folder.parent {
                let parentReference = FolderReference(mailbox: target.owner.key, folder: parent)
                f.element("t:ParentFolderId", ["Id": parentReference.encoded, "ChangeKey": parentReference.changeKey])
            }
            if wants("folder:FolderClass", defaultShape: false), let folderClass = folder.folderClass {
                f.element("t:FolderClass", text: folderClass)
            }
            if wants("folder:DisplayName", defaultShape: true) { f.element("t:DisplayName", text: folder.displayName) }
            if wants("folder:TotalCount", defaultShape: true) { f.element("t:TotalCount", text: String(state.totalCount(of: target))) }
            if wants("folder:ChildFolderCount", defaultShape: true) {
                f.element("t:ChildFolderCount", text: String(folder.childFolderCount))
            }
            for uri in shape.extended {
                if let value = MAPIProperties.value(uri, of: target, state: state) { uri.write(value, into: &f) }
            }
            if wants("folder:EffectiveRights", defaultShape: false) {
                f.element("t:EffectiveRights") { r in
                    r.element("t:CreateAssociated", text: String(rights.isOwner))
                    r.element("t:CreateContents", text: String(rights.create))
                    r.element("t:CreateHierarchy", text: String(rights.isOwner))
                    r.element("t:Delete", text: String(rights.delete))
                    r.element("t:Modify", text: String(rights.modify))
                    r.element("t:Read", text: String(rights.read))
                    r.element("t:ViewPrivateItems", text: String(rights.isOwner || rights.modify))
                }
            }
            if shape.additional.contains("folder:DistinguishedFolderId"), case let .distinguished(name) = folder.key {
                f.element("t:DistinguishedFolderId", text: name.rawValue)
            }
            if folder.key == .calendar, wants("folder:PermissionSet", defaultShape: false), rights.isOwner || rights.modify,
                viewer.key == target.owner.key || target.owner.fullAccess.contains(viewer.key)
            {
                writeCalendarPermissions(target.owner, into: &f)
            }
            if folder.elementName == "t:Folder", wants("folder:UnreadCount", defaultShape: true) {
                f.element("t:UnreadCount", text: "0")
            }
        }
    }

    private func writeCalendarPermissions(_ owner: Mailbox, into w: inout XMLWriter) {
        func permission(_ level: PermissionLevel, user: (inout XMLWriter) -> Void, into list: inout XMLWriter) {
            let rights = level.rights
            list.element("t:CalendarPermission") { p in
                p.element("t:UserId", content: user)
                p.element("t:CanCreateItems", text: String(rights.create))
                p.element("t:CanCreateSubFolders", text: String(level == .owner || level == .publishingEditor))
                p.element("t:IsFolderOwner", text: String(level == .owner))
                p.element("t:IsFolderVisible", text: String(rights.read))
                p.element("t:IsFolderContact", text: String(level == .owner))
                p.element("t:EditItems", text: rights.modify ? "All" : (rights.create ? "Owned" : "None"))
                p.element("t:DeleteItems", text: rights.delete ? "All" : (rights.create ? "Owned" : "None"))
                p.element("t:ReadItems", text: rights.read ? "FullDetails" : (level == .freeBusyTimeOnly ? "TimeOnly" : "None"))
                p.element("t:CalendarPermissionLevel", text: level.rawValue)
            }
        }
        w.element("t:PermissionSet") { set in
            set.element("t:CalendarPermissions") { list in
                permission(.freeBusyTimeOnly, user: { $0.element("t:DistinguishedUser", text: "Default") }, into: &list)
                permission(.none, user: { $0.element("t:DistinguishedUser", text: "Anonymous") }, into: &list)
                for grantee in owner.calendarPermissions.keys.sorted() {
                    guard let level = owner.calendarPermissions[grantee], let mailbox = state.directory.primary(grantee) else { continue }
                    permission(level, user: { user in
                        user.element("t:PrimarySmtpAddress", text: mailbox.smtp)
                        user.element("t:DisplayName", text: mailbox.displayName)
                    }, into: &list)
                }
            }
        }
    }
}
