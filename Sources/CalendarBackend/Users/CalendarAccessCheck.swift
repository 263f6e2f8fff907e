// CalendarAccessCheck: the seam between linking a user's calendar and Exchange, so the use case is tested without sockets.

/// Proves that the organization's service account reaches a user's calendar. Implementations must never throw or
/// hang: every failure is a ``LinkFailure`` whose detail tells the admin what to fix, and each call is bounded by
/// a timeout.
public protocol CalendarAccessCheck: Sendable {
    /// Resolves `email` in Exchange's directory: its primary SMTP address must be `email` (ignoring case; a match
    /// through an alias is ``LinkFailureReason/emailNotInExchange``); then reads that mailbox's calendar with the
    /// link's access method. Returns the mailbox's primary address.
    func verify(_ email: String, through link: ExchangeLinkTarget) async -> Result<String, LinkFailure>
}
