// ItemShape: which properties an answer carries (BaseShape + AdditionalProperties), per operation.
import XMLSupport

/// A parsed `m:ItemShape`. A property an item does not have is simply omitted, as on Exchange:
/// that covers the schema's FieldURIs the fake does not serve and IndexedFieldURIs (calendar items
/// have no indexed properties). ExtendedFieldURIs are served by `MAPIProperties`. A FieldURI outside
/// the schema's property groups is a schema-validation fault, like every other invalid value.
struct ItemShape {
    enum Base: String { case idOnly = "IdOnly", `default` = "Default", allProperties = "AllProperties" }

    var base: Base
    var additional: Set<CalendarField>
    /// MAPI properties asked for, in request order (Exchange answers them in that order).
    var extended: [ExtendedFieldURI] = []
    /// `IncludeMimeContent`: MimeContent without naming it by FieldURI.
    var includeMimeContent = false
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
        let t = EWSNamespace.types
        try SchemaCheck.require(element, namespace: t, understood: understoodChildren, in: "ItemShape")
        var shape = ItemShape(base: base, additional: [], bodyType: "Best")
        for path in element.firstChild(t, "AdditionalProperties")?.children ?? [] {
            switch path.localName {
            case "FieldURI":
                let uri = try fieldURI(path)
                if let known = CalendarField(rawValue: uri) { shape.additional.insert(known) }
            case "ExtendedFieldURI":
                let uri = try ExtendedFieldURI.parse(path)
                if !shape.extended.contains(uri) { shape.extended.append(uri) }
            case "IndexedFieldURI":
                continue
            default:
                throw SOAPFault.schemaValidation("The element '\(path.localName)' is not expected in 'AdditionalProperties'.", line: path.line)
            }
        }
        if let text = element.firstChild(t, "IncludeMimeContent")?.trimmedText {
            guard let include = EWSNamespace.boolean(text) else {
                throw SOAPFault.schemaValidation("The value '\(text)' of 'IncludeMimeContent' is not a valid Boolean.", line: element.line)
            }
            shape.includeMimeContent = include
        }
        if let text = element.firstChild(t, "BodyType")?.trimmedText {
            guard ["Best", "HTML", "Text"].contains(text) else {
                throw SOAPFault.schemaValidation("The value '\(text)' of 'BodyType' is invalid.", line: element.line)
            }
            shape.bodyType = text
        }
        return shape
    }

    /// ItemShape children the fake honours. The HTML options change nothing in its bodies (an HTML
    /// body is the escaped text: no scripts, images, links or code pages to filter), and the unique
    /// and normalized bodies are properties it does not serve; MaximumBodySize is not implemented.
    static let understoodChildren: Set<String> = [
        "BaseShape", "IncludeMimeContent", "BodyType", "UniqueBodyType", "NormalizedBodyType", "FilterHtmlContent",
        "ConvertHtmlCodePageToUTF8", "InlineImageUrlTemplate", "BlockExternalImages", "AddBlankTargetToLinks",
        "AdditionalProperties",
    ]

    /// The property groups of UnindexedFieldURIType (`item:Subject`, `calendar:Start`, …).
    static let fieldURIGroups: Set<String> = [
        "folder", "item", "message", "meeting", "meetingRequest", "calendar", "task", "contacts", "distributionlist",
        "postitem", "conversation", "persona", "conversationPersona", "sharingmessage", "meetingResponse", "rolemember",
        "network", "timezone",
    ]

    /// The FieldURI attribute of a `t:FieldURI`, checked to be in the schema's form.
    static func fieldURI(_ element: XMLElementView) throws(SOAPFault) -> String {
        guard let uri = element.attribute("FieldURI") else {
            throw SOAPFault.schemaValidation("The required attribute 'FieldURI' is missing.", line: element.line)
        }
        let group = uri.split(separator: ":", maxSplits: 1).first.map(String.init) ?? ""
        guard uri.contains(":"), fieldURIGroups.contains(group) else {
            throw SOAPFault.schemaValidation(
                "The 'FieldURI' attribute is invalid - The value '\(uri)' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:UnindexedFieldURIType' - The Enumeration constraint failed.",
                line: element.line)
        }
        return uri
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
        if includeMimeContent { wanted.insert(.mimeContent) }
        if forFindItem { wanted.subtract(CalendarField.notInFindItem) }
        if version < .exchange2010 { wanted.subtract([.startTimeZone, .endTimeZone]) }
        if version < .exchange2013 { wanted.subtract([.textBody, .isOrganizer]) }
        return CalendarField.allCases.filter { wanted.contains($0) }
    }
}
