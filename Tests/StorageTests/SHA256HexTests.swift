// SHA256HexTests: the digest helper against the FIPS 180-2 test vectors.
import Storage
import Testing

@Suite struct SHA256HexTests {
    @Test func emptyInputGivesTheKnownDigest() {
        #expect(sha256Hex([]) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
    }

    @Test func abcGivesTheKnownDigest() {
        #expect(sha256Hex(Array("abc".utf8)) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
    }

    @Test func twoBlockMessageGivesTheKnownDigest() {
        let message = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(sha256Hex(message) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
    }

    @Test func outputIsSixtyFourLowercaseHexCharacters() {
        let hex = sha256Hex([0, 255, 128])
        #expect(hex.count == 64)
        #expect(hex.allSatisfy { "0123456789abcdef".contains($0) })
    }
}
