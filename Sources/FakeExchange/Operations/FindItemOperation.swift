// FindItemOperation: FindItem with CalendarView (expanded occurrences) or an indexed view (singles and masters).
import Foundation
import XMLSupport

/// `FindItem`, one message per parent folder. With `m:CalendarView` the rules of `CalendarViewQuery`
/// apply and `TotalItemsInView`/`IncludesLastItemInRange` are always present; without it (or with
/// `IndexedPageItemView`) singles and recurring masters are listed, never occurrences, filtered by
/// `m:Restriction` and ordered by `m:SortOrder` (default: by start). A restriction the fake cannot
/// evaluate is an error message for the folder; the views and groupings it does not implement
/// (FractionalPageItemView, SeekToConditionPageItemView, GroupBy, QueryString, …) are faults naming them.
enum FindItemOperation {
    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        // ItemQueryTraversalType: FindItem has no Deep traversal (that is FindFolder's).
        let traversal = try SchemaCheck.requiredAttribute("Traversal", of: request, in: ["Shallow", "SoftDeleted", "Associated"])
        try SchemaCheck.require(request, namespace: m, understood: understood, in: "FindItem")
        let shape = try ItemShape.parse(request.firstChild(m, "ItemShape"), parentLine: request.line)
        let calendarView = try request.firstChild(m, "CalendarView").map { (view) throws(SOAPFault) in try parseCalendarView(view, context) }
        let restriction = try request.firstChild(m, "Restriction").map { (element) throws(SOAPFault) in try Restriction.parse(restriction: element) }
        let sortOrder = try request.firstChild(m, "SortOrder").map { (element) throws(SOAPFault) in try SortOrder.parse(element) }
        if calendarView != nil, request.firstChild(m, "IndexedPageItemView") != nil {
            throw SOAPFault.schemaValidation("FindItem takes one view: IndexedPageItemView or CalendarView, not both.", line: request.line)
        }
        if calendarView != nil, restriction != nil || sortOrder != nil {
            throw SOAPFault.invalidRequest("a CalendarView cannot be combined with a Restriction or a SortOrder")
        }
        let paging = try IndexedPaging.parse(request.firstChild(m, "IndexedPageItemView"))
        guard let parents = request.firstChild(m, "ParentFolderIds"), !parents.children.isEmpty else {
            throw SOAPFault.schemaValidation("The element 'ParentFolderIds' is required and must not be empty.", line: request.line)
        }
        let fields = shape.fields(forFindItem: true, version: context.version)
        let writer = CalendarItemWriter(directory: state.directory, viewer: context.actingAs, bodyType: shape.bodyType)
        var messages: [ResponseMessage] = []
        for parent in parents.children {
            let target: FolderTarget
            switch try FolderAccess.resolve(parent, for: .read, context: context, state: state) {
            case let .failure(error):
                messages.append(.error(error))
                continue
            case let .success(resolved):
                target = resolved
            }
            // Associated (folder-associated) and soft-deleted items: the fake keeps none.
            let events = traversal == "Shallow" ? state.items(in: target) : []
            if let calendarView {
                guard state.folderInfo(target)?.isCalendar == true else {
                    messages.append(.error(.calendarFolderInvalidForView))
                    continue
                }
                switch calendarView.validate() {
                case .endBeforeStart?: messages.append(.error(.calendarEndBeforeStart))
                case .rangeTooBig?: messages.append(.error(.calendarViewRangeTooBig))
                case nil:
                    let result = calendarView.run(owner: target.owner, events: events)
                    messages.append(.success { payload in
                        payload.element(
                            "m:RootFolder",
                            [
                                "TotalItemsInView": String(result.totalItemsInView),
                                "IncludesLastItemInRange": String(result.includesLastItemInRange),
                            ]
                        ) { root in
                            root.element("t:Items") { items in
                                for item in result.items { writer.write(item, fields: fields, extended: shape.extended, into: &items) }
                            }
                        }
                    })
                }
            } else {
                var all = events.sorted { ($0.start, $0.number) < ($1.start, $1.number) }
                    .map { CalendarItemInstance(owner: target.owner, event: $0, occurrence: nil) }
                do throws(RestrictionError) {
                    if let restriction {
                        try restriction.validate(supports: ItemPropertyLookup.supports)
                        all = try restriction.filter(all, lookup: ItemPropertyLookup.lookup)
                    }
                    if let sortOrder { all = try sortOrder.sorted(all, supports: ItemPropertyLookup.supports, lookup: ItemPropertyLookup.lookup) }
                } catch {
                    messages.append(.error(error.itemError))
                    continue
                }
                let page = paging.page(of: all)
                messages.append(.success { payload in
                    payload.element(
                        "m:RootFolder",
                        [
                            "IndexedPagingOffset": String(page.nextOffset), "TotalItemsInView": String(all.count),
                            "IncludesLastItemInRange": String(page.includesLast),
                        ]
                    ) { root in
                        root.element("t:Items") { items in
                            for item in page.items { writer.write(item, fields: fields, extended: shape.extended, into: &items) }
                        }
                    }
                })
            }
        }
        return messages
    }

    /// The children of FindItem the fake evaluates; any other is a fault naming it.
    static let understood: Set<String> = [
        "ItemShape", "IndexedPageItemView", "CalendarView", "Restriction", "SortOrder", "ParentFolderIds",
    ]

    private static func parseCalendarView(_ view: XMLElementView, _ context: RequestContext) throws(SOAPFault) -> CalendarViewQuery {
        let zone = context.timeZoneContext ?? TimeZone(secondsFromGMT: 0)!
        func date(_ name: String) throws(SOAPFault) -> Date {
            guard let text = view.attribute(name) else {
                throw SOAPFault.schemaValidation("The required attribute '\(name)' is missing.", line: view.line)
            }
            guard let date = EWSDateTime.parse(text, defaultZone: zone) else {
                throw SOAPFault.schemaValidation(
                    "The '\(name)' attribute is invalid - The value '\(text)' is invalid according to its datatype 'http://www.w3.org/2001/XMLSchema:dateTime' - The string '\(text)' is not a valid DateTime value.",
                    line: view.line)
            }
            return date
        }
        var maxEntries: Int?
        if let text = view.attribute("MaxEntriesReturned") {
            guard let value = Int(text), value >= 0 else {
                throw SOAPFault.schemaValidation("The 'MaxEntriesReturned' attribute value '\(text)' is invalid.", line: view.line)
            }
            maxEntries = value
        }
        return CalendarViewQuery(startDate: try date("StartDate"), endDate: try date("EndDate"), maxEntries: maxEntries)
    }
}
