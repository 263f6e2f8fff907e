// SecretBoxTests: AES-256-GCM sealing round trips, and every way a sealed secret must refuse to open.
import Foundation
import Storage
import Testing

@Suite struct SecretBoxTests {
    private let key = [UInt8](0..<32)
    private let associatedData = Array("org-1".utf8)
    private let password = Array("Plaintext-Secret-123!".utf8)

    @Test func sealedBytesOpenToThePlaintext() throws {
        let box = try SecretBox(key: key)
        for plaintext in [password, [], [0], Array(repeating: 0xAB, count: 1000)] {
            let sealed = try box.seal(plaintext, associatedData: associatedData)
            #expect(sealed.count == 12 + plaintext.count + 16)
            #expect(try box.open(sealed, associatedData: associatedData) == plaintext)
        }
        // Empty associated data is allowed, and still must match.
        let sealed = try box.seal(password, associatedData: [])
        #expect(try box.open(sealed, associatedData: []) == password)
        #expect(throws: SecretError.openFailed) { try box.open(sealed, associatedData: [0]) }
    }

    @Test func sealedBytesDoNotContainThePlaintext() throws {
        let sealed = try SecretBox(key: key).seal(password, associatedData: associatedData)
        #expect(!contains(sealed, password))
    }

    @Test func everySealUsesAFreshNonce() throws {
        let box = try SecretBox(key: key)
        let sealed = try (0..<50).map { _ in try box.seal(password, associatedData: associatedData) }
        #expect(Set(sealed.map { Array($0.prefix(12)) }).count == 50)
        #expect(Set(sealed).count == 50)
    }

    @Test func everyFlippedBitIsRefused() throws {
        let box = try SecretBox(key: key)
        let sealed = try box.seal(password, associatedData: associatedData)
        // Nonce, ciphertext and tag: every bit of every byte.
        for index in sealed.indices {
            for bit in 0..<8 {
                var tampered = sealed
                tampered[index] ^= 1 << bit
                #expect(throws: SecretError.openFailed) { try box.open(tampered, associatedData: associatedData) }
            }
        }
    }

    @Test func truncatedOrExtendedBytesAreRefused() throws {
        let box = try SecretBox(key: key)
        let sealed = try box.seal(password, associatedData: associatedData)
        for length in [0, 1, 27, 28, sealed.count - 1] {
            #expect(throws: SecretError.openFailed) { try box.open(Array(sealed.prefix(length)), associatedData: associatedData) }
        }
        #expect(throws: SecretError.openFailed) { try box.open(sealed + [0], associatedData: associatedData) }
    }

    @Test func anotherKeyCannotOpen() throws {
        let sealed = try SecretBox(key: key).seal(password, associatedData: associatedData)
        var otherKey = key
        otherKey[31] ^= 1
        let error = #expect(throws: SecretError.self) { try SecretBox(key: otherKey).open(sealed, associatedData: associatedData) }
        #expect(error == .openFailed)
        #expect(error?.code == "secret.open_failed")
    }

    @Test func otherAssociatedDataCannotOpen() throws {
        let box = try SecretBox(key: key)
        let sealed = try box.seal(password, associatedData: associatedData)
        // The same ciphertext copied onto another organization's record.
        #expect(throws: SecretError.openFailed) { try box.open(sealed, associatedData: Array("org-2".utf8)) }
    }

    @Test(arguments: [0, 16, 31, 33, 64])
    func keysOfTheWrongLengthAreRefused(length: Int) {
        #expect(throws: SecretError.invalidKeyLength(length)) { try SecretBox(key: [UInt8](repeating: 7, count: length)) }
    }

    @Test func theKeyNeverAppearsInDescriptions() throws {
        let secretKey = [UInt8](repeating: 0x5A, count: 32)
        let box = try SecretBox(key: secretKey)
        for text in [String(describing: box), String(reflecting: box), "\(box)", "\(Mirror(reflecting: box).children.map { "\($0)" })"] {
            #expect(!text.contains("90"))  // 0x5A as decimal
            #expect(!text.contains("5a") && !text.contains("5A"))
        }
        #expect(Mirror(reflecting: box).children.isEmpty)
    }

    @Test func constantTimeEqualsComparesContentAndLength() {
        #expect(constantTimeEquals([1, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2, 4]))
        #expect(!constantTimeEquals([0, 2, 3], [1, 2, 3]))
        #expect(!constantTimeEquals([1, 2, 3], [1, 2]))
        #expect(!constantTimeEquals([1, 2], [1, 2, 3]))
        #expect(!constantTimeEquals([], [0]))
        #expect(constantTimeEquals([], []))
        #expect(constantTimeEquals("token-abcdefghijkl", "token-abcdefghijkl"))
        #expect(!constantTimeEquals("token-abcdefghijkl", "token-abcdefghijkm"))
    }
}

/// Whether `needle` occurs in `haystack` as a contiguous run of bytes.
func contains(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
    guard !needle.isEmpty, haystack.count >= needle.count else { return needle.isEmpty }
    return (0...(haystack.count - needle.count)).contains { start in
        haystack[start..<(start + needle.count)].elementsEqual(needle)
    }
}
