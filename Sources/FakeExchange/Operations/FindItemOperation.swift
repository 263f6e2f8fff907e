// FindItemOperation: FindItem with CalendarView (expanded occurrences) or an indexed view (singles and masters).
import Foundation
import XMLSupport

/// `FindItem`, one message per parent folder. With `m:CalendarView` the rules of `CalendarViewQuery`
/// apply and `TotalItemsInView`/`IncludesLastItemInRange` are always present; without it (or with
/// `IndexedPageItemView`) singles and recurring masters are listed, never occurrences.
enum FindItemOperation {
    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        guard let traversal = request.attribute("Traversal") else {
            throw SOAPFault.schemaValidation("The required attribute 'Traversal' is missing.", line: request.line)
        }
        // ItemQueryTraversalType: FindItem has no Deep traversal (that is FindFolder's).
        guard ["Shallow", "SoftDeleted", "Associated"].contains(traversal) else {
            throw SOAPFault.schemaValidation("The 'Traversal' attribute value '\(traversal)' is invalid.", line: request.line)
        }
        let shape = try ItemShape.parse(request.firstChild(m, "ItemShape"), parentLine: request.line)
        let calendarView = try request.firstChild(m, "CalendarView").map { (view) throws(SOAPFault) in try parseCalendarView(view, context) }
        let indexed = request.firstChild(m, "IndexedPageItemView")
        let offset = indexed?.attribute("Offset").flatMap(Int.init) ?? 0
        let maxIndexed = indexed?.attribute("MaxEntriesReturned").flatMap(Int.init)
        guard let parents = request.firstChild(m, "ParentFolderIds"), !parents.children.isEmpty else {
            throw SOAPFault.schemaValidation("The element 'ParentFolderIds' is required and must not be empty.", line: request.line)
        }
        let fields = shape.fields(forFindItem: true, version: context.version)
        let writer = CalendarItemWriter(directory: state.directory, viewer: context.actingAs, bodyType: shape.bodyType)
        var messages: [ResponseMessage] = []
        for parent in parents.children {
            let target: FolderTarget
            switch try FolderAccess.resolve(parent, context: context, directory: state.directory) {
            case let .failure(error):
                messages.append(.error(error))
                continue
            case let .success(resolved):
                target = resolved
            }
            if let error = FolderAccess.check(.read, identity: context.actingAs, target: target) {
                messages.append(.error(error))
                continue
            }
            let events = target.folder == .calendar ? state.calendars[target.owner.key] ?? [] : []
            if let calendarView {
                guard target.folder == .calendar else {
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
                                for item in result.items { writer.write(item, fields: fields, into: &items) }
                            }
                        }
                    })
                }
            } else {
                let all = events.sorted { ($0.start, $0.number) < ($1.start, $1.number) }
                    .map { CalendarItemInstance(owner: target.owner, event: $0, occurrence: nil) }
                let start = min(max(0, offset), all.count)
                let remaining = Array(all[start...])
                let page = maxIndexed.map { Array(remaining.prefix(max(0, $0))) } ?? remaining
                let includesLast = start + page.count >= all.count
                messages.append(.success { payload in
                    payload.element(
                        "m:RootFolder",
                        [
                            "IndexedPagingOffset": String(start + page.count), "TotalItemsInView": String(all.count),
                            "IncludesLastItemInRange": String(includesLast),
                        ]
                    ) { root in
                        root.element("t:Items") { items in
                            for item in page { writer.write(item, fields: fields, into: &items) }
                        }
                    }
                })
            }
        }
        return messages
    }

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
