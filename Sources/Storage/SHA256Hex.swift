// sha256Hex: SHA-256 digests as lowercase hex, through OpenSSL's libcrypto.
import CLibCrypto

/// The SHA-256 digest of `bytes` as 64 lowercase hexadecimal characters.
///
/// Used for migration checksums and API key hashes, so its output format must never change: lowercase, no
/// separators, no prefix.
public func sha256Hex(_ bytes: [UInt8]) -> String {
    var digest = [UInt8](repeating: 0, count: Int(SHA256_DIGEST_LENGTH))
    // An empty array may have no storage at all; hand OpenSSL a real (unread) byte instead of a null pointer.
    let input = bytes.isEmpty ? [0] : bytes
    input.withUnsafeBufferPointer { buffer in
        _ = SHA256(buffer.baseAddress, bytes.count, &digest)
    }
    let hexDigits = Array("0123456789abcdef".utf8)
    var hex = [UInt8]()
    hex.reserveCapacity(digest.count * 2)
    for byte in digest {
        hex.append(hexDigits[Int(byte >> 4)])
        hex.append(hexDigits[Int(byte & 0x0F)])
    }
    return String(decoding: hex, as: UTF8.self)
}
