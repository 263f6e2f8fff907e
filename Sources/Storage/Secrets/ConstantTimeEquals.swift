// constantTimeEquals: comparing secrets (tokens, digests) without leaking where they first differ.
import CLibCrypto

/// Whether `a` and `b` hold the same bytes, in time that depends only on their lengths, never on their content.
///
/// Uses OpenSSL's `CRYPTO_memcmp` when the lengths match. Arrays of different lengths are unequal without any byte
/// being read, so only the length can leak: compare values whose length is not secret (fixed-size digests, or a
/// digest of each side).
public func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
    guard a.count == b.count else { return false }
    guard !a.isEmpty else { return true }
    return a.withUnsafeBytes { left in
        b.withUnsafeBytes { right in
            CRYPTO_memcmp(left.baseAddress, right.baseAddress, left.count) == 0
        }
    }
}

/// The same for the UTF-8 bytes of two strings (e.g. a presented admin token and the configured one).
public func constantTimeEquals(_ a: String, _ b: String) -> Bool {
    constantTimeEquals(Array(a.utf8), Array(b.utf8))
}
