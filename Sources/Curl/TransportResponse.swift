// What a server answered an HTTP POST.
import Foundation

/// What the server answered.
public struct TransportResponse: Sendable {
    public let status: Int
    /// Header fields of the final response, in order (names as sent).
    public let headers: [(name: String, value: String)]
    public let body: [UInt8]
    /// TCP connections this call had to open (0 when it reused a kept-alive one).
    public let newConnections: Int
    /// The address actually connected to.
    public let remoteAddress: String
    /// Seconds from the start until the TCP connection was up, and until TLS was up (0 for http, or
    /// for a reused connection).
    public var connectSeconds: Double = 0
    public var tlsSeconds: Double = 0

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }

    /// The scheme of every `WWW-Authenticate` challenge, in order (`Negotiate`, `NTLM`, `Basic`), whether
    /// sent as separate lines or folded into one (`Negotiate, NTLM`).
    public var authenticationSchemes: [String] {
        headerValues("WWW-Authenticate")
            .flatMap { $0.split(separator: ",") }
            .compactMap { $0.split(separator: " ").first.map { String($0).trimmingCharacters(in: .whitespaces) } }
            .filter { !$0.isEmpty && !$0.contains("=") }
    }

    /// Every value of a header field (e.g. each `WWW-Authenticate` challenge).
    public func headerValues(_ name: String) -> [String] {
        headers.filter { $0.name.lowercased() == name.lowercased() }.map(\.value)
    }
}
