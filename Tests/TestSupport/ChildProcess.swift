// ChildProcess: a program started with posix_spawn for the tests, in place of Foundation's Process.
import Foundation
import Glibc
import Synchronization

public struct ChildProcessError: Error, CustomStringConvertible {
    public let description: String
}

/// A child process the tests start. Not Foundation's `Process`: on Linux its `run()` lists
/// /proc/self/fd by copying whole `dirent` records and now and then reads past glibc's buffer,
/// crashing the test process (swift-corelibs-foundation #5472, still in Swift 6.3.1; seen here in
/// `ThrowawayPKI` and in full runs). Here the parent marks its own descriptors close-on-exec, reading
/// each entry's name in place, and spawns with posix_spawn; the child gets only its standard input
/// (/dev/null, or a pipe with `pipeInput`) and the output it is given.
public final class ChildProcess: @unchecked Sendable {
    // @unchecked: `pid` and the read ends never change; the exit status is behind a Mutex.
    public let processIdentifier: pid_t
    /// The write end of standard input, with `pipeInput` (closing it is the child's end of input).
    public let standardInput: FileHandle?
    /// The read end of standard output or standard error, when captured.
    public let standardOutput: FileHandle?
    public let standardError: FileHandle?
    private let exit = Mutex<Int32?>(nil)

    /// Spawns are made one at a time, so that no spawn's pipe reaches another child.
    private static let spawnLock = Mutex(())

    public init(executable: String, arguments: [String], environment: [String: String]? = nil,
                captureOutput: Bool = false, captureError: Bool = false, pipeInput: Bool = false) throws {
        let (pid, input, output, error) = try Self.spawnLock.withLock { _ throws -> (pid_t, Int32, Int32, Int32) in
            Self.markDescriptorsCloseOnExec()
            var actions = posix_spawn_file_actions_t()
            posix_spawn_file_actions_init(&actions)
            defer { posix_spawn_file_actions_destroy(&actions) }
            /// The pipe (read end, write end) for `target`, or /dev/null there and nil.
            func pipeOrNull(_ capture: Bool, to target: Int32) throws -> (read: Int32, write: Int32)? {
                guard capture else {
                    posix_spawn_file_actions_addopen(&actions, target, "/dev/null", O_WRONLY, 0)
                    return nil
                }
                var ends: [Int32] = [0, 0]
                // pipe2 is not in the Glibc module; spawns hold the lock, so setting the flag after is safe.
                guard pipe(&ends) == 0 else { throw ChildProcessError(description: "pipe: errno \(errno)") }
                for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                posix_spawn_file_actions_adddup2(&actions, ends[1], target)
                return (ends[0], ends[1])
            }
            var inputPipe: (read: Int32, write: Int32)?
            if pipeInput {
                var ends: [Int32] = [0, 0]
                guard pipe(&ends) == 0 else { throw ChildProcessError(description: "pipe: errno \(errno)") }
                for end in ends { _ = fcntl(end, F_SETFD, FD_CLOEXEC) }
                posix_spawn_file_actions_adddup2(&actions, ends[0], 0)
                inputPipe = (ends[0], ends[1])
            } else {
                posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
            }
            let outputPipe = try pipeOrNull(captureOutput, to: 1)
            let errorPipe = try pipeOrNull(captureError, to: 2)
            // The child starts with no signal blocked and every signal at its default, whatever this
            // thread had: a blocked SIGTERM would leave a service running after the test stopped it.
            var attributes = posix_spawnattr_t()
            posix_spawnattr_init(&attributes)
            defer { posix_spawnattr_destroy(&attributes) }
            var none = sigset_t(), all = sigset_t()
            sigemptyset(&none)
            sigfillset(&all)
            posix_spawnattr_setsigmask(&attributes, &none)
            posix_spawnattr_setsigdefault(&attributes, &all)
            posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
            var pid: pid_t = 0
            let argv = ([executable] + arguments).map { strdup($0) } + [nil]
            let pairs = (environment ?? ProcessInfo.processInfo.environment).map { "\($0.key)=\($0.value)" }
            let envp = pairs.map { strdup($0) } + [nil]
            defer {
                argv.forEach { free($0) }
                envp.forEach { free($0) }
            }
            let status = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
            // The write ends stay only in the child, so a reader sees the end when the child exits.
            for pipe in [outputPipe, errorPipe].compactMap({ $0 }) { close(pipe.write) }
            if let inputPipe { close(inputPipe.read) }
            let input = inputPipe?.write ?? -1, output = outputPipe?.read ?? -1, error = errorPipe?.read ?? -1
            guard status == 0 else {
                if input >= 0 { close(input) }
                if output >= 0 { close(output) }
                if error >= 0 { close(error) }
                throw ChildProcessError(description: "cannot start \(executable): \(String(cString: strerror(status)))")
            }
            return (pid, input, output, error)
        }
        processIdentifier = pid
        standardInput = input >= 0 ? FileHandle(fileDescriptor: input, closeOnDealloc: true) : nil
        standardOutput = output >= 0 ? FileHandle(fileDescriptor: output, closeOnDealloc: true) : nil
        standardError = error >= 0 ? FileHandle(fileDescriptor: error, closeOnDealloc: true) : nil
    }

    /// True until the child has exited (it is reaped on the first look after that).
    public var isRunning: Bool { status(blocking: false) == nil }

    /// The exit status, or the number of the signal that ended the child (as Foundation reports it).
    /// Waits for the exit.
    public var terminationStatus: Int32 { status(blocking: true) ?? -1 }

    public func waitUntilExit() { _ = status(blocking: true) }

    public func terminate() { kill(processIdentifier, SIGTERM) }

    private func status(blocking: Bool) -> Int32? {
        if let known = exit.withLock({ $0 }) { return known }
        var raw: Int32 = 0
        while true {
            let result = waitpid(processIdentifier, &raw, blocking ? 0 : WNOHANG)
            if result == -1, errno == EINTR { continue }
            guard result == processIdentifier else { return exit.withLock { $0 } }
            break
        }
        // WIFEXITED / WEXITSTATUS / WTERMSIG, spelled out (the macros are not imported).
        let signal = raw & 0x7F
        let value = signal == 0 ? (raw >> 8) & 0xFF : signal
        exit.withLock { $0 = value }
        return value
    }

    /// Sets FD_CLOEXEC on every descriptor of this process above standard error, so a child never
    /// inherits a socket, a pipe or a database the test process holds. Names are read in place:
    /// copying a whole `dirent` is the very over-read Foundation's Process makes.
    private static func markDescriptorsCloseOnExec() {
        guard let directory = opendir("/proc/self/fd") else { return }
        defer { closedir(directory) }
        let own = dirfd(directory)
        let nameOffset = MemoryLayout<dirent>.offset(of: \dirent.d_name) ?? 19
        while let entry = readdir(directory) {
            let name = String(cString: UnsafeRawPointer(entry).advanced(by: nameOffset).assumingMemoryBound(to: CChar.self))
            guard let fd = Int32(name), fd > 2, fd != own else { continue }
            let flags = fcntl(fd, F_GETFD)
            if flags >= 0, flags & FD_CLOEXEC == 0 { _ = fcntl(fd, F_SETFD, flags | FD_CLOEXEC) }
        }
    }
}
