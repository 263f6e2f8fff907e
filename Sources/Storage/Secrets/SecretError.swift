// SecretError: every failure sealing, opening or loading a secret, each with a stable code and an actionable message.

/// A failure of ``SecretBox``, ``SecretKeySource`` or ``AdminTokenSource``.
///
/// `code` is stable across releases; `message` is for humans. No message ever carries key material, a token, a
/// plaintext or the value of an environment variable: only names, paths, lengths and modes.
public enum SecretError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A ``SecretBox`` key that is not exactly 32 bytes; carries the length given.
    case invalidKeyLength(Int)
    /// A sealed secret did not open: altered, truncated, sealed under another key or with other associated data.
    case openFailed
    /// OpenSSL failed where it should not (allocation, no entropy source); names the call.
    case cryptoFailure(String)
    /// An environment variable holds something other than what it must hold.
    case malformedEnvironmentValue(variable: String, expected: String)
    /// A key or token file holds something other than what it must hold.
    case malformedFile(path: String, expected: String)
    /// A key or token file with any permission bit for group or others; carries its permission bits.
    case fileTooOpen(path: String, mode: UInt32)
    /// A key or token file could not be read or created.
    case fileError(path: String, reason: String)
    /// A secret every replica must share (the sealing key, the admin token) is neither in the environment nor in an
    /// existing file, and the service may not make one up: it runs on a database other replicas share.
    case sharedSecretMissing(variable: String, path: String)

    /// Stable, machine-readable identifier of the failure kind.
    public var code: String {
        switch self {
        case .invalidKeyLength: "secret.invalid_key_length"
        case .openFailed: "secret.open_failed"
        case .cryptoFailure: "secret.crypto_failure"
        case .malformedEnvironmentValue: "secret.malformed_environment_value"
        case .malformedFile: "secret.malformed_file"
        case .fileTooOpen: "secret.file_too_open"
        case .fileError: "secret.file_error"
        case .sharedSecretMissing: "secret.shared_secret_missing"
        }
    }

    /// What went wrong and what to do about it.
    public var message: String {
        switch self {
        case .invalidKeyLength(let length):
            "an AES-256-GCM key must be exactly 32 bytes, not \(length)"
        case .openFailed:
            "the sealed secret does not open: it was altered or truncated, or sealed under another key or for "
                + "another record; if the secret key changed, restore the old one or link again"
        case .cryptoFailure(let call):
            "OpenSSL failed in \(call)"
        case .malformedEnvironmentValue(let variable, let expected):
            "\(variable) is set but malformed: expected \(expected); fix or unset it"
        case .malformedFile(let path, let expected):
            "\(path) is malformed: expected \(expected)"
        case .fileTooOpen(let path, let mode):
            "\(path) has mode \(String(mode, radix: 8)) and other users may read or change it; "
                + "run `chmod 600 \(path)` (and make sure the service's user owns it)"
        case .fileError(let path, let reason):
            "\(path): \(reason)"
        case .sharedSecretMissing(let variable, let path):
            "\(variable) is not set and \(path) does not exist; on a shared PostgreSQL database every replica must use "
                + "the same value, so the service does not create one: set \(variable) to the same value on every replica "
                + "(the key: `openssl rand -base64 32`; the token: at least 32 characters, e.g. `openssl rand -hex 32`)"
        }
    }

    public var description: String { message }
}
