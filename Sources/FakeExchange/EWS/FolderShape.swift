// FolderShape: which properties a folder answer carries (BaseShape, FieldURIs, ExtendedFieldURIs).
import XMLSupport

/// A parsed `m:FolderShape` (GetFolder, FindFolder).
struct FolderShape {
    var base: ItemShape.Base
    /// FieldURIs asked for (`folder:DisplayName`, …).
    var additional: Set<String>
    /// MAPI properties asked for, in request order.
    var extended: [ExtendedFieldURI]

    /// Parses `m:FolderShape`; a missing shape or BaseShape is a schema violation (fault).
    static func parse(_ element: XMLElementView?, parentLine: Int) throws(SOAPFault) -> FolderShape {
        let t = EWSNamespace.types
        guard let element else {
            throw SOAPFault.schemaValidation("The element 'FolderShape' is required.", line: parentLine)
        }
        guard let baseText = element.firstChild(t, "BaseShape")?.trimmedText, let base = ItemShape.Base(rawValue: baseText) else {
            throw SOAPFault.schemaValidation("The element 'BaseShape' is missing or invalid in 'FolderShape'.", line: element.line)
        }
        var shape = FolderShape(base: base, additional: [], extended: [])
        for path in element.firstChild(t, "AdditionalProperties")?.children ?? [] {
            switch path.localName {
            case "FieldURI": shape.additional.insert(try ItemShape.fieldURI(path))
            case "ExtendedFieldURI":
                let uri = try ExtendedFieldURI.parse(path)
                if !shape.extended.contains(uri) { shape.extended.append(uri) }
            case "IndexedFieldURI": continue
            default:
                throw SOAPFault.schemaValidation("The element '\(path.localName)' is not expected in 'AdditionalProperties'.", line: path.line)
            }
        }
        return shape
    }
}
