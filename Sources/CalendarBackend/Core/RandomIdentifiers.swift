// RandomIdentifiers: unguessable ids and secrets from the system CSPRNG.

/// Identifiers from the system's cryptographically secure generator (getrandom(2) on Linux).
public struct RandomIdentifiers: IdentifierSource {
    public init() {}

    public func identifier(prefix: String) -> String { "\(prefix)_\(Self.randomHex(16))" }
    public func secret(prefix: String) -> String { prefix + Self.randomHex(32) }

    static func randomHex(_ count: Int) -> String {
        var generator = SystemRandomNumberGenerator()
        let digits = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        text.reserveCapacity(count * 2)
        for _ in 0..<count {
            let byte = UInt8.random(in: 0...255, using: &generator)
            text.append(digits[Int(byte >> 4)])
            text.append(digits[Int(byte & 0x0F)])
        }
        return String(decoding: text, as: UTF8.self)
    }
}
