// StatementCache: prepared statements kept per connection by their SQL text, so a query the service runs on every
// request (the API key, the organization, the link) is compiled once, not on each call.
import CSQLite

/// At most ``capacity`` idle prepared statements of one connection, by SQL text. A statement is taken out while in
/// use (so two uses of one text never share it) and given back reset. Text built per request (a search with
/// several values) fills the cache only up to its capacity; beyond, statements are finalized as before.
/// Used only under the database's lock; ``finalizeAll()`` must run before the connection closes.
final class StatementCache: @unchecked Sendable {
    static let capacity = 128

    private var idle: [String: OpaquePointer] = [:]

    func take(_ sql: String) -> OpaquePointer? {
        idle.removeValue(forKey: sql)
    }

    /// Keeps `statement` for `sql`; false when the cache is full or already holds one (the caller finalizes it).
    func give(_ statement: OpaquePointer, for sql: String) -> Bool {
        guard idle.count < Self.capacity, idle[sql] == nil else { return false }
        idle[sql] = statement
        return true
    }

    var count: Int { idle.count }

    func finalizeAll() {
        for statement in idle.values { sqlite3_finalize(statement) }
        idle.removeAll()
    }
}
