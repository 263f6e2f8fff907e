// FieldChange+Decoding: how a PATCH body says keep, clear or set for one field.
extension KeyedDecodingContainer {
    /// Absent: ``FieldChange/keep``; null: ``FieldChange/clear``; a value: ``FieldChange/set(_:)``.
    func decodeChange<Value: Decodable & Sendable & Equatable>(_ type: Value.Type, forKey key: Key) throws -> FieldChange<Value> {
        guard contains(key) else { return .keep }
        return try decodeNil(forKey: key) ? .clear : .set(try decode(type, forKey: key))
    }
}
