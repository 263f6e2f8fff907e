// MailboxFolder: which folder of a mailbox (a distinguished one or one a client created) and what it is.
import Foundation

/// A folder of a mailbox: one of the distinguished folders, or one a client made with CreateFolder
/// (by its number, unique in the server like item numbers).
enum FolderKey: Hashable, Sendable {
    case distinguished(DistinguishedFolder)
    case created(Int)

    static let root = FolderKey.distinguished(.root)
    static let msgfolderroot = FolderKey.distinguished(.msgfolderroot)
    static let calendar = FolderKey.distinguished(.calendar)

    /// The form inside a FolderId: the distinguished name, or `f` and the number.
    var rawValue: String {
        switch self {
        case let .distinguished(folder): return folder.rawValue
        case let .created(number): return "f\(number)"
        }
    }

    init?(rawValue: String) {
        if let folder = DistinguishedFolder(rawValue: rawValue) {
            self = .distinguished(folder)
        } else if rawValue.hasPrefix("f"), let number = Int(rawValue.dropFirst()), number > 0 {
            self = .created(number)
        } else {
            return nil
        }
    }
}

/// A folder made by CreateFolder. Only calendar folders (IPF.Appointment) hold items in the fake.
struct CreatedFolder: Sendable, Equatable {
    var number: Int
    var parent: FolderKey
    var displayName: String
    /// FolderClass as created (`IPF.Appointment`, `IPF.Note`, …); nil when the client gave none.
    var folderClass: String?
    var created: Date
}

/// What a folder is, for answers: its name, class, element tag and place in the hierarchy.
struct FolderInfo: Sendable, Equatable {
    var key: FolderKey
    var displayName: String
    var folderClass: String?
    var parent: FolderKey?
    var childFolderCount: Int

    /// True for a folder that holds calendar items (the Calendar, or a created IPF.Appointment folder).
    var isCalendar: Bool { key == .calendar || folderClass?.hasPrefix("IPF.Appointment") == true }

    /// The element tag in GetFolder/FindFolder answers.
    var elementName: String {
        if case let .distinguished(folder) = key { return folder.elementName }
        switch folderClass {
        case let value? where value.hasPrefix("IPF.Appointment"): return "t:CalendarFolder"
        case let value? where value.hasPrefix("IPF.Contact"): return "t:ContactsFolder"
        case let value? where value.hasPrefix("IPF.Task"): return "t:TasksFolder"
        default: return "t:Folder"
        }
    }
}
