// FixtureSnapshot: the validated world a fixture describes; `reset` returns to it.
import Foundation

/// Server-wide settings from the fixture's `server` section.
public struct ServerSettings: Sendable, Equatable {
    public var build: ServerBuild
    /// False: every EWS request gets 401 offering only `Negotiate` and `NTLM`.
    public var basicAuth: Bool
    /// The realm in `WWW-Authenticate: Basic realm="..."`.
    public var realm: String
    /// Larger EWS request bodies get a SOAP fault without being parsed.
    public var maxRequestBytes: Int
}

/// The validated fixture: settings, directory and the calendars as they are at start (and after reset).
struct FixtureSnapshot: Sendable {
    var server: ServerSettings
    var directory: MailboxDirectory
    var calendars: [String: [CalendarEvent]]
    var nextNumber: Int
}
