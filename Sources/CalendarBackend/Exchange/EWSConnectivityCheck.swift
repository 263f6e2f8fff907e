// EWSConnectivityCheck: the "Service account access" test against a live EWS endpoint: ordered steps from
// URL to calendar operations, stopping at the first failure, like Microsoft's Remote Connectivity Analyzer.
import Curl
import EWS
import Foundation
import Logging

/// The live check over EWS. One instance serves all organizations; each run builds its own EWS client over the
/// shared transport, so checks reuse connections like queries do.
public struct EWSConnectivityCheck: ConnectivityCheck {
    let policy: EWSPolicy
    let transport: CurlTransport
    let resolver: any HostResolver
    let clock: any WallClock
    let logger: Logger
    /// Per network step (the DNS lookup included); a link check makes several calls.
    let stepTimeout: Duration

    public init(policy: EWSPolicy, transport: CurlTransport, resolver: any HostResolver = ResolverPool.shared, clock: any WallClock = SystemClock(),
                logger: Logger, stepTimeout: Duration = .seconds(10)) {
        self.policy = policy
        self.transport = transport
        self.resolver = resolver
        self.clock = clock
        self.logger = logger
        self.stepTimeout = stepTimeout
    }

    public func run(_ target: ExchangeLinkTarget) async -> ConnectivityReport {
        var recorder = StepRecorder()
        let client = EWSClient(endpoint: target.ewsURL, username: target.upn, password: target.password, transport: transport, logger: logger)
        func fail(_ error: EWSError) -> LinkFailure {
            LinkFailure.from(error, ewsURL: target.ewsURL, upn: target.upn, accessMethod: target.accessMethod, testMailbox: target.testMailbox)
        }

        // url
        let started = recorder.now
        guard let url = URL(string: target.ewsURL), let scheme = url.scheme?.lowercased(), let host = url.host, !host.isEmpty,
              scheme == "https" || scheme == "http" else {
            return recorder.finish(failing: "url", LinkFailure(.invalidURL, "\(target.ewsURL) is not a valid URL. \(LinkFailure.useEWS)"), since: started)
        }
        if url.path.lowercased().contains("/owa") {
            let suggestion = "https://\(host)/EWS/Exchange.asmx"
            return recorder.finish(failing: "url", LinkFailure(.owaURLNotEWS, "\(target.ewsURL) is the Outlook on the web address; use \(suggestion)"), since: started)
        }
        if scheme == "http" && !policy.allowInsecureHTTP {
            return recorder.finish(failing: "url", LinkFailure(.notHTTPS, "\(target.ewsURL) uses plain http. The EWS endpoint must use https with a certificate from a trusted public certificate authority."), since: started)
        }
        guard policy.allows(host: host) else {
            return recorder.finish(failing: "url", LinkFailure(.hostNotAllowed, "\(host) is not among the EWS hosts this deployment may call (--ews-allowed-hosts)."), since: started)
        }
        if url.path.lowercased().hasSuffix("/ews/exchange.asmx") {
            recorder.record("url", .passed, detail: "\(target.ewsURL) has the form of an EWS endpoint", since: started)
        } else {
            recorder.record("url", .warning, detail: "\(url.path) is not the usual /EWS/Exchange.asmx path; continuing", since: started)
        }

        // dns
        let dnsStarted = recorder.now
        let resolution = await resolver.resolve(host, timeout: stepTimeout)
        switch resolution {
        case .literal:
            recorder.record("dns", .passed, detail: "\(host) is an IP address", since: dnsStarted)
        case .notFound:
            return recorder.finish(failing: "dns", fail(.dnsFailed(host: host)), since: dnsStarted)
        case .timedOut:
            // The lookup only feeds the report: the transport resolves again and checks the address it connects to.
            // A timeout here may be another organization's slow DNS holding the shared resolver, so it must not
            // fail this check; if the name really does not resolve, the tcp step says so.
            recorder.record("dns", .warning, detail: "\(host) did not resolve within \(stepTimeout) here; the connection step resolves it again",
                            since: dnsStarted)
        case .addresses(let addresses):
            let policy = AddressPolicy(allowPrivate: self.policy.allowPrivateAddresses)
            if addresses.allSatisfy({ policy.allows(address: $0) == false }) {
                return recorder.finish(failing: "dns", fail(.addressNotAllowed(addresses.joined(separator: ", "))), since: dnsStarted)
            }
            recorder.record("dns", .passed, detail: "\(host) resolves to \(addresses.joined(separator: ", "))", since: dnsStarted)
        }

        // tcp, tls, httpAuth: one anonymous request
        let probeStarted = recorder.now
        do {
            let endpoint = try await client.checkEndpoint(timeout: stepTimeout)
            recorder.record("tcp", .passed, detail: "connected to \(host):\(url.port ?? (scheme == "https" ? 443 : 80))", durationMs: endpoint.connectMilliseconds)
            if scheme == "https" {
                recorder.record("tls", .passed, detail: "the certificate is trusted and names \(host)", durationMs: max(0, endpoint.tlsMilliseconds - endpoint.connectMilliseconds))
            } else {
                recorder.record("tls", .skipped, detail: "plain http (allowed by --allow-insecure-ews)", durationMs: 0)
            }
            guard endpoint.offersBasic else {
                return recorder.finish(failing: "httpAuth", fail(.basicAuthNotOffered(offered: endpoint.offeredSchemes)), since: probeStarted)
            }
            recorder.record("httpAuth", .passed, detail: "the endpoint offers \(endpoint.offeredSchemes.joined(separator: ", "))", since: probeStarted)
        } catch {
            let step: String
            switch error {
            case .dnsFailed: step = "dns"
            case .connectFailed, .addressNotAllowed, .timeout, .connectionLost: step = "tcp"
            case .tls: step = "tls"
            default: step = "httpAuth"
            }
            if step != "tcp" && step != "dns" { recorder.record("tcp", .passed, detail: "connected to \(host)", durationMs: 0) }
            return recorder.finish(failing: step, fail(error), since: probeStarted)
        }

        // authenticate, version
        let authStarted = recorder.now
        do {
            let serverVersion = try await client.probe(timeout: stepTimeout)
            recorder.serverVersion = serverVersion
            recorder.record("authenticate", .passed, detail: "\(target.upn) signed in with Basic authentication", since: authStarted)
            recorder.record("version", .passed, detail: "\(serverVersion)", durationMs: 0)
        } catch .exchangeTooOld(let old) {
            recorder.record("authenticate", .passed, detail: "\(target.upn) signed in with Basic authentication", since: authStarted)
            return recorder.finish(failing: "version", fail(.exchangeTooOld(old)), since: recorder.now)
        } catch {
            return recorder.finish(failing: "authenticate", fail(error), since: authStarted)
        }

        // access, calendarOps
        guard let mailbox = target.testMailbox else {
            recorder.record("access", .skipped, detail: "no testMailbox given", durationMs: 0)
            recorder.record("calendarOps", .skipped, detail: "no testMailbox given", durationMs: 0)
            return recorder.report()
        }
        let access = target.accessMethod.access(for: mailbox)
        let accessStarted = recorder.now
        do {
            let rights = try await client.calendarRights(access, timeout: stepTimeout)
            if target.accessMethod == .fullAccess && !rights.isEditor {
                return recorder.finish(failing: "access", LinkFailure(.accessDenied,
                    "\(target.upn) can read but not edit the calendar of \(mailbox); it needs Editor. Run: Add-MailboxFolderPermission \(mailbox):\\Calendar -user \(target.upn) -accessrights Editor"),
                    since: accessStarted)
            }
            let how = target.accessMethod == .impersonation ? "impersonating" : "with delegated Editor rights on"
            recorder.record("access", .passed, detail: "\(target.upn) opened the calendar of \(mailbox) \(how) it", since: accessStarted)
        } catch {
            return recorder.finish(failing: "access", fail(error), since: accessStarted)
        }
        let opsStarted = recorder.now
        do {
            let now = clock.now()
            let view = try await client.calendarView(access, start: now, end: now.addingTimeInterval(86_400), maxEntries: 10, timeout: stepTimeout)
            var detail = "read \(view.totalInWindow) event(s) in the next 24 hours"
            if target.writeTest {
                let start = now.addingTimeInterval(7 * 86_400)
                let id = try await client.createEvent(access, NewEvent(subject: "a4b-calendar connectivity test (safe to delete)", start: start,
                                                                       end: start.addingTimeInterval(900)), timeout: stepTimeout)
                try await client.cancelEvent(access, id, notifyAttendees: false, timeout: stepTimeout)
                detail += "; created and deleted a test event"
            }
            recorder.record("calendarOps", .passed, detail: detail, since: opsStarted)
        } catch {
            return recorder.finish(failing: "calendarOps", fail(error), since: opsStarted)
        }
        return recorder.report()
    }
}
