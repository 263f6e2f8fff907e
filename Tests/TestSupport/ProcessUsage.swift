// What a running process costs, read from /proc: CPU time and resident memory.
import BenchSupport
import Foundation
import Glibc

/// Readings from `/proc/<pid>` (Linux). Nil when the process is gone or the file is not as expected.
public enum ProcessUsage {
    /// User plus system CPU time consumed so far, in seconds (`utime` + `stime` of /proc/<pid>/stat).
    public static func cpuSeconds(pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        // Fields after the command name, which may itself hold spaces: state is field 3, utime 14, stime 15.
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Resident set size now (`VmRSS`), in bytes.
    public static func residentBytes(pid: Int32) -> Int? { statusKilobytes("VmRSS", pid: pid).map { $0 * 1024 } }

    /// The most resident memory the process has had (`VmHWM`), in bytes.
    public static func peakResidentBytes(pid: Int32) -> Int? { statusKilobytes("VmHWM", pid: pid).map { $0 * 1024 } }

    /// Resident anonymous memory now (`RssAnon`: heap and stacks, what a leak grows), in bytes.
    public static func anonymousBytes(pid: Int32) -> Int? { statusKilobytes("RssAnon", pid: pid).map { $0 * 1024 } }

    /// Open file descriptors (entries of /proc/<pid>/fd).
    public static func openDescriptors(pid: Int32) -> Int? { ProcessStatus.openDescriptors(pid: pid) }

    /// How many of the process's descriptors are TCP connections to `remotePort` on loopback (IPv4 or IPv6), in
    /// any state: each socket's inode in /proc/<pid>/fd, looked up in /proc/<pid>/net/tcp and tcp6.
    public static func connections(pid: Int32, remotePort: Int) -> Int? {
        guard let entries = try? FileManager.default.contentsOfDirectory(atPath: "/proc/\(pid)/fd") else { return nil }
        var inodes = Set<Substring>()
        for entry in entries {
            guard let target = try? FileManager.default.destinationOfSymbolicLink(atPath: "/proc/\(pid)/fd/\(entry)"),
                  target.hasPrefix("socket:[") else { continue }
            inodes.insert(Substring(target.dropFirst("socket:[".count).dropLast()))
        }
        let wanted = String(remotePort, radix: 16, uppercase: true)
        var count = 0
        for table in ["tcp", "tcp6"] {
            guard let text = readWhole("/proc/\(pid)/net/\(table)") else { continue }
            // "sl local_address rem_address st tx_queue:rx_queue tr:tm->when retrnsmt uid timeout inode ..."
            for line in text.split(separator: "\n").dropFirst() {
                let fields = line.split(separator: " ")
                guard fields.count > 9, let remote = fields[2].split(separator: ":").last else { continue }
                let port = remote.drop { $0 == "0" }
                if port == Substring(wanted), inodes.contains(fields[9]) { count += 1 }
            }
        }
        return count
    }

    /// A /proc file to its end. Foundation's readers go by the size stat reports, which is 0 for /proc files, and
    /// return only the first page of a long table.
    private static func readWhole(_ path: String) -> String? {
        let fd = open(path, O_RDONLY)
        guard fd >= 0 else { return nil }
        defer { close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            bytes += chunk[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    private static func statusKilobytes(_ field: String, pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return ProcessStatus.kilobytes(field, in: status)
    }
}
