// AWSSearchInput: what the Search* operations share: their members, validation, the store's search and the next page's token.
import Storage

/// The shared part of the Search* operations: validation of the page, filters and sort; the store's search; the
/// next page's token.
enum AWSSearchInput {
    /// SearchUsers', SearchRooms' and SearchProfiles' input.
    struct Members: Codable {
        var NextToken: String?
        var MaxResults: Int?
        var Filters: [AWSFilter]?
        var SortCriteria: [AWSSort]?
    }

    static func parse<Field: RawRepresentable & CaseIterable & Sendable & Hashable>(_ input: Members, fields: Field.Type)
        throws(AWSError) -> (search: Search<Field>, query: String, offset: Int) where Field.RawValue == String {
        let keys = Field.allCases.map(\.rawValue)
        var check = AWSValidation()
        check.page(nextToken: input.NextToken, maxResults: input.MaxResults)
        check.filters(input.Filters, keys: keys)
        check.sortCriteria(input.SortCriteria, keys: keys)
        try check.check()
        let query = canonicalJSON(["filters": canonicalJSON(input.Filters ?? []), "sort": canonicalJSON(input.SortCriteria ?? [])])
        let page = try AWSPageToken.decode(input.NextToken, query: query)
        let search = Search<Field>(
            filters: (input.Filters ?? []).compactMap { filter in filter.Key.flatMap(Field.init(rawValue:)).map { ($0, filter.Values ?? []) } },
            sort: (input.SortCriteria ?? []).compactMap { sort in sort.Key.flatMap(Field.init(rawValue:)).map { ($0, sort.Value == "DESC") } },
            offset: page.offset, limit: input.MaxResults ?? AWSPageToken.defaultMaxResults)
        return (search, query, page.offset)
    }

    static func nextToken(offset: Int, count: Int, total: Int, query: String) -> String? {
        let next = offset + count
        return next < total && count > 0 ? AWSPageToken.encode(offset: next, query: query) : nil
    }
}
