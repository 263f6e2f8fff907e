// Page: one page of a listing and the cursor of the next.

/// One page of a listing and the cursor of the next, nil on the last page.
public struct Page<Item: Sendable>: Sendable {
    public let items: [Item]
    public let nextCursor: String?
}
