// FolderAccess: resolves folder ids to (owner mailbox, folder) and decides what the acting identity may do there.
import XMLSupport

/// A folder in a mailbox.
struct FolderTarget: Sendable, Equatable {
    var owner: Mailbox
    var folder: FolderKey

    var reference: FolderReference { FolderReference(mailbox: owner.key, folder: folder) }
}

/// Access rules for delegates:
/// - the owner (or the user being impersonated) has every right on every folder;
/// - FullAccess on the mailbox grants every right on every folder;
/// - otherwise only the Calendar can be reached, through `calendarPermissions`
///   (Reviewer reads; Author/Editor create; Editor modifies and deletes);
/// - a folder the identity cannot see at all is ErrorFolderNotFound for the Calendar and
///   ErrorAccessDenied for the others (as Exchange answers GetFolder `root` to a calendar-only delegate);
///   a visible folder lacking the needed right is ErrorAccessDenied.
enum FolderAccess {
    enum Need { case see, read, create, modify, delete }

    static func rights(of identity: Mailbox, on target: FolderTarget) -> FolderRights {
        if identity.key == target.owner.key { return .ownerRights }
        if target.owner.fullAccess.contains(identity.key) {
            var rights = FolderRights.ownerRights
            rights.isOwner = false
            return rights
        }
        guard target.folder == .calendar, let level = target.owner.calendarPermissions[identity.key] else { return .noRights }
        return level.rights
    }

    /// True when `identity` may create and delete folders in `owner`'s mailbox: the owner, or an
    /// identity with FullAccess (calendar permissions below Owner grant no folder creation).
    static func managesHierarchy(_ identity: Mailbox, of owner: Mailbox) -> Bool {
        identity.key == owner.key || owner.fullAccess.contains(identity.key)
    }

    /// Nil when `identity` may do `need` in `target`, else the per-item error Exchange answers.
    static func check(_ need: Need, identity: Mailbox, target: FolderTarget) -> EWSItemError? {
        let rights = rights(of: identity, on: target)
        guard rights.visible else { return target.folder == .calendar ? .folderNotFound : .accessDenied }
        switch need {
        case .see: return nil
        case .read: return rights.read ? nil : .accessDenied
        case .create: return rights.create ? nil : .accessDenied
        case .modify: return rights.modify ? nil : .accessDenied
        case .delete: return rights.delete ? nil : .accessDenied
        }
    }

    /// Nil when `identity` may do `need` on an item in `folder` of `owner`; an invisible folder hides the item.
    static func checkItem(_ need: Need, identity: Mailbox, owner: Mailbox, folder: FolderKey = .calendar) -> EWSItemError? {
        let target = FolderTarget(owner: owner, folder: folder)
        guard rights(of: identity, on: target).visible else { return .itemNotFound }
        return check(need, identity: identity, target: target)
    }

    /// Resolves a folder id element and checks that `context.actingAs` may do `need` there: the
    /// folder, or the per-folder error message an operation answers instead.
    static func resolve(
        _ element: XMLElementView, for need: Need, context: RequestContext, state: ExchangeState
    ) throws(SOAPFault) -> Result<FolderTarget, EWSItemError> {
        switch try resolve(element, context: context, state: state) {
        case let .failure(error): return .failure(error)
        case let .success(target):
            if let error = check(need, identity: context.actingAs, target: target) { return .failure(error) }
            return .success(target)
        }
    }

    /// Resolves a `t:DistinguishedFolderId` or `t:FolderId` element.
    /// Schema violations (missing or unknown `Id`) are faults; everything else is a per-item error
    /// (a created folder since deleted is ErrorFolderNotFound).
    static func resolve(
        _ element: XMLElementView, context: RequestContext, state: ExchangeState
    ) throws(SOAPFault) -> Result<FolderTarget, EWSItemError> {
        let directory = state.directory
        if element.isElement(EWSNamespace.types, "FolderId") {
            guard let id = element.attribute("Id") else {
                throw SOAPFault.schemaValidation("The required attribute 'Id' is missing.", line: element.line)
            }
            guard let reference = FolderReference(encoded: id) else { return .failure(.invalidIdMalformed) }
            guard let owner = directory.primary(reference.mailbox), owner.hasMailbox else { return .failure(.folderNotFound) }
            let target = FolderTarget(owner: owner, folder: reference.folder)
            guard state.folderInfo(target) != nil else { return .failure(.folderNotFound) }
            return .success(target)
        }
        guard element.isElement(EWSNamespace.types, "DistinguishedFolderId") else {
            throw SOAPFault.schemaValidation("The element '\(element.localName)' is not expected.", line: element.line)
        }
        guard let id = element.attribute("Id") else {
            throw SOAPFault.schemaValidation("The required attribute 'Id' is missing.", line: element.line)
        }
        guard let folder = DistinguishedFolder(rawValue: id) else {
            if DistinguishedFolder.otherSchemaNames.contains(id) { return .failure(.folderNotFound) }
            throw SOAPFault.schemaValidation(
                "The 'Id' attribute is invalid - The value '\(id)' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:DistinguishedFolderIdNameType' - The Enumeration constraint failed.",
                line: element.line)
        }
        if let mailbox = element.firstChild(EWSNamespace.types, "Mailbox") {
            let address = mailbox.firstChild(EWSNamespace.types, "EmailAddress")?.trimmedText ?? ""
            guard !address.isEmpty else { return .failure(.missingEmailAddress) }
            guard let owner = directory.primary(address), owner.hasMailbox else { return .failure(.nonExistentMailbox) }
            return .success(FolderTarget(owner: owner, folder: .distinguished(folder)))
        }
        guard context.actingAs.hasMailbox else { return .failure(.missingEmailAddress) }
        return .success(FolderTarget(owner: context.actingAs, folder: .distinguished(folder)))
    }
}
