// SecretFile: reading and creating the small owner-only files that hold the secret key and the admin token.
import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A file in the data directory that only its owner may read.
///
/// Contract:
/// - a file is read only when it is a regular file (symbolic links followed) with no permission bit for group or
///   others; otherwise ``SecretError/fileTooOpen(path:mode:)`` says to `chmod 600` it;
/// - a file is created with mode 0600 from the first system call (`O_CREAT | O_EXCL`, no `chmod` afterwards), fully
///   written and synced under a temporary name, then published with `link(2)`, which never replaces a file: a
///   crash leaves no half-written key, and of two processes creating it at once both end up with the winner's.
enum SecretFile {
    /// Largest file read; key and token files are well under it.
    static let maximumSize = 4096

    /// The file's contents and whether this call created it with `makeContents()`.
    static func readOrCreate(path: String, makeContents: () throws -> [UInt8]) throws -> (contents: [UInt8], created: Bool) {
        if let existing = try readContents(path: path) {
            return (existing, false)
        }
        let contents = try makeContents()
        if try createExclusively(path: path, contents: contents) {
            return (contents, true)
        }
        // Another process published it between our read and our link: use theirs.
        guard let theirs = try readContents(path: path) else {
            throw SecretError.fileError(path: path, reason: "the file appeared and vanished again while being created")
        }
        return (theirs, false)
    }

    /// The file's bytes, or nil when there is no file at `path`.
    static func readContents(path: String) throws -> [UInt8]? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { return nil }
            throw SecretError.fileError(path: path, reason: "cannot open: \(describe(code))")
        }
        defer { close(descriptor) }
        var status = stat()
        guard fstat(descriptor, &status) == 0 else {
            throw SecretError.fileError(path: path, reason: "cannot stat: \(describe(errno))")
        }
        guard status.st_mode & S_IFMT == S_IFREG else {
            throw SecretError.fileError(path: path, reason: "not a regular file")
        }
        let permissions = UInt32(status.st_mode) & 0o777
        guard permissions & 0o077 == 0 else {
            throw SecretError.fileTooOpen(path: path, mode: permissions)
        }
        var contents: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: maximumSize + 1)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw SecretError.fileError(path: path, reason: "cannot read: \(describe(errno))")
            }
            if count == 0 { break }
            contents += buffer[..<count]
            guard contents.count <= maximumSize else {
                throw SecretError.malformedFile(path: path, expected: "at most \(maximumSize) bytes")
            }
        }
        return contents
    }

    /// Creates `path` holding `contents` with mode 0600, unless a file is already there.
    ///
    /// - Returns: false, having written nothing at `path`, when a file already exists there.
    static func createExclusively(path: String, contents: [UInt8]) throws -> Bool {
        let suffix = try secureRandomBytes(8).map { String($0, radix: 16) }.joined()
        let temporary = "\(path).creating-\(suffix)"
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, mode_t(0o600))
        guard descriptor >= 0 else {
            throw SecretError.fileError(path: path, reason: "cannot create: \(describe(errno))")
        }
        // The temporary name goes away whatever happens; once linked, the file lives on under `path`.
        defer { unlink(temporary) }
        do {
            defer { close(descriptor) }
            var offset = 0
            while offset < contents.count {
                let count = contents.withUnsafeBytes {
                    write(descriptor, $0.baseAddress! + offset, $0.count - offset)
                }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw SecretError.fileError(path: path, reason: "cannot write: \(describe(errno))")
                }
                offset += count
            }
            guard fsync(descriptor) == 0 else {
                throw SecretError.fileError(path: path, reason: "cannot sync: \(describe(errno))")
            }
        }
        guard link(temporary, path) == 0 else {
            if errno == EEXIST { return false }
            throw SecretError.fileError(path: path, reason: "cannot create (link from a temporary file): \(describe(errno))")
        }
        syncDirectory(of: path)
        return true
    }

    /// Makes the new directory entry durable; best effort, since the file itself is already synced.
    private static func syncDirectory(of path: String) {
        let directory = (path as NSString).deletingLastPathComponent
        let descriptor = open(directory.isEmpty ? "." : directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    private static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
