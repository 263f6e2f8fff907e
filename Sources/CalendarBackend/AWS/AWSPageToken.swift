// AWSPageToken: the NextToken of searches and listings: where the next page starts, bound to the query it pages.
import Foundation
import Storage

/// An opaque `NextToken`: the offset of the next page and a fingerprint of the filters and sort it belongs to, so a
/// token replayed with another query is refused instead of silently skipping rows. Pages are by offset: a resource
/// created or deleted between two pages can shift the rest by one.
struct AWSPageToken: Equatable {
    static let defaultMaxResults = 10
    static let maxResults = 1...50

    let offset: Int

    /// The token of the page after `offset` for `query` (a canonical description of the filters and sort).
    static func encode(offset: Int, query: String) -> String {
        Data("\(offset).\(fingerprint(query))".utf8).base64EncodedString()
            .replacingOccurrences(of: "+", with: "-").replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// The page a request asks for; nil/empty token: the first.
    ///
    /// - Throws: ``AWSError`` (`ValidationException`) for a token this service did not issue for `query`.
    static func decode(_ token: String?, query: String) throws(AWSError) -> AWSPageToken {
        guard let token, !token.isEmpty else { return AWSPageToken(offset: 0) }
        var base64 = token.replacingOccurrences(of: "-", with: "+").replacingOccurrences(of: "_", with: "/")
        base64 += String(repeating: "=", count: (4 - base64.count % 4) % 4)
        guard token.utf8.count <= 1100, let data = Data(base64Encoded: base64), let text = String(data: data, encoding: .utf8) else {
            throw .validation("NextToken is not a token this service issued")
        }
        let parts = text.split(separator: ".", maxSplits: 1)
        guard parts.count == 2, let offset = Int(parts[0]), offset >= 0 else { throw .validation("NextToken is not a token this service issued") }
        guard parts[1] == fingerprint(query) else {
            throw .validation("NextToken belongs to another query; send the same Filters and SortCriteria as the request that returned it")
        }
        return AWSPageToken(offset: offset)
    }

    static func fingerprint(_ query: String) -> String { String(sha256Hex(Array(query.utf8)).prefix(16)) }
}
