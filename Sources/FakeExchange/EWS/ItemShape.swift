// ItemShape: which properties an answer carries (BaseShape + AdditionalProperties), per operation.
import XMLSupport

/// A parsed `m:ItemShape`. Unknown FieldURIs (and all ExtendedFieldURI/IndexedFieldURI) are ignored,
/// never errors; a property an item does not have is simply omitted.
struct ItemShape {
    enum Base: String { case idOnly = "IdOnly", `default` = "Default", allProperties = "AllProperties" }

    var base: Base
    var additional: Set<CalendarField>
    /// `BodyType`: Best, HTML or Text.
    var bodyType: String

    /// Parses `m:ItemShape`; a missing shape or BaseShape is a schema violation (fault).
    static func parse(_ element: XMLElementView?, parentLine: Int) throws(SOAPFault) -> ItemShape {
        guard let element else {
            throw SOAPFault.schemaValidation("The element 'ItemShape' is required.", line: parentLine)
        }
        guard let baseText = element.firstChild(EWSNamespace.types, "BaseShape")?.trimmedText else {
            throw SOAPFault.schemaValidation("The element 'BaseShape' is required in 'ItemShape'.", line: element.line)
        }
        guard let base = Base(rawValue: baseText) else {
            throw SOAPFault.schemaValidation(
                "The value '\(baseText)' is invalid according to its datatype 'DefaultShapeNamesType'.", line: element.line)
        }
        var additional: Set<CalendarField> = []
        for field in element.firstChild(EWSNamespace.types, "AdditionalProperties")?.children(EWSNamespace.types, "FieldURI") ?? [] {
            if let uri = field.attribute("FieldURI"), let known = CalendarField(rawValue: uri) { additional.insert(known) }
        }
        let bodyType = element.firstChild(EWSNamespace.types, "BodyType")?.trimmedText ?? "Best"
        return ItemShape(base: base, additional: additional, bodyType: bodyType)
    }

    /// The fields to write, in schema order. FindItem never returns bodies, recipient lists,
    /// MIME content or recurrence details, whatever is asked.
    func fields(forFindItem: Bool, version: ExchangeVersion) -> [CalendarField] {
        var wanted: Set<CalendarField> = [.itemId]
        switch base {
        case .idOnly: break
        case .default: wanted.formUnion(forFindItem ? CalendarField.defaultFindSet : CalendarField.defaultGetSet)
        case .allProperties: wanted.formUnion(CalendarField.allCases)
        }
        wanted.formUnion(additional)
        if forFindItem { wanted.subtract(CalendarField.notInFindItem) }
        if version < .exchange2010 { wanted.subtract([.startTimeZone, .endTimeZone]) }
        if version < .exchange2013 { wanted.remove(.textBody) }
        return CalendarField.allCases.filter { wanted.contains($0) }
    }
}
