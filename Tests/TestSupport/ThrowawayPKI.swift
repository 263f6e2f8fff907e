// Real TLS for tests: a throwaway CA and certificates made with the openssl command, and a TLS relay.
import Foundation
import Glibc
import Synchronization

/// Certificates for 127.0.0.1 signed by a throwaway CA, made with the `openssl` command in a temp folder.
public struct ThrowawayPKI: Sendable {
    public let folder: String
    public var caFile: String { folder + "/ca.pem" }
    public var key: String { folder + "/server.key" }
    public var valid: String { folder + "/valid.pem" }
    public var expired: String { folder + "/expired.pem" }
    public var wrongName: String { folder + "/wrong-name.pem" }

    public init() throws {
        folder = FileManager.default.temporaryDirectory.appendingPathComponent("a4b-pki-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        // Absolute paths everywhere: a Process with a currentDirectoryURL changes the whole test process's working
        // directory around its spawn, which crashed concurrent Process.run calls (memmove inside Foundation).
        let dir = folder
        try Data("[ca]\ndefault_ca = local\n[local]\ndatabase = \(dir)/index.txt\nnew_certs_dir = \(dir)\nserial = \(dir)/serial\ndefault_md = sha256\npolicy = anything\ncopy_extensions = copy\n[anything]\ncommonName = supplied\n".utf8)
            .write(to: URL(fileURLWithPath: dir + "/ca.cnf"))
        try Data().write(to: URL(fileURLWithPath: dir + "/index.txt"))
        try Data("1000\n".utf8).write(to: URL(fileURLWithPath: dir + "/serial"))
        try Data("subjectAltName=IP:127.0.0.1,DNS:localhost\n".utf8).write(to: URL(fileURLWithPath: dir + "/loopback.ext"))
        try Data("subjectAltName=DNS:mail.contoso.com\n".utf8).write(to: URL(fileURLWithPath: dir + "/contoso.ext"))
        func path(_ name: String) -> String { dir + "/" + name }
        try Self.lock.withLock { _ in
            try run(["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", path("ca.key"), "-out", path("ca.pem"), "-days", "2", "-subj", "/CN=a4b throwaway test CA"])
            try run(["req", "-newkey", "rsa:2048", "-nodes", "-keyout", path("server.key"), "-out", path("server.csr"), "-subj", "/CN=127.0.0.1"])
            try run(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial", "-out", path("valid.pem"),
                     "-days", "2", "-extfile", path("loopback.ext")])
            try run(["x509", "-req", "-in", path("server.csr"), "-CA", path("ca.pem"), "-CAkey", path("ca.key"), "-CAcreateserial", "-out", path("wrong-name.pem"),
                     "-days", "2", "-extfile", path("contoso.ext")])
            try run(["ca", "-batch", "-config", path("ca.cnf"), "-cert", path("ca.pem"), "-keyfile", path("ca.key"), "-in", path("server.csr"),
                     "-out", path("expired.pem"), "-startdate", "20200101000000Z", "-enddate", "20200102000000Z", "-extfile", path("loopback.ext")])
        }
    }

    /// One PKI is made at a time: each is five openssl runs, and suites make theirs at once.
    private static let lock = Mutex(())

    public func remove() { try? FileManager.default.removeItem(atPath: folder) }

    private func run(_ arguments: [String]) throws {
        let process = try ChildProcess(executable: "/usr/bin/openssl", arguments: arguments)
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw ServiceError("openssl \(arguments.first ?? "") failed with \(process.terminationStatus)")
        }
    }
}

public struct ServiceError: Error, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}

/// `Tests/Interop/tls_front.py`: TLS on a free loopback port, relayed to a plain backend port (HTTP, or SMTP for
/// smtps://). With `startTLS`, an SMTP front that offers STARTTLS instead.
public final class TLSFront: @unchecked Sendable {  // only its deinit touches the process after init
    public let process: ChildProcess
    public let port: Int

    public init(certificate: String, key: String, backendPort: Int, startTLS: Bool = false) throws {
        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Interop/tls_front.py").path  // Tests/Interop beside Tests/TestSupport
        process = try ChildProcess(
            executable: "/usr/bin/env", arguments: ["python3", script, certificate, key, String(backendPort)] + (startTLS ? ["starttls"] : []),
            captureOutput: true, pipeInput: true)
        let output = process.standardOutput!
        // Byte by byte up to the newline, read again when SIGCHLD interrupts (see InterruptibleReads).
        var line = Data()
        var byte: UInt8 = 0
        while true {
            let count = read(output.fileDescriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            if count <= 0 || byte == UInt8(ascii: "\n") { break }
            line.append(byte)
        }
        guard let port = Int(String(decoding: line, as: UTF8.self)) else { throw ServiceError("tls_front.py did not print a port") }
        self.port = port
    }

    deinit {
        try? process.standardInput?.close()  // the relay exits when its stdin closes
        process.waitUntilExit()
    }
}

