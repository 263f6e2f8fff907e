// RoomCalendarCheck: the seam between linking a room's calendar and Exchange, so the use case is tested without sockets.

/// Proves that an address is an Exchange room mailbox the organization's service account can book. Implementations
/// never throw or hang: every failure is a ``LinkFailure`` whose detail tells the admin what to fix.
public protocol RoomCalendarCheck: Sendable {
    /// Resolves `address` (its primary SMTP address must be `address`, ignoring case), finds it in one of the
    /// organization's room lists, then reads its calendar and checks the right to create in it with the link's
    /// access method. Returns the room mailbox's primary address.
    func verify(_ address: String, through link: ExchangeLinkTarget) async -> Result<String, LinkFailure>
}
