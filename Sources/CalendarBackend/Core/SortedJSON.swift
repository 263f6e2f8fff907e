// SortedJSON: a value as JSON text with sorted keys: stored settings, and the canonical input an idempotency token
// or a page token is bound to (the same value gives the same bytes).
import Foundation

enum SortedJSON {
    static func text(_ value: some Encodable) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }
}
