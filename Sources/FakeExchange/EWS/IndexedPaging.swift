// IndexedPaging: IndexedPageItemView / IndexedPageFolderView (offset, maximum, base point) applied to a list.
import XMLSupport

/// `IndexedPageItemView` or `IndexedPageFolderView`. Without one, everything is one page.
struct IndexedPaging {
    var offset = 0
    var maxEntries: Int?
    /// BasePoint="End": the offset counts back from the end of the list.
    var fromEnd = false

    static func parse(_ element: XMLElementView?) throws(SOAPFault) -> IndexedPaging {
        guard let element else { return IndexedPaging() }
        var paging = IndexedPaging()
        guard let base = element.attribute("BasePoint"), base == "Beginning" || base == "End" else {
            throw SOAPFault.schemaValidation("The 'BasePoint' attribute of '\(element.localName)' is missing or invalid.", line: element.line)
        }
        paging.fromEnd = base == "End"
        if let text = element.attribute("Offset") {
            guard let value = Int(text), value >= 0 else {
                throw SOAPFault.schemaValidation("The 'Offset' attribute value '\(text)' is invalid.", line: element.line)
            }
            paging.offset = value
        }
        if let text = element.attribute("MaxEntriesReturned") {
            guard let value = Int(text), value >= 1 else {
                throw SOAPFault.schemaValidation("The 'MaxEntriesReturned' attribute value '\(text)' is invalid.", line: element.line)
            }
            paging.maxEntries = value
        }
        return paging
    }

    /// The page of `all`, the offset a client asks for next, and whether the page reaches the end.
    func page<T>(of all: [T]) -> (items: [T], nextOffset: Int, includesLast: Bool) {
        let count = all.count
        if fromEnd {
            // Counting back: the page ends `offset` items before the end.
            let end = max(0, count - offset)
            let start = maxEntries.map { max(0, end - min($0, end)) } ?? 0
            return (Array(all[start..<end]), offset + (end - start), start == 0)
        }
        let start = min(offset, count)
        // `min` first: MaxEntriesReturned may be as large as Int allows.
        let end = maxEntries.map { start + min($0, count - start) } ?? count
        return (Array(all[start..<end]), end, end >= count)
    }
}
