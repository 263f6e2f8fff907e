// ProcessStatus: what a running process holds, read from /proc (Linux): resident memory and open descriptors.
import Foundation

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

    /// The value of a `Name:   1234 kB` line of /proc/<pid>/status.
    public static func kilobytes(_ field: String, in status: String) -> Int? {
        let line = status.split(separator: "\n").first { $0.hasPrefix(field + ":") }
        return line?.split(whereSeparator: { $0 == " " || $0 == "\t" }).dropFirst().first.flatMap { Int($0) }
    }
}
