// DistinguishedFolder: the well-known folders the fake serves, their element tags and classes.

/// A distinguished folder the fake serves. Other valid schema names answer ErrorFolderNotFound;
/// names outside the schema enumeration are a schema-validation fault.
enum DistinguishedFolder: String, Sendable, CaseIterable {
    case root, msgfolderroot, calendar, inbox, sentitems, drafts, deleteditems, outbox, contacts, tasks, junkemail

    /// Values of DistinguishedFolderIdNameType that exist in the schema but are not served.
    static let otherSchemaNames: Set<String> = [
        "journal", "notes", "publicfoldersroot", "searchfolders", "voicemail", "recoverableitemsroot",
        "recoverableitemsdeletions", "recoverableitemsversions", "recoverableitemspurges", "archiveroot",
        "archivemsgfolderroot", "archivedeleteditems", "archiveinbox", "archiverecoverableitemsroot",
        "archiverecoverableitemsdeletions", "archiverecoverableitemsversions", "archiverecoverableitemspurges",
        "syncissues", "conflicts", "localfailures", "serverfailures", "recipientcache", "quickcontacts",
        "conversationhistory", "adminauditlogs", "todosearch", "mycontacts", "directory", "imcontactlist",
        "peopleconnect", "favorites",
    ]

    /// The element tag of the folder in GetFolder answers.
    var elementName: String {
        switch self {
        case .calendar: return "t:CalendarFolder"
        case .contacts: return "t:ContactsFolder"
        case .tasks: return "t:TasksFolder"
        default: return "t:Folder"
        }
    }

    var folderClass: String? {
        switch self {
        case .root: return nil
        case .calendar: return "IPF.Appointment"
        case .contacts: return "IPF.Contact"
        case .tasks: return "IPF.Task"
        default: return "IPF.Note"
        }
    }

    var displayName: String {
        switch self {
        case .root: return "Root"
        case .msgfolderroot: return "Top of Information Store"
        case .calendar: return "Calendar"
        case .inbox: return "Inbox"
        case .sentitems: return "Sent Items"
        case .drafts: return "Drafts"
        case .deleteditems: return "Deleted Items"
        case .outbox: return "Outbox"
        case .contacts: return "Contacts"
        case .tasks: return "Tasks"
        case .junkemail: return "Junk Email"
        }
    }

    /// The folder's parent (root has none, msgfolderroot sits under root, the rest under msgfolderroot).
    var parent: DistinguishedFolder? {
        switch self {
        case .root: return nil
        case .msgfolderroot: return .root
        default: return .msgfolderroot
        }
    }

    var childFolderCount: Int {
        switch self {
        case .root: return 1
        case .msgfolderroot: return DistinguishedFolder.allCases.count - 2
        default: return 0
        }
    }
}
