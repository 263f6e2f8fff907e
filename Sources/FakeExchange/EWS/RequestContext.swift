// RequestContext: who is asking (after impersonation), with which version, at what time.
import Foundation

/// Everything an operation needs to know about the request besides its body.
struct RequestContext {
    /// The account that authenticated with Basic auth.
    var caller: Mailbox
    /// The identity the request acts as: the impersonated user, or `caller`.
    var actingAs: Mailbox
    var isImpersonating: Bool
    var version: ExchangeVersion
    /// Zone for date-times without an offset (TimeZoneContext), else UTC.
    var timeZoneContext: TimeZone?
    var now: Date
    var build: ServerBuild
}
