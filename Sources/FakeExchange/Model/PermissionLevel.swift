// PermissionLevel: calendar folder permission roles and the rights each grants.

/// A calendar folder permission role as Exchange names them (`Add-MailboxFolderPermission -AccessRights`).
/// Reviewer reads; Author and Editor create; only Editor-level roles update and delete other people's items.
public enum PermissionLevel: String, Sendable, CaseIterable {
    case none = "None"
    case freeBusyTimeOnly = "FreeBusyTimeOnly"
    case reviewer = "Reviewer"
    case contributor = "Contributor"
    case noneditingAuthor = "NoneditingAuthor"
    case author = "Author"
    case publishingAuthor = "PublishingAuthor"
    case editor = "Editor"
    case publishingEditor = "PublishingEditor"
    case owner = "Owner"

    /// Parses a role name case-insensitively.
    public init?(name: String) {
        guard let level = Self.allCases.first(where: { $0.rawValue.lowercased() == name.lowercased() }) else { return nil }
        self = level
    }

    /// The rights this role grants on the folder it is set on.
    var rights: FolderRights {
        switch self {
        case .none, .freeBusyTimeOnly:
            return FolderRights(visible: self != .none, read: false, create: false, modify: false, delete: false)
        case .contributor:
            return FolderRights(visible: true, read: false, create: true, modify: false, delete: false)
        case .reviewer:
            return FolderRights(visible: true, read: true, create: false, modify: false, delete: false)
        case .noneditingAuthor, .author, .publishingAuthor:
            return FolderRights(visible: true, read: true, create: true, modify: false, delete: false)
        case .editor, .publishingEditor, .owner:
            return FolderRights(visible: true, read: true, create: true, modify: true, delete: true)
        }
    }
}

/// What an identity may do in one folder. `visible == false` means the folder does not exist for it.
struct FolderRights: Sendable, Equatable {
    var visible: Bool
    var read: Bool
    var create: Bool
    var modify: Bool
    var delete: Bool
    var isOwner = false

    static let ownerRights = FolderRights(visible: true, read: true, create: true, modify: true, delete: true, isOwner: true)
    static let noRights = FolderRights(visible: false, read: false, create: false, modify: false, delete: false)
}
