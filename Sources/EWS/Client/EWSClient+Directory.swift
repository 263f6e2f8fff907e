// Account-level operations: version probe, offered auth schemes, name resolution, sending mail.
import Curl
import Foundation
import XMLSupport

extension EWSClient {
    /// The cheapest authenticated call that returns `ServerVersionInfo` (exchangelib's dummy ConvertId):
    /// proves the URL is EWS, the credentials work, and which Exchange it is. Throws `exchangeTooOld`
    /// for servers before 2013.
    public func probe(timeout: Duration) async throws(EWSError) -> ServerVersion {
        let response = try await call(Self.probeRequest, access: .serviceAccount, timeout: timeout, idempotent: true)
        // The dummy id is refused (ErrorInvalidSmtpAddress or similar); the header is what we came for.
        guard let version = response.serverVersion else { throw .malformedResponse("no ServerVersionInfo in the answer") }
        return version
    }

    /// What an anonymous request to the endpoint shows: the authentication schemes offered in its 401
    /// challenges (`Basic`, `Negotiate`, `NTLM`; empty when it answered without asking) and how long TCP
    /// and TLS took. Throws for everything else (not EWS, TLS, DNS, connection failures).
    public func checkEndpoint(timeout: Duration) async throws(EWSError) -> EndpointCheck {
        let request = TransportRequest(url: endpoint, body: Self.probeRequest.bytes,
                                       headers: [(name: "Content-Type", value: "text/xml; charset=utf-8")],
                                       credentials: nil, timeout: timeout)
        let response: TransportResponse
        do {
            response = try await transport.send(request)
        } catch {
            throw Self.error(for: error)
        }
        let timing = (connect: Int(response.connectSeconds * 1000), tls: Int(response.tlsSeconds * 1000))
        do {
            _ = try SOAPResponse.parse(response)
            return EndpointCheck(offeredSchemes: [], connectMilliseconds: timing.connect, tlsMilliseconds: timing.tls)
        } catch .basicAuthNotOffered(let offered) {
            return EndpointCheck(offeredSchemes: offered, connectMilliseconds: timing.connect, tlsMilliseconds: timing.tls)
        } catch .unauthorized {
            return EndpointCheck(offeredSchemes: response.authenticationSchemes, connectMilliseconds: timing.connect, tlsMilliseconds: timing.tls)
        }
    }

    private static var probeRequest: SOAPRequest {
        SOAPRequest(operation: "ConvertId", access: .serviceAccount, version: SOAPRequest.probeServerVersion) { body in
            body.element("m:ConvertId", ["DestinationFormat": "EntryId"]) { convert in
                convert.element("m:SourceIds") { $0.element("t:AlternateId", ["Format": "EwsId", "Id": "DUMMY", "Mailbox": "DUMMY"]) }
            }
        }
    }

    /// Resolves an address to a mailbox in the directory. Aliases resolve too (`smtp:` prefix); the result
    /// carries the primary address. Throws `nameNotResolved` when nothing matches or the match is not a mailbox.
    public func resolveName(_ address: String, timeout: Duration) async throws(EWSError) -> ResolvedMailbox {
        let request = SOAPRequest(operation: "ResolveNames", access: .serviceAccount) { body in
            body.element("m:ResolveNames", ["ReturnFullContactData": "false", "SearchScope": "ActiveDirectory"]) {
                $0.element("m:UnresolvedEntry", text: "smtp:" + address)
            }
        }
        return try Self.resolvedMailbox(from: try await call(request, access: .serviceAccount, timeout: timeout, idempotent: true),
                                        address: address)
    }

    static func resolvedMailbox(from response: SOAPResponse, address: String) throws(EWSError) -> ResolvedMailbox {
        let message = try response.onlyMessage()
        let candidates = (message.child("ResolutionSet")?.children(EWSNamespace.types, "Resolution") ?? [])
            .compactMap { $0.firstChild(EWSNamespace.types, "Mailbox") }
            .compactMap { mailbox -> ResolvedMailbox? in
                func text(_ local: String) -> String? { mailbox.firstChild(EWSNamespace.types, local)?.trimmedText }
                guard let primary = text("EmailAddress") else { return nil }
                return ResolvedMailbox(name: text("Name"), address: primary, mailboxType: text("MailboxType"))
            }
            .filter { $0.mailboxType == nil || $0.mailboxType == "Mailbox" }
        // Several matches (a Warning): prefer the exact primary address, else the first mailbox.
        guard let match = candidates.first(where: { $0.address.lowercased() == address.lowercased() }) ?? candidates.first else {
            throw .nameNotResolved
        }
        return match
    }

    /// Sends a plain-text mail and keeps a copy in Sent Items. With `.delegate(user)` it is sent as that
    /// user (needs Send As); with `.impersonation(user)` as the user; with `.serviceAccount` as itself.
    /// Never retried.
    public func sendMail(_ access: MailboxAccess, to recipients: [String], subject: String, body text: String,
                         timeout: Duration) async throws(EWSError) {
        let request = SOAPRequest(operation: "CreateItem", access: access) { body in
            body.element("m:CreateItem", ["MessageDisposition": "SendAndSaveCopy"]) { create in
                create.element("m:SavedItemFolderId") { $0.distinguishedFolder("sentitems", access: access) }
                create.element("m:Items") { items in
                    items.element("t:Message") { message in
                        message.element("t:Subject", text: subject)
                        message.element("t:Body", ["BodyType": "Text"], text: text)
                        message.element("t:ToRecipients") { to in
                            for address in recipients { to.element("t:Mailbox") { $0.element("t:EmailAddress", text: address) } }
                        }
                        if case .delegate(let owner) = access {
                            message.element("t:From") { $0.element("t:Mailbox") { $0.element("t:EmailAddress", text: owner) } }
                        }
                    }
                }
            }
        }
        _ = try await call(request, access: access, timeout: timeout, idempotent: false).onlyMessage()
    }
}
