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

    /// Allocates a new item number.
    mutating func allocateNumber() -> Int {
        defer { nextNumber += 1 }
        return nextNumber
    }
}
