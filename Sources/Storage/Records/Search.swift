// Search: a filtered, sorted, paged query over one kind of resource, as the AWS API's Search* operations ask.

/// Every filter must match (a filter matches when the field equals one of its values; one without values matches
/// all), sorted by `sort` in order, then by a default order the store names, then by id; one page of it from `offset`.
public struct Search<Field: Sendable & Hashable>: Sendable {
    public var filters: [(field: Field, values: [String])]
    public var sort: [(field: Field, descending: Bool)]
    public var offset: Int
    public var limit: Int

    public init(filters: [(field: Field, values: [String])] = [], sort: [(field: Field, descending: Bool)] = [], offset: Int = 0, limit: Int) {
        self.filters = filters
        self.sort = sort
        self.offset = offset
        self.limit = limit
    }

    /// The WHERE conditions after `base` and the ORDER BY, with their bindings, for a store's columns.
    ///
    /// - Parameters:
    ///   - column: the SQL expression a field compares and sorts by.
    ///   - caseInsensitive: fields whose values are compared lower-cased (the column must be lower-case already).
    ///   - defaultSort: the order when `sort` is empty; `id` always breaks ties.
    func sql(base: String, bindings: [SQLValue], column: (Field) -> String, caseInsensitive: Set<Field> = [],
             defaultSort: Field, id: String) -> (conditions: String, bindings: [SQLValue], order: String) {
        var conditions = base
        var values = bindings
        for filter in filters where !filter.values.isEmpty {
            let compared = caseInsensitive.contains(filter.field) ? filter.values.map { $0.lowercased() } : filter.values
            conditions += " AND \(column(filter.field)) IN (\(Array(repeating: "?", count: compared.count).joined(separator: ", ")))"
            values += compared.map { .text($0) }
        }
        let criteria = sort.contains { $0.field == defaultSort } ? sort : sort + [(field: defaultSort, descending: false)]
        let order = (criteria.map { "\(column($0.field)) \($0.descending ? "DESC" : "ASC")" } + ["\(id) ASC"]).joined(separator: ", ")
        return (conditions, values, order)
    }
}
