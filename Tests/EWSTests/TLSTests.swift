// Real TLS in front of fake-exchange (a throwaway CA made with the openssl command, a Python TLS relay):
// a trusted private CA works only with --ews-ca-file; untrusted, expired and wrong-name certificates
// are told apart.
import EWS
import Foundation
import Glibc
import Logging
import Testing

/// Certificates for 127.0.0.1 signed by a throwaway CA, made with the `openssl` command in a temp folder.
struct ThrowawayPKI {
    let folder: String
    var caFile: String { folder + "/ca.pem" }
    var key: String { folder + "/server.key" }
    var valid: String { folder + "/valid.pem" }
    var expired: String { folder + "/expired.pem" }
    var wrongName: String { folder + "/wrong-name.pem" }

    init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("a4b-pki-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        try Data("[ca]\ndefault_ca = local\n[local]\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\ndefault_md = sha256\npolicy = anything\ncopy_extensions = copy\n[anything]\ncommonName = supplied\n".utf8)
            .write(to: URL(fileURLWithPath: folder + "/ca.cnf"))
        try Data().write(to: URL(fileURLWithPath: folder + "/index.txt"))
        try Data("1000\n".utf8).write(to: URL(fileURLWithPath: folder + "/serial"))
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\n".utf8).write(to: URL(fileURLWithPath: folder + "/loopback.ext"))
        try Data("subjectAltName=DNS:mail.contoso.com\n".utf8).write(to: URL(fileURLWithPath: folder + "/contoso.ext"))
        try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", "ca.key", "-out", "ca.pem", "-days", "2", "-subj", "/CN=a4b throwaway test CA"])
        try run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", "server.key", "-out", "server.csr", "-subj", "/CN=127.0.0.1"])
        try run(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "valid.pem", "-days", "2", "-extfile", "loopback.ext"])
        try run(["x509", "-req", "-in", "server.csr", "-CA", "ca.pem", "-CAkey", "ca.key", "-CAcreateserial", "-out", "wrong-name.pem", "-days", "2", "-extfile", "contoso.ext"])
        try run(["ca", "-batch", "-config", "ca.cnf", "-cert", "ca.pem", "-keyfile", "ca.key", "-in", "server.csr", "-out", "expired.pem",
                 "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-extfile", "loopback.ext"])
    }

    func remove() { try? FileManager.default.removeItem(atPath: folder) }

    private func run(_ arguments: [String]) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/openssl")
        process.arguments = arguments
        process.currentDirectoryURL = URL(fileURLWithPath: folder)
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServiceError("openssl \(arguments.first ?? "") failed with \(process.terminationStatus)")
        }
    }
}

struct ServiceError: Error, CustomStringConvertible {
    let description: String
    init(_ description: String) { self.description = description }
}

/// `Tests/Interop/tls_front.py`: TLS on a free loopback port, relayed to a plain-HTTP backend port.
final class TLSFront {
    let process = Process()
    private let input = Pipe()
    let port: Int

    init(certificate: String, key: String, backendPort: Int) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/tls_front.py").path
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, certificate, key, String(backendPort)]
        let output = Pipe()
        process.standardOutput = output
        process.standardInput = input
        try process.run()
        var line = Data()
        while let byte = try output.fileHandleForReading.read(upToCount: 1), !byte.isEmpty, byte != Data("\n".utf8) { line.append(byte) }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw ServiceError("tls_front.py did not print a port") }
        self.port = port
    }

    deinit {
        try? input.fileHandleForWriting.close()  // the relay exits when its stdin closes
        process.waitUntilExit()
    }
}

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
        let pki = try ThrowawayPKI()
        defer { pki.remove() }
        try await FakeEnvironment.run { env in
            let front = try TLSFront(certificate: pki.valid, key: pki.key, backendPort: env.port)
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
        let pki = try ThrowawayPKI()
        defer { pki.remove() }
        try await FakeEnvironment.run { env in
            let front = try TLSFront(certificate: pki.expired, key: pki.key, backendPort: env.port)
            let (client, transport) = client(env, port: front.port, caFile: pki.caFile)
            defer { transport.shutdown() }
            let error = await ewsError { _ = try await client.probe(timeout: .seconds(10)) }
            guard case .tls(.expired, _) = error else { Issue.record("got \(String(describing: error))"); return }
        }
    }

    @Test func certificateForAnotherNameIsTold() async throws {
        let pki = try ThrowawayPKI()
        defer { pki.remove() }
        try await FakeEnvironment.run { env in
            let front = try TLSFront(certificate: pki.wrongName, key: pki.key, backendPort: env.port)
            let (client, transport) = client(env, port: front.port, caFile: pki.caFile)
            defer { transport.shutdown() }
            let error = await ewsError { _ = try await client.probe(timeout: .seconds(10)) }
            guard case .tls(.nameMismatch, _) = error else { Issue.record("got \(String(describing: error))"); return }
        }
    }
}
