// The "Service account access" test: ordered steps from URL to calendar operations, stopping at the
// first failure, like Microsoft's Remote Connectivity Analyzer.
import Curl
import EWS
import Foundation
import Glibc
import Logging

/// What to check: a service account, its endpoint and access method, and optionally a mailbox to prove
/// the access method on.
public struct ExchangeLinkTarget: Sendable {
    public var upn: String
    public var password: String
    public var ewsURL: String
    public var accessMethod: AccessMethod
    public var testMailbox: String?
    /// Also create and delete a test event in `testMailbox`.
    public var writeTest: Bool

    public init(upn: String, password: String, ewsURL: String, accessMethod: AccessMethod, testMailbox: String?, writeTest: Bool = false) {
        self.upn = upn
        self.password = password
        self.ewsURL = ewsURL
        self.accessMethod = accessMethod
        self.testMailbox = testMailbox
        self.writeTest = writeTest
    }
}

/// One step's outcome.
public struct ConnectivityStep: Sendable, Codable, Equatable {
    public enum Status: String, Sendable, Codable { case passed, failed, skipped, warning }

    public let id: String
    public let status: Status
    public let reason: LinkFailureReason?
    public let detail: String
    public let durationMs: Int
}

/// All steps, and the first failure if any.
public struct ConnectivityReport: Sendable {
    public let steps: [ConnectivityStep]
    public let failure: LinkFailure?
    public let serverVersion: ServerVersion?

    public var passed: Bool { failure == nil }
}

/// Runs the checks. One instance serves all organizations; each run builds its own EWS client over the
/// shared transport, so checks reuse connections like queries do.
public struct ConnectivityCheck: Sendable {
    public static let stepIDs = ["url", "dns", "tcp", "tls", "httpAuth", "authenticate", "version", "access", "calendarOps"]

    let policy: EWSPolicy
    let transport: CurlTransport
    let logger: Logger
    /// Per network step; a link check makes several calls.
    let stepTimeout: Duration

    public init(policy: EWSPolicy, transport: CurlTransport, logger: Logger, stepTimeout: Duration = .seconds(10)) {
        self.policy = policy
        self.transport = transport
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
        // getaddrinfo blocks: run it on a thread of its own, never on the task pool the server needs.
        let resolution = await withCheckedContinuation { continuation in
            Thread { continuation.resume(returning: Self.resolve(host)) }.start()
        }
        switch resolution {
        case .literal:
            recorder.record("dns", .passed, detail: "\(host) is an IP address", since: dnsStarted)
        case .failed:
            return recorder.finish(failing: "dns", fail(.dnsFailed(host: host)), since: dnsStarted)
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
            let now = Date()
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

    enum Resolution: Sendable { case literal, failed, addresses([String]) }

    /// Resolves `host` for the report (the transport checks the address it connects to on its own).
    static func resolve(_ host: String) -> Resolution {
        let bare = host.trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        if AddressPolicy.allowAll.allows(address: bare) != nil { return .literal }
        // RFC 6761: .invalid never resolves; answer without asking a DNS server.
        if bare.lowercased() == "invalid" || bare.lowercased().hasSuffix(".invalid") { return .failed }
        var hints = addrinfo()
        hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
        var result: UnsafeMutablePointer<addrinfo>?
        guard getaddrinfo(bare, nil, &hints, &result) == 0, let first = result else { return .failed }
        defer { freeaddrinfo(result) }
        var addresses: [String] = []
        var cursor: UnsafeMutablePointer<addrinfo>? = first
        while let entry = cursor {
            var buffer = [CChar](repeating: 0, count: Int(NI_MAXHOST))
            if getnameinfo(entry.pointee.ai_addr, entry.pointee.ai_addrlen, &buffer, socklen_t(buffer.count), nil, 0, NI_NUMERICHOST) == 0 {
                let text = String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
                if !addresses.contains(text) { addresses.append(text) }
            }
            cursor = entry.pointee.ai_next
        }
        return addresses.isEmpty ? .failed : .addresses(addresses)
    }
}

/// Collects steps in order; on failure marks the remaining steps skipped.
struct StepRecorder {
    private(set) var steps: [ConnectivityStep] = []
    var serverVersion: ServerVersion?
    private let clock = ContinuousClock()
    var now: ContinuousClock.Instant { clock.now }

    mutating func record(_ id: String, _ status: ConnectivityStep.Status, detail: String, since start: ContinuousClock.Instant,
                         reason: LinkFailureReason? = nil) {
        let elapsed = clock.now - start
        record(id, status, detail: detail, durationMs: Int(elapsed.components.seconds * 1000 + elapsed.components.attoseconds / 1_000_000_000_000_000), reason: reason)
    }

    mutating func record(_ id: String, _ status: ConnectivityStep.Status, detail: String, durationMs: Int, reason: LinkFailureReason? = nil) {
        steps.append(ConnectivityStep(id: id, status: status, reason: reason, detail: detail, durationMs: durationMs))
    }

    mutating func finish(failing id: String, _ failure: LinkFailure, since start: ContinuousClock.Instant) -> ConnectivityReport {
        // Steps before the failing one that were not reached individually count as skipped.
        for earlier in ConnectivityCheck.stepIDs.prefix(while: { $0 != id }) where !steps.contains(where: { $0.id == earlier }) {
            record(earlier, .skipped, detail: "not checked separately", durationMs: 0)
        }
        record(id, .failed, detail: failure.detail, since: start, reason: failure.reason)
        for later in ConnectivityCheck.stepIDs.drop(while: { $0 != id }).dropFirst() {
            record(later, .skipped, detail: "skipped after the failure in \(id)", durationMs: 0)
        }
        return ConnectivityReport(steps: steps, failure: failure, serverVersion: serverVersion)
    }

    func report() -> ConnectivityReport {
        ConnectivityReport(steps: steps, failure: nil, serverVersion: serverVersion)
    }
}
