// SecretBox: sealing and opening secrets at rest with AES-256-GCM, through OpenSSL's EVP API.
import CLibCrypto

/// Authenticated encryption of small secrets (service-account passwords) under one 32-byte key.
///
/// Contract:
/// - ``seal(_:associatedData:)`` returns `nonce(12) ‖ ciphertext ‖ tag(16)`, with a fresh random nonce every
///   call, so sealing the same plaintext twice gives different bytes;
/// - ``open(_:associatedData:)`` returns the plaintext only when the tag verifies under this key and exactly this
///   associated data; anything else (a flipped bit, truncation, another key, other associated data) throws
///   ``SecretError/openFailed`` and never returns bytes;
/// - associated data is authenticated, not encrypted: pass what the secret belongs to (e.g. the organization id),
///   so a ciphertext copied onto another record does not open;
/// - the key never appears in `description`, `debugDescription` or a mirror.
/// ```swift
/// let box = try SecretBox(key: key)
/// let sealed = try box.seal(Array(password.utf8), associatedData: Array(organizationID.utf8))
/// let password = try box.open(sealed, associatedData: Array(organizationID.utf8))
/// ```
/// A random 96-bit nonce per message keeps the chance of a repeat negligible for far more seals (2^32) than a
/// password store will ever make under one key.
public struct SecretBox: Sendable {
    /// Length of the random nonce at the start of sealed bytes.
    public static let nonceLength = 12
    /// Length of the authentication tag at the end of sealed bytes.
    public static let tagLength = 16
    /// Length of a key.
    public static let keyLength = 32

    private let key: [UInt8]

    /// - Throws: ``SecretError/invalidKeyLength(_:)`` unless `key` is exactly 32 bytes.
    public init(key: [UInt8]) throws {
        guard key.count == Self.keyLength else { throw SecretError.invalidKeyLength(key.count) }
        self.key = key
    }

    /// Encrypts and authenticates `plaintext`, binding it to `associatedData`.
    ///
    /// - Returns: `nonce(12) ‖ ciphertext ‖ tag(16)`; the ciphertext is as long as the plaintext.
    /// - Throws: ``SecretError/cryptoFailure(_:)`` when OpenSSL cannot allocate or draw random bytes.
    public func seal(_ plaintext: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        let nonce = try secureRandomBytes(Self.nonceLength)
        let context = try CipherContext()
        try context.check(EVP_EncryptInit_ex(context.pointer, EVP_aes_256_gcm(), nil, nil, nil), "EVP_EncryptInit_ex")
        try context.check(EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_IVLEN, Int32(Self.nonceLength), nil), "EVP_CTRL_GCM_SET_IVLEN")
        try context.check(EVP_EncryptInit_ex(context.pointer, nil, nil, key, nonce), "EVP_EncryptInit_ex")
        var length: Int32 = 0
        if !associatedData.isEmpty {
            try context.check(
                EVP_EncryptUpdate(context.pointer, nil, &length, associatedData, Int32(associatedData.count)), "EVP_EncryptUpdate"
            )
        }
        // GCM is a stream mode: the ciphertext is exactly as long as the plaintext, and Final writes nothing.
        var ciphertext = [UInt8](repeating: 0, count: plaintext.count + 16)
        var written = 0
        if !plaintext.isEmpty {
            try context.check(
                EVP_EncryptUpdate(context.pointer, &ciphertext, &length, plaintext, Int32(plaintext.count)), "EVP_EncryptUpdate"
            )
            written = Int(length)
        }
        try ciphertext.withUnsafeMutableBufferPointer { buffer in
            try context.check(EVP_EncryptFinal_ex(context.pointer, buffer.baseAddress! + written, &length), "EVP_EncryptFinal_ex")
        }
        written += Int(length)
        var tag = [UInt8](repeating: 0, count: Self.tagLength)
        try context.check(EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_GET_TAG, Int32(Self.tagLength), &tag), "EVP_CTRL_GCM_GET_TAG")
        return nonce + ciphertext[..<written] + tag
    }

    /// Verifies and decrypts bytes made by ``seal(_:associatedData:)`` under the same key.
    ///
    /// - Throws: ``SecretError/openFailed`` when `sealed` is shorter than a nonce and a tag, or its tag does not
    ///   verify under this key and `associatedData`; ``SecretError/cryptoFailure(_:)`` when OpenSSL cannot allocate.
    public func open(_ sealed: [UInt8], associatedData: [UInt8]) throws -> [UInt8] {
        guard sealed.count >= Self.nonceLength + Self.tagLength else { throw SecretError.openFailed }
        let nonce = Array(sealed[..<Self.nonceLength])
        let ciphertext = Array(sealed[Self.nonceLength..<(sealed.count - Self.tagLength)])
        var tag = Array(sealed[(sealed.count - Self.tagLength)...])
        let context = try CipherContext()
        try context.check(EVP_DecryptInit_ex(context.pointer, EVP_aes_256_gcm(), nil, nil, nil), "EVP_DecryptInit_ex")
        try context.check(EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_IVLEN, Int32(Self.nonceLength), nil), "EVP_CTRL_GCM_SET_IVLEN")
        try context.check(EVP_DecryptInit_ex(context.pointer, nil, nil, key, nonce), "EVP_DecryptInit_ex")
        var length: Int32 = 0
        if !associatedData.isEmpty {
            try context.check(
                EVP_DecryptUpdate(context.pointer, nil, &length, associatedData, Int32(associatedData.count)), "EVP_DecryptUpdate"
            )
        }
        var plaintext = [UInt8](repeating: 0, count: ciphertext.count + 16)
        var written = 0
        if !ciphertext.isEmpty {
            try context.check(
                EVP_DecryptUpdate(context.pointer, &plaintext, &length, ciphertext, Int32(ciphertext.count)), "EVP_DecryptUpdate"
            )
            written = Int(length)
        }
        try context.check(EVP_CIPHER_CTX_ctrl(context.pointer, EVP_CTRL_GCM_SET_TAG, Int32(Self.tagLength), &tag), "EVP_CTRL_GCM_SET_TAG")
        // Final is where GCM compares tags; until it succeeds the decrypted bytes are unauthenticated.
        let verified = plaintext.withUnsafeMutableBufferPointer { buffer in
            EVP_DecryptFinal_ex(context.pointer, buffer.baseAddress! + written, &length) > 0
        }
        guard verified else {
            plaintext.withUnsafeMutableBytes { OPENSSL_cleanse($0.baseAddress, $0.count) }
            throw SecretError.openFailed
        }
        return Array(plaintext[..<(written + Int(length))])
    }
}

extension SecretBox: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String { "SecretBox(AES-256-GCM, key redacted)" }
    public var debugDescription: String { description }
    public var customMirror: Mirror { Mirror(self, children: [:]) }
}

/// One EVP cipher context, freed (and wiped by OpenSSL) when the value goes away.
private struct CipherContext: ~Copyable {
    let pointer: OpaquePointer

    init() throws {
        guard let pointer = EVP_CIPHER_CTX_new() else { throw SecretError.cryptoFailure("EVP_CIPHER_CTX_new") }
        self.pointer = pointer
    }

    deinit {
        EVP_CIPHER_CTX_free(pointer)
    }

    /// Turns an EVP return value (1 on success) into a throw.
    func check(_ result: Int32, _ call: String) throws {
        guard result == 1 else { throw SecretError.cryptoFailure(call) }
    }
}
