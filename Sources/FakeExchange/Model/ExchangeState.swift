// ExchangeState: the mutable world behind the lock: calendars, sent mail, faults, counters.
import Foundation

/// All mutable state of one fake server. Only ever touched while `FakeExchange` holds its lock.
struct ExchangeState: Sendable {
    var server: ServerSettings
    var directory: MailboxDirectory
    /// Events per mailbox key, in creation order.
    var calendars: [String: [CalendarEvent]]
    var sent: [SentMail] = []
    /// Mail delivered over SMTP, per mailbox key.
    var inboxes: [String: Inbox] = [:]
    var nextNumber: Int
    /// When each folder last changed, its items or its subfolders (PR_LOCAL_COMMIT_TIME_MAX, DavMail's
    /// ctag), by `FolderReference.encoded`. A folder never changed since the fixture reads its newest item's time.
    var folderChanges: [String: Date] = [:]
    /// Folders made by CreateFolder, per mailbox key, in creation order.
    var createdFolders: [String: [CreatedFolder]] = [:]
    var faults = FaultInjector()
    var stats = RequestStats()

    init(snapshot: FixtureSnapshot) {
        server = snapshot.server
        directory = snapshot.directory
        calendars = snapshot.calendars
        nextNumber = snapshot.nextNumber
    }

    /// Returns to the fixture: calendars, sent and delivered mail, and faults; statistics are kept.
    mutating func reset(to snapshot: FixtureSnapshot) {
        let stats = self.stats
        self = ExchangeState(snapshot: snapshot)
        self.stats = stats
    }

    /// The stored event `number` of `mailbox`, with its index.
    func event(mailbox: String, number: Int) -> (index: Int, event: CalendarEvent)? {
        guard let events = calendars[mailbox], let index = events.firstIndex(where: { $0.number == number }) else {
            return nil
        }
        return (index, events[index])
    }

    /// When the content of `target` last changed.
    func lastChange(of target: FolderTarget) -> Date {
        if let changed = folderChanges[target.reference.encoded] { return changed }
        if case let .created(number) = target.folder,
            let folder = createdFolders[target.owner.key]?.first(where: { $0.number == number })
        {
            return folder.created
        }
        return items(in: target).map(\.lastModified).max() ?? Date(timeIntervalSince1970: 1_577_836_800)
    }

    /// Records a change to the content of `target` (an item created, changed or deleted): its commit
    /// time moves to `now`, and always forward, so that every change gives a new ctag.
    mutating func folderChanged(_ target: FolderTarget, at now: Date) {
        folderChanges[target.reference.encoded] = max(now, lastChange(of: target).addingTimeInterval(1))
    }

    /// TotalCount: the items in `target`, or the mail sent from the mailbox for Sent Items.
    func totalCount(of target: FolderTarget) -> Int {
        switch target.folder {
        case .distinguished(.sentitems): return sent.filter { $0.from.lowercased() == target.owner.key }.count
        default: return items(in: target).count
        }
    }

    /// The calendar items stored in `target` (none for folders that are not calendars).
    func items(in target: FolderTarget) -> [CalendarEvent] {
        (calendars[target.owner.key] ?? []).filter { $0.folder == target.folder }
    }

    /// What `target` is; nil for a created folder that no longer exists.
    func folderInfo(_ target: FolderTarget) -> FolderInfo? {
        let created = createdFolders[target.owner.key] ?? []
        func createdChildren(of key: FolderKey) -> Int { created.filter { $0.parent == key }.count }
        switch target.folder {
        case let .distinguished(folder):
            return FolderInfo(
                key: target.folder, displayName: folder.displayName, folderClass: folder.folderClass,
                parent: folder.parent.map { .distinguished($0) },
                childFolderCount: folder.childFolderCount + createdChildren(of: target.folder))
        case let .created(number):
            guard let folder = created.first(where: { $0.number == number }) else { return nil }
            return FolderInfo(
                key: target.folder, displayName: folder.displayName, folderClass: folder.folderClass, parent: folder.parent,
                childFolderCount: createdChildren(of: target.folder))
        }
    }

    /// The folders above `target`, nearest first, up to the root: at most `limit` of them.
    func ancestors(of target: FolderTarget, limit: Int) -> [FolderKey] {
        var found: [FolderKey] = []
        var current = folderInfo(target)?.parent
        while let parent = current, found.count < limit {
            found.append(parent)
            current = folderInfo(FolderTarget(owner: target.owner, folder: parent))?.parent
        }
        return found
    }

    /// The folders directly under `target`: distinguished ones first, then created ones in creation order.
    func childFolders(of target: FolderTarget) -> [FolderTarget] {
        let distinguished = DistinguishedFolder.allCases.filter { $0.parent.map { FolderKey.distinguished($0) } == target.folder }
            .map { FolderTarget(owner: target.owner, folder: .distinguished($0)) }
        let created = (createdFolders[target.owner.key] ?? []).filter { $0.parent == target.folder }
            .map { FolderTarget(owner: target.owner, folder: .created($0.number)) }
        return distinguished + created
    }

    /// Allocates a new item number.
    mutating func allocateNumber() -> Int {
        defer { nextNumber += 1 }
        return nextNumber
    }
}
