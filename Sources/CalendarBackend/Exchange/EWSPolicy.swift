// Which EWS endpoints this deployment may call, and how (TLS trust, private addresses, plain http).
import Curl
import EWS

/// Operator settings for outgoing EWS calls. Every fuzz or load run sets `allowedHosts` to loopback so
/// that no generated URL ever leaves the machine.
public struct EWSPolicy: Sendable {
    /// Host patterns (`mail.contoso.com`, `*.contoso.net`); empty: any host.
    public var allowedHosts: [String] = []
    /// Allow hosts that resolve to loopback, private, link-local or metadata addresses.
    public var allowPrivateAddresses = false
    /// Allow `http://` endpoints (tests and the demo).
    public var allowInsecureHTTP = false
    /// Extra CA bundle (PEM) trusted for EWS, beside the system store.
    public var caFile: String?

    public init() {}

    /// Whether `host` matches one of `allowedHosts` (`*.contoso.net` matches subdomains, not the apex).
    public func allows(host: String) -> Bool {
        guard !allowedHosts.isEmpty else { return true }
        // A fully qualified name's trailing dot names the same host.
        let host = host.lowercased().hasSuffix(".") ? String(host.lowercased().dropLast()) : host.lowercased()
        return allowedHosts.contains { pattern in
            let pattern = pattern.lowercased()
            if pattern.hasPrefix("*.") { return host.hasSuffix(pattern.dropFirst(1)) && host.count > pattern.count - 1 }
            return host == pattern
        }
    }

    /// The transport configuration that enforces this policy.
    public var transportConfiguration: CurlTransport.Configuration {
        var configuration = CurlTransport.Configuration()
        configuration.addressPolicy = AddressPolicy(allowPrivate: allowPrivateAddresses)
        configuration.allowInsecureHTTP = allowInsecureHTTP
        configuration.caFile = caFile
        return configuration
    }
}
