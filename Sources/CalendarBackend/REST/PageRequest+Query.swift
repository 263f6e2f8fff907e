// PageRequest+Query: the `limit` and `cursor` query parameters every REST listing takes.
import HTTPServer

extension PageRequest {
    /// `?limit=1..200&cursor=<nextCursor>` from the request's query.
    ///
    /// - Throws: ``ServiceError/Code/invalidInput`` naming `limit`.
    init(query: [String: String]) throws {
        var limit: Int?
        if let text = query["limit"] {
            guard let value = Int(text) else { throw ServiceError.invalidInput("limit", "query parameter 'limit' must be 1 to 200") }
            limit = value
        }
        try self.init(cursor: query["cursor"], limit: limit)
    }
}
