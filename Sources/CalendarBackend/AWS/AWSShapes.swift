// AWSShapes: members several operations share (Tags, Filters, SortCriteria), with the model's limits.

/// `{"Key": ..., "Value": ...}`.
struct AWSTag: Codable, Sendable, Equatable {
    var Key: String?
    var Value: String?
}

/// `{"Key": ..., "Values": [...]}`.
struct AWSFilter: Codable, Sendable, Equatable {
    var Key: String?
    var Values: [String]?
}

/// `{"Key": ..., "Value": "ASC" | "DESC"}`.
struct AWSSort: Codable, Sendable, Equatable {
    var Key: String?
    var Value: String?
}

extension AWSValidation {
    /// Tags: each key 1..128 and value 0..256 characters of letters, digits, spaces and `_.:/=+-@`; at most 50.
    mutating func tags(_ tags: [AWSTag]?, _ member: String = "tags") {
        guard let tags else { return }
        count(tags, member, 0...TagService.limit)
        for (index, tag) in tags.enumerated() {
            let path = "\(member).\(index + 1).member"
            required(tag.Key, "\(path).key")
            required(tag.Value, "\(path).value")
            length(tag.Key, "\(path).key", 1...128)
            length(tag.Value, "\(path).value", 0...256)
            pattern(tag.Key, "\(path).key", #"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$"#, AWSPatterns.tagText)
            pattern(tag.Value, "\(path).value", #"^([\p{L}\p{Z}\p{N}_.:/=+\-@]*)$"#, AWSPatterns.tagText)
        }
    }

    /// Filters of a search: at most 25, keys among `keys`, at most 50 values of 1..500 characters each.
    mutating func filters(_ filters: [AWSFilter]?, keys: [String]) {
        guard let filters else { return }
        count(filters, "filters", 0...25)
        for (index, filter) in filters.enumerated() {
            let path = "filters.\(index + 1).member"
            required(filter.Key, "\(path).key")
            required(filter.Values, "\(path).values")
            length(filter.Key, "\(path).key", 1...500)
            oneOf(filter.Key, "\(path).key", keys)
            count(filter.Values, "\(path).values", 0...50)
            for (position, value) in (filter.Values ?? []).enumerated() { length(value, "\(path).values.\(position + 1).member", 1...500) }
        }
    }

    /// SortCriteria of a search: at most 25, keys among `keys`, values ASC or DESC.
    mutating func sortCriteria(_ criteria: [AWSSort]?, keys: [String]) {
        guard let criteria else { return }
        count(criteria, "sortCriteria", 0...25)
        for (index, sort) in criteria.enumerated() {
            let path = "sortCriteria.\(index + 1).member"
            required(sort.Key, "\(path).key")
            required(sort.Value, "\(path).value")
            oneOf(sort.Key, "\(path).key", keys)
            oneOf(sort.Value, "\(path).value", ["ASC", "DESC"])
        }
    }

    mutating func page(nextToken: String?, maxResults: Int?) {
        length(nextToken, "nextToken", 1...1100)
        range(maxResults, "maxResults", AWSPageToken.maxResults)
    }

    mutating func clientRequestToken(_ token: String?) {
        length(token, "clientRequestToken", 10...150)
        pattern(token, "clientRequestToken", "[a-zA-Z0-9][a-zA-Z0-9_-]*", AWSPatterns.clientRequestToken)
    }

    mutating func arn(_ value: String?, _ member: String) {
        pattern(value, member, #"arn:[a-z0-9-\.]{1,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[a-z0-9-\.]{0,63}:[^/].{0,1023}"#, AWSPatterns.arn)
    }
}

extension Array where Element == AWSTag {
    /// Validated tags as key-value pairs.
    var pairs: [(key: String, value: String)] { compactMap { tag in tag.Key.map { ($0, tag.Value ?? "") } } }
}
