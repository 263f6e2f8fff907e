// Real TLS in front of fake-exchange (a throwaway CA made with the openssl command, a Python TLS relay):
// a trusted private CA works only with --ews-ca-file; untrusted, expired and wrong-name certificates
// are told apart.
import Curl
import EWS
import Foundation
import Glibc
import Logging
import TestSupport
import Testing

@Suite(.serialized) struct TLSTests {
    private func client(_ env: FakeEnvironment, port: Int, host: String = "127.0.0.1", caFile: String?) -> (EWSClient, CurlTransport) {
        var configuration = CurlTransport.Configuration()
        configuration.addressPolicy = .allowAll
        configuration.caFile = caFile
        let transport = CurlTransport(configuration: configuration)
        let client = EWSClient(endpoint: "https://\(host):\(port)/EWS/Exchange.asmx", username: "svc@contoso.com", password: "svc-secret",
                               transport: transport, logger: Logger(label: "t") { _ in SwiftLogNoOpLogHandler() })
        return (client, transport)
    }

    @Test func privateCAIsTrustedOnlyWhenConfigured() async throws {
        let pki = try await offThePool { try ThrowawayPKI() }
        defer { pki.remove() }
        try await FakeEnvironment.run { env in
            let front = try await offThePool { try TLSFront(certificate: pki.valid, key: pki.key, backendPort: env.port) }
            let (trusting, transport) = client(env, port: front.port, caFile: pki.caFile)
            defer { transport.shutdown() }
            #expect(try await trusting.probe(timeout: .seconds(10)).build == "15.1.2507.6")

            let (systemOnly, systemTransport) = client(env, port: front.port, caFile: nil)
            defer { systemTransport.shutdown() }
            let error = await ewsError { _ = try await systemOnly.probe(timeout: .seconds(10)) }
            guard case .tls(.untrusted, _) = error else { Issue.record("got \(String(describing: error))"); return }
        }
    }

    @Test func expiredCertificateIsTold() async throws {
        let pki = try await offThePool { try ThrowawayPKI() }
        defer { pki.remove() }
        try await FakeEnvironment.run { env in
            let front = try await offThePool { try TLSFront(certificate: pki.expired, key: pki.key, backendPort: env.port) }
            let (client, transport) = client(env, port: front.port, caFile: pki.caFile)
            defer { transport.shutdown() }
            let error = await ewsError { _ = try await client.probe(timeout: .seconds(10)) }
            guard case .tls(.expired, _) = error else { Issue.record("got \(String(describing: error))"); return }
        }
    }

    @Test func certificateForAnotherNameIsTold() async throws {
        let pki = try await offThePool { try ThrowawayPKI() }
        defer { pki.remove() }
        try await FakeEnvironment.run { env in
            let front = try await offThePool { try TLSFront(certificate: pki.wrongName, key: pki.key, backendPort: env.port) }
            let (client, transport) = client(env, port: front.port, caFile: pki.caFile)
            defer { transport.shutdown() }
            let error = await ewsError { _ = try await client.probe(timeout: .seconds(10)) }
            guard case .tls(.nameMismatch, _) = error else { Issue.record("got \(String(describing: error))"); return }
        }
    }
}
