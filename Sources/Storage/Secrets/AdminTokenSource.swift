// AdminTokenSource: where the operator's admin token comes from: A4B_ADMIN_TOKEN, or the data directory's token file.
import Foundation

/// Finds the admin token at start-up.
///
/// Contract:
/// - `A4B_ADMIN_TOKEN`, when set (even to an empty string), must hold at least 16 characters, and wins;
/// - otherwise `<dataDirectory>/admin-token` is used (surrounding whitespace ignored, at least 16 characters). A
///   file any other user may access is refused (see ``SecretFile``);
/// - a missing token file is created with 32 random bytes as 64 lowercase hex characters and mode 0600, and reused
///   on every later start; `created` tells the executable to say where the operator can read it.
/// Compare presented tokens with ``constantTimeEquals(_:_:)``, never `==`.
public enum AdminTokenSource {
    /// The environment variable read by the executable and passed in as `environmentValue`.
    public static let environmentVariable = "A4B_ADMIN_TOKEN"
    /// The token file's name inside the data directory.
    public static let fileName = "admin-token"
    /// The shortest token accepted.
    public static let minimumLength = 16

    /// - Parameters:
    ///   - environmentValue: the value of `A4B_ADMIN_TOKEN`, nil when unset.
    ///   - dataDirectory: the directory that holds (or will hold) `admin-token`; it must exist.
    ///   - createIfMissing: false on a shared (PostgreSQL) database: a missing file is then
    ///     ``SecretError/sharedSecretMissing(variable:path:)``, not a new token other replicas do not know.
    /// - Returns: the token; where it came from (`environment A4B_ADMIN_TOKEN` or `token file <path>`, never the
    ///   token); and whether this call created the file.
    /// - Throws: ``SecretError/malformedEnvironmentValue(variable:expected:)``, ``SecretError/malformedFile(path:expected:)``,
    ///   ``SecretError/fileTooOpen(path:mode:)``, ``SecretError/fileError(path:reason:)``.
    public static func load(environmentValue: String?, dataDirectory: String, createIfMissing: Bool = true) throws -> (token: String, origin: String, created: Bool) {
        if let environmentValue {
            guard environmentValue.count >= minimumLength else {
                throw SecretError.malformedEnvironmentValue(variable: environmentVariable, expected: expectedForm)
            }
            return (environmentValue, "environment \(environmentVariable)", false)
        }
        let path = (dataDirectory as NSString).appendingPathComponent(fileName)
        // Replicas on one database cannot each make up their own: what one sealed, the others could not open.
        if !createIfMissing, try SecretFile.readContents(path: path) == nil {
            throw SecretError.sharedSecretMissing(variable: environmentVariable, path: path)
        }
        let (contents, created) = try SecretFile.readOrCreate(path: path) {
            let hex = try secureRandomBytes(32).map { ($0 < 16 ? "0" : "") + String($0, radix: 16) }.joined()
            return Array((hex + "\n").utf8)
        }
        guard let text = String(validating: contents, as: UTF8.self)?.trimmingCharacters(in: .whitespacesAndNewlines),
            text.count >= minimumLength
        else {
            throw SecretError.malformedFile(path: path, expected: expectedForm)
        }
        return (text, "token file \(path)", created)
    }

    private static let expectedForm = "a token of at least \(minimumLength) characters"
}
