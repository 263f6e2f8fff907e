// InterruptibleReads: reading a child process's pipes when a signal may interrupt the read. SIGCHLD does each time
// a test's child exits, and Foundation's readDataToEndOfFile() and availableData then stop the whole test process
// (a `try!` on EINTR inside Foundation), which a CI run saw as "signal code 4".
import Foundation
import Glibc

extension FileHandle {
    /// What one read(2) returns, read again when a signal interrupted it; empty at end of file (or on another error).
    /// `availableData` without its crash.
    public func readChunkRetryingInterrupts() -> Data {
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { Glibc.read(fileDescriptor, $0.baseAddress, $0.count) }
            if count >= 0 { return Data(buffer[..<count]) }
            if errno != EINTR { return Data() }
        }
    }

    /// Everything up to end of file: `readDataToEndOfFile()` without its crash.
    public func readToEndRetryingInterrupts() -> Data {
        var data = Data()
        while true {
            let chunk = readChunkRetryingInterrupts()
            if chunk.isEmpty { return data }
            data.append(chunk)
        }
    }
}
