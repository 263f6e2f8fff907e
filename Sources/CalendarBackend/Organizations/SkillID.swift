// SkillID: an Alexa skill's application id, as the Alexa Skills Kit sends it in context.System.application.applicationId.

/// `amzn1.ask.skill.<uuid>` (or a legacy `amzn1.echo-sdk-ams.app.<uuid>`).
public struct SkillID: Sendable, Equatable {
    public let value: String

    public static let prefixes = ["amzn1.ask.skill.", "amzn1.echo-sdk-ams.app."]

    /// - Throws: ``ServiceError/Code/invalidInput`` (field `skillId`) for anything else.
    public init(_ raw: String) throws {
        let allowed = raw.utf8.allSatisfy { byte in
            (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte) || byte == 0x2D || byte == 0x2E || byte == 0x5F
        }
        guard let prefix = Self.prefixes.first(where: raw.hasPrefix), raw.utf8.count > prefix.utf8.count, raw.utf8.count <= 200, allowed else {
            throw ServiceError.invalidInput("skillId", "field 'skillId' must be an Alexa skill id such as amzn1.ask.skill.0f5c2e4a-1b2c-4d3e-9f80-1234567890ab")
        }
        value = raw
    }
}

/// What a PATCH does to a field that may be cleared: absent leaves it, null clears it, a value sets it.
public enum FieldChange<Value: Sendable & Equatable>: Sendable, Equatable {
    case keep
    case clear
    case set(Value)
}

extension FieldChange {
    public func map<Other>(_ transform: (Value) throws -> Other) rethrows -> FieldChange<Other> {
        switch self {
        case .keep: .keep
        case .clear: .clear
        case .set(let value): .set(try transform(value))
        }
    }
}
