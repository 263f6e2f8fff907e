// EWSMailboxLookup: the first steps every live mailbox check shares: the deployment's host policy, a client on the
// organization's link, and the primary address Exchange has for an address.
import Curl
import EWS
import Foundation
import Logging

/// A client for one link, and the lookup of a mailbox's primary SMTP address through ResolveNames.
struct EWSMailboxLookup {
    let client: EWSClient
    let link: ExchangeLinkTarget

    /// - Returns: ``LinkFailureReason/hostNotAllowed`` when the operator narrowed the policy since the link was stored.
    static func on(_ link: ExchangeLinkTarget, policy: EWSPolicy, transport: CurlTransport, logger: Logger) -> Result<EWSMailboxLookup, LinkFailure> {
        guard let host = URL(string: link.ewsURL)?.host, policy.allows(host: host) else {
            return .failure(LinkFailure(.hostNotAllowed, "The organization's EWS endpoint \(link.ewsURL) is not among the hosts this deployment may call (--ews-allowed-hosts)."))
        }
        let client = EWSClient(endpoint: link.ewsURL, username: link.upn, password: link.password, transport: transport, logger: logger)
        return .success(EWSMailboxLookup(client: client, link: link))
    }

    /// ``on(_:policy:transport:logger:)`` and then ``primaryAddress(of:timeout:alias:unknown:)``: the lookup for the
    /// check's further calls, and the mailbox's primary address.
    static func resolve(_ address: String, through link: ExchangeLinkTarget, policy: EWSPolicy, transport: CurlTransport, logger: Logger,
                        timeout: Duration, alias: (_ primary: String) -> String, unknown: String) async
        -> Result<(lookup: EWSMailboxLookup, mailbox: String), LinkFailure> {
        switch on(link, policy: policy, transport: transport, logger: logger) {
        case .failure(let failure):
            return .failure(failure)
        case .success(let lookup):
            return await lookup.primaryAddress(of: address, timeout: timeout, alias: alias, unknown: unknown).map { (lookup, $0) }
        }
    }

    /// An EWS error met while checking `mailbox`, as the admin reads it.
    func failure(_ error: EWSError, mailbox: String) -> LinkFailure {
        LinkFailure.from(error, ewsURL: link.ewsURL, upn: link.upn, accessMethod: link.accessMethod, testMailbox: mailbox)
    }

    /// The mailbox whose primary address `address` is (ignoring case). An address that is only an alias, or that
    /// Exchange does not know, is ``LinkFailureReason/emailNotInExchange`` with the detail the caller words.
    func primaryAddress(of address: String, timeout: Duration, alias: (_ primary: String) -> String, unknown: String) async -> Result<String, LinkFailure> {
        do {
            let resolved = try await client.resolveName(address, timeout: timeout)
            guard resolved.address.lowercased() == address.lowercased() else { return .failure(LinkFailure(.emailNotInExchange, alias(resolved.address))) }
            return .success(resolved.address)
        } catch .nameNotResolved, .mailboxNotFound {
            return .failure(LinkFailure(.emailNotInExchange, unknown))
        } catch {
            return .failure(failure(error, mailbox: address))
        }
    }
}
