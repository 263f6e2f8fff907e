// ProcessStatus: what a running process holds, read from /proc (Linux): resident memory and open descriptors.
import Foundation
import Glibc

/// One reading of `/proc/<pid>/status` and `/proc/<pid>/fd`; nil fields when the process is gone.
public struct ProcessStatus: Sendable {
    /// `VmRSS`: resident memory, in bytes.
    public let residentBytes: Int
    /// `RssAnon`: the resident anonymous memory (heap, stacks), in bytes: what grows when a process leaks.
    public let anonymousBytes: Int
    /// Entries of /proc/<pid>/fd.
    public let openDescriptors: Int

    public static func read(pid: Int32) -> ProcessStatus? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
              let rss = kilobytes("VmRSS", in: status), let anon = kilobytes("RssAnon", in: status),
              let fds = openDescriptors(pid: pid) else { return nil }
        return ProcessStatus(residentBytes: rss * 1024, anonymousBytes: anon * 1024, openDescriptors: fds)
    }

    public static func openDescriptors(pid: Int32) -> Int? {
        (try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd"))?.count
    }

    /// One of a process's TCP sockets, as /proc/<pid>/net/tcp and tcp6 list it.
    public struct TCPSocket: Sendable, Equatable {
        public let localPort: Int
        public let remotePort: Int
        /// The kernel's state number: 1 ESTABLISHED, 8 CLOSE_WAIT, 10 LISTEN, ...
        public let state: Int

        public var isEstablished: Bool { state == 1 }
    }

    /// The TCP sockets among the process's descriptors (IPv4 and IPv6): each socket inode of /proc/<pid>/fd looked
    /// up in /proc/<pid>/net/tcp and tcp6. Nil when the process is gone.
    public static func tcpSockets(pid: Int32) -> [TCPSocket]? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return nil }
        var inodes = Set<Substring>()
        for entry in entries {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(entry)"),
                  target.hasPrefix("socket:[") else { continue }
            inodes.insert(Substring(target.dropFirst("socket:[".count).dropLast()))
        }
        var sockets: [TCPSocket] = []
        for table in ["tcp", "tcp6"] {
            guard let text = readWhole("/proc/\(pid)/net/\(table)") else { continue }
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9, inodes.contains(fields[9]),
                      let local = fields[1].split(separator: ":").last.flatMap({ Int($0, radix: 16) }),
                      let remote = fields[2].split(separator: ":").last.flatMap({ Int($0, radix: 16) }),
                      let state = Int(fields[3], radix: 16) else { continue }
                sockets.append(TCPSocket(localPort: local, remotePort: remote, state: state))
            }
        }
        return sockets
    }

    /// A /proc file to its end. Foundation's readers go by the size stat reports, which is 0 for /proc files, and
    /// return only the first page of a long table.
    static func readWhole(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The value of a `Name:   1234 kB` line of /proc/<pid>/status.
    public static func kilobytes(_ field: String, in status: String) -> Int? {
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
        return line?.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
    }
}
