// StartupGate: closed until the database is migrated, so no request touches a schema that is not there yet.
import Synchronization

/// Front-ends refuse work (503 with Retry-After on REST) while the gate is closed.
public final class StartupGate: Sendable {
    private let open = Atomic<Bool>(false)
    public init(open: Bool = false) { self.open.store(open, ordering: .relaxed) }
    public func markReady() { open.store(true, ordering: .releasing) }
    public var isOpen: Bool { open.load(ordering: .acquiring) }

    /// Throws ``ServiceError/Code/starting`` while closed.
    public func check() throws {
        guard isOpen else {
            throw ServiceError(.starting, "the service is starting (migrating its database); retry shortly", retryAfterSeconds: 1)
        }
    }
}
