// LinkFailure: why a link check failed and what the admin should do, mapped from the EWS client's errors.
import EWS

/// A failure: the reason and a detail that tells the admin what to do.
public struct LinkFailure: Error, Sendable, Equatable {
    public let reason: LinkFailureReason
    public let detail: String

    public init(_ reason: LinkFailureReason, _ detail: String) {
        self.reason = reason
        self.detail = detail
    }

    /// The setup guide's first troubleshooting point for a user whose calendar does not link.
    static let inviteWithExchangeAddress = "The email address you invited the user with must match the email address in your Microsoft Exchange server."

    static let useEWS = "EWS endpoints are usually formatted as https://mail.domain.com/EWS/Exchange.asmx."

    /// Maps an EWS client error met while checking `ewsURL` as `upn` (`testMailbox` for access errors).
    static func from(_ error: EWSError, ewsURL: String, upn: String, accessMethod: AccessMethod, testMailbox: String?) -> LinkFailure {
        let user = testMailbox ?? "<username>"
        switch error {
        case .invalidURL(let message): return LinkFailure(.invalidURL, "\(ewsURL) is not a valid EWS URL (\(message)). \(useEWS)")
        case .notHTTPS: return LinkFailure(.notHTTPS, "The EWS endpoint must use https with a certificate from a trusted public certificate authority. \(useEWS)")
        case .dnsFailed(let host): return LinkFailure(.dnsFailed, "The host name \(host) could not be resolved. Your EWS endpoint must be reachable from the internet.")
        case .connectFailed(let message): return LinkFailure(.connectFailed, "No connection could be made to the EWS endpoint (\(message)). Your EWS endpoint must be reachable from the internet.")
        case .connectionLost(let message): return LinkFailure(.connectFailed, "The connection to the EWS endpoint was lost (\(message)). Verify that the endpoint is remotely accessible.")
        case .addressNotAllowed(let address): return LinkFailure(.privateAddress, "The EWS host resolves to \(address), a private or local address. Your EWS endpoint must be reachable from the internet.")
        case .tls(.untrusted, _): return LinkFailure(.tlsUntrusted, "The EWS endpoint's certificate is not from a trusted certificate authority. Use a valid digital certificate purchased from a trusted public certificate authority (CA).")
        case .tls(.expired, _): return LinkFailure(.tlsExpired, "The EWS endpoint's certificate has expired. Renew it with a trusted public certificate authority (CA).")
        case .tls(.nameMismatch, _): return LinkFailure(.tlsNameMismatch, "The EWS endpoint's certificate does not name the host in \(ewsURL). Use the host name the certificate was issued for, or a certificate that includes it.")
        case .tls(.other, let message): return LinkFailure(.tlsUntrusted, "The TLS connection to the EWS endpoint failed (\(message)). Use a valid digital certificate from a trusted public certificate authority (CA).")
        case .timeout: return LinkFailure(.timeout, "The EWS endpoint did not answer in time. Verify that it is reachable from the internet and not overloaded.")
        case .unauthorized: return LinkFailure(.badCredentials, "Exchange rejected the user name or password of \(upn). Verify that the service account and password are correct and that the account is not locked.")
        case .basicAuthNotOffered(let offered): return LinkFailure(.basicAuthDisabled, "Basic authentication is not enabled on the EWS endpoint (it offers \(offered.joined(separator: ", "))). In the Exchange Management Shell run: Set-WebServicesVirtualDirectory -Identity \"Contoso\\EWS(Default Web Site)\" -BasicAuthentication $true")
        case .forbidden: return LinkFailure(.accessDenied, "Exchange blocks EWS for \(upn) (HTTP 403). Allow EWS for the service account.")
        case .notEWS(.owaRedirect(let location)): return LinkFailure(.owaURLNotEWS, "\(ewsURL) leads to Outlook on the web (\(location)), not EWS. \(useEWS)")
        case .notEWS(.owaLoginTimeout): return LinkFailure(.owaURLNotEWS, "\(ewsURL) is answered by Outlook on the web, not EWS. \(useEWS)")
        case .notEWS(let reason): return LinkFailure(.notEWS, "\(ewsURL) did not answer as an Exchange Web Services endpoint (\(reason)). \(useEWS)")
        case .exchangeTooOld(let version): return LinkFailure(.exchangeTooOld, "The server runs \(version). Microsoft Exchange must be version 2013 or higher.")
        case .impersonationDenied: return LinkFailure(.impersonationDenied, "\(upn) does not have the ApplicationImpersonation role. In the Exchange Management Shell run: New-ManagementRoleAssignment -Name:impersonationAssignmentName -Role:ApplicationImpersonation -User:\(upn)")
        case .impersonateUserDenied: return LinkFailure(.impersonationDenied, "\(upn) may not impersonate \(user): the mailbox is outside the management scope of its ApplicationImpersonation role assignment. Widen the scope (for example New-ManagementScope -Name \"UserMailboxes\" -RecipientRestrictionFilter {RecipientTypeDetails -eq \"UserMailbox\"}) or assign the role without a scope.")
        case .accessDenied, .sendAsDenied, .itemNotFound:
            return accessMethod == .impersonation
                ? LinkFailure(.accessDenied, "\(upn) could not open the calendar of \(user). Verify the ApplicationImpersonation role assignment.")
                : LinkFailure(.accessDenied, "\(upn) lacks full access to the calendar of \(user). Run: Add-MailboxFolderPermission \(user):\\Calendar -user \(upn) -accessrights Editor; Add-ADPermission -Identity \(user) -User \(upn) -Extendedrights \"Send As\"")
        case .mailboxNotFound, .nameNotResolved: return LinkFailure(.mailboxNotFound, "No Exchange mailbox was found for \(user). Verify that the email address matches a mailbox in your Microsoft Exchange server.")
        case .throttled: return LinkFailure(.exchangeError, "Exchange is busy and asked to retry later. Try again in a few minutes.")
        case .malformedResponse(let message): return LinkFailure(.notEWS, "The EWS endpoint's answer could not be read (\(message)). \(useEWS)")
        case .exchange(let code, let message) where code == "ErrorNameResolutionNoMailbox":
            return LinkFailure(.exchangeError, "Exchange answered \(code): \(message). The service account \(upn) needs a mailbox of its own to resolve names.")
        case .exchange(let code, let message): return LinkFailure(.exchangeError, "Exchange answered \(code): \(message)")
        case .cancelled: return LinkFailure(.timeout, "The check was cancelled before it finished.")
        }
    }
}
