// The data folder: created private (0700), holding the SQLite database and key files.
import Foundation
import Glibc

/// The service's data folder. Everything secret lives here, so it is created readable by its owner only.
public struct DataDirectory: Sendable {
    public let path: String

    /// Creates the folder (and parents) with mode 0700 when missing. Throws a message naming the path.
    public init(path: String) throws {
        let url = URL(fileURLWithPath: path).standardizedFileURL
        self.path = url.path
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: self.path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DataDirectoryError("\(self.path) exists and is not a folder") }
            return
        }
        do {
            try FileManager.default.createDirectory(atPath: self.path, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        } catch {
            throw DataDirectoryError("cannot create data folder \(self.path): \(error.localizedDescription)")
        }
    }

    /// The SQLite database file.
    public var databasePath: String { path + "/a4b-calendar.sqlite" }
}
