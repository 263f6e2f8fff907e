// What a running process costs, read from /proc: CPU time and resident memory.
import BenchSupport
import Foundation

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

    /// How many of the process's descriptors are TCP connections to `remotePort` (IPv4 or IPv6), in any state.
    public static func connections(pid: Int32, remotePort: Int) -> Int? {
        ProcessStatus.tcpSockets(pid: pid)?.filter { $0.remotePort == remotePort }.count
    }

    private static func statusKilobytes(_ field: String, pid: Int32) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8) else { return nil }
        return ProcessStatus.kilobytes(field, in: status)
    }
}
