// SecretKeySource: where the key that seals secrets at rest comes from: A4B_SECRET_KEY, or the data directory's key file.
import Foundation

/// Finds the 32-byte ``SecretBox`` key at start-up.
///
/// Contract:
/// - `A4B_SECRET_KEY`, when set (even to an empty string), must be base64 of exactly 32 bytes, and wins; a
///   malformed value is an error, never a reason to fall back to the file (that would seal under a key the operator
///   does not know about);
/// - otherwise `<dataDirectory>/secret.key` is used: 32 raw bytes, or base64 text of 32 bytes (surrounding
///   whitespace ignored). A file any other user may access is refused (see ``SecretFile``);
/// - a missing key file is created with 32 random bytes and mode 0600, and reused on every later start. Losing it
///   loses every sealed password: back it up with the database.
public enum SecretKeySource {
    /// The environment variable read by the executable and passed in as `environmentValue`.
    public static let environmentVariable = "A4B_SECRET_KEY"
    /// The key file's name inside the data directory.
    public static let fileName = "secret.key"

    /// - Parameters:
    ///   - environmentValue: the value of `A4B_SECRET_KEY`, nil when unset.
    ///   - dataDirectory: the directory that holds (or will hold) `secret.key`; it must exist.
    ///   - createIfMissing: false on a shared (PostgreSQL) database: a missing file is then
    ///     ``SecretError/sharedSecretMissing(variable:path:)``, not a new key other replicas do not know.
    /// - Returns: the key and where it came from, for the start-up log: `environment A4B_SECRET_KEY`,
    ///   `key file <path>` or `new key file <path>` (never the key itself).
    /// - Throws: ``SecretError/malformedEnvironmentValue(variable:expected:)``, ``SecretError/malformedFile(path:expected:)``,
    ///   ``SecretError/fileTooOpen(path:mode:)``, ``SecretError/fileError(path:reason:)``.
    public static func load(environmentValue: String?, dataDirectory: String, createIfMissing: Bool = true) throws -> (key: [UInt8], origin: String) {
        if let environmentValue {
            guard let key = decodeBase64Key(environmentValue) else {
                throw SecretError.malformedEnvironmentValue(variable: environmentVariable, expected: expectedForm)
            }
            return (key, "environment \(environmentVariable)")
        }
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        // Replicas on one database cannot each make up their own: what one sealed, the others could not open.
        if !createIfMissing, try SecretFile.readContents(path: path) == nil {
            throw SecretError.sharedSecretMissing(variable: environmentVariable, path: path)
        }
        let (contents, created) = try SecretFile.readOrCreate(path: path) { try secureRandomBytes(SecretBox.keyLength) }
        if contents.count == SecretBox.keyLength {
            return (contents, created ? "new key file \(path)" : "key file \(path)")
        }
        guard let text = String(validating: contents, as: UTF8.self), let key = decodeBase64Key(text) else {
            throw SecretError.malformedFile(path: path, expected: "32 raw bytes, or \(expectedForm)")
        }
        return (key, "key file \(path)")
    }

    private static let expectedForm = "base64 of exactly 32 bytes (44 characters, e.g. from `openssl rand -base64 32`)"

    private static func decodeBase64Key(_ text: String) -> [UInt8]? {
        guard let data = Data(base64Encoded: text.trimmingCharacters(in: .whitespacesAndNewlines)),
            data.count == SecretBox.keyLength
        else { return nil }
        return [UInt8](data)
    }
}
