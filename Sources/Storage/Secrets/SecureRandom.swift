// secureRandomBytes: cryptographically secure random bytes from OpenSSL's CSPRNG, for nonces, keys and tokens.
import CLibCrypto

/// `count` bytes from `RAND_bytes` (OpenSSL's DRBG, seeded by the operating system).
///
/// - Throws: ``SecretError/cryptoFailure(_:)`` when OpenSSL cannot produce them (no entropy source); never returns
///   weaker bytes instead.
func secureRandomBytes(_ count: Int) throws -> [UInt8] {
    var bytes = [UInt8](repeating: 0, count: count)
    guard count > 0 else { return bytes }
    guard RAND_bytes(&bytes, Int32(count)) == 1 else { throw SecretError.cryptoFailure("RAND_bytes") }
    return bytes
}
