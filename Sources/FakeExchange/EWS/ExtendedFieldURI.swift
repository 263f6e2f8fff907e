// ExtendedFieldURI: a MAPI property named in a request (by PropertyTag, or by property set and name or id),
// parsed, validated and written back as Exchange writes it.
import Foundation
import XMLSupport

/// A MAPI property as EWS names it: `t:ExtendedFieldURI`. A property is found by its identity and
/// its type together: asking for 0x3613 as Integer finds nothing when the folder has it as String,
/// exactly as on Exchange.
struct ExtendedFieldURI: Hashable, Sendable {
    enum Identity: Hashable, Sendable {
        /// A tagged property, by its 16-bit property id (PropertyTag="0x3613").
        case tag(UInt16)
        /// A named property: a property set (a DistinguishedPropertySetId name, or a GUID in
        /// lower case) and a PropertyName.
        case name(set: String, name: String)
        /// A named property by its numeric PropertyId in a set.
        case id(set: String, id: Int)
    }

    var identity: Identity
    /// MapiPropertyTypeType: String, Integer, SystemTime, Boolean, StringArray, …
    var type: String

    /// The schema's MapiPropertyTypeType values.
    static let types: Set<String> = [
        "ApplicationTime", "ApplicationTimeArray", "Binary", "BinaryArray", "Boolean", "CLSID", "CLSIDArray", "Currency",
        "CurrencyArray", "Double", "DoubleArray", "Error", "Float", "FloatArray", "Integer", "IntegerArray", "Long",
        "LongArray", "Null", "Object", "ObjectArray", "Short", "ShortArray", "SystemTime", "SystemTimeArray", "String",
        "StringArray",
    ]

    /// DistinguishedPropertySetIdType values.
    static let distinguishedSets: Set<String> = [
        "Meeting", "Appointment", "Common", "PublicStrings", "Address", "InternetHeaders", "CalendarAssistant",
        "UnifiedMessaging", "Task", "Sharing",
    ]

    /// The GUIDs of the distinguished property sets.
    static let distinguishedSetGUIDs: [String: String] = [
        "00062002-0000-0000-c000-000000000046": "Appointment", "00020329-0000-0000-c000-000000000046": "PublicStrings",
        "00062008-0000-0000-c000-000000000046": "Common", "6ed8da90-450b-101b-98da-00aa003f1305": "Meeting",
        "00062004-0000-0000-c000-000000000046": "Address", "00020386-0000-0000-c000-000000000046": "InternetHeaders",
        "00062003-0000-0000-c000-000000000046": "Task", "11000e07-b51b-40d6-af21-caa85edab1d0": "CalendarAssistant",
        "4442858e-a9e3-4e80-b900-317a210cc15b": "UnifiedMessaging", "00062040-0000-0000-c000-000000000046": "Sharing",
    ]

    var isArray: Bool { type.hasSuffix("Array") }

    init(tag: UInt16, type: String) {
        identity = .tag(tag)
        self.type = type
    }

    init(set: String, name: String, type: String) {
        identity = .name(set: set, name: name)
        self.type = type
    }

    init(identity: Identity, type: String) {
        self.identity = identity
        self.type = type
    }

    /// Parses `t:ExtendedFieldURI`. The schema allows a PropertyTag (hex `0x…` or decimal), or a
    /// property set with a PropertyName or PropertyId; anything else is a schema-validation fault.
    static func parse(_ element: XMLElementView) throws(SOAPFault) -> ExtendedFieldURI {
        guard let type = element.attribute("PropertyType") else {
            throw SOAPFault.schemaValidation("The required attribute 'PropertyType' is missing.", line: element.line)
        }
        guard types.contains(type) else {
            throw SOAPFault.schemaValidation(
                "The 'PropertyType' attribute is invalid - The value '\(type)' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:MapiPropertyTypeType' - The Enumeration constraint failed.",
                line: element.line)
        }
        let tagText = element.attribute("PropertyTag")
        let distinguished = element.attribute("DistinguishedPropertySetId")
        let guid = element.attribute("PropertySetId")
        let name = element.attribute("PropertyName")
        let id = element.attribute("PropertyId")
        if let tagText {
            guard distinguished == nil, guid == nil, name == nil, id == nil else {
                throw SOAPFault.invalidRequest("an ExtendedFieldURI with a PropertyTag names no property set, PropertyName or PropertyId")
            }
            guard let tag = parseTag(tagText) else {
                throw SOAPFault.schemaValidation(
                    "The 'PropertyTag' attribute is invalid - The value '\(tagText)' is not a property tag (0x0000 to 0xFFFF).",
                    line: element.line)
            }
            return ExtendedFieldURI(tag: tag, type: type)
        }
        let set: String
        switch (distinguished, guid) {
        case let (name?, nil):
            guard distinguishedSets.contains(name) else {
                throw SOAPFault.schemaValidation(
                    "The 'DistinguishedPropertySetId' attribute value '\(name)' is invalid.", line: element.line)
            }
            set = name
        case let (nil, guid?):
            guard UUID(uuidString: guid) != nil else {
                throw SOAPFault.schemaValidation("The 'PropertySetId' attribute value '\(guid)' is not a GUID.", line: element.line)
            }
            // A distinguished set named by its GUID is the same property set (MS-OXPROPS).
            set = distinguishedSetGUIDs[guid.lowercased()] ?? guid.lowercased()
        default:
            throw SOAPFault.invalidRequest(
                "an ExtendedFieldURI needs a PropertyTag, or one of DistinguishedPropertySetId and PropertySetId with a PropertyName or PropertyId")
        }
        switch (name, id) {
        case let (name?, nil): return ExtendedFieldURI(identity: .name(set: set, name: name), type: type)
        case let (nil, id?):
            guard let number = Int(id) ?? parseTag(id).map(Int.init) else {
                throw SOAPFault.schemaValidation("The 'PropertyId' attribute value '\(id)' is invalid.", line: element.line)
            }
            return ExtendedFieldURI(identity: .id(set: set, id: number), type: type)
        default:
            throw SOAPFault.invalidRequest("an ExtendedFieldURI with a property set needs exactly one of PropertyName and PropertyId")
        }
    }

    /// `0x3613`, `0X3613` or decimal `13843`.
    static func parseTag(_ text: String) -> UInt16? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        if trimmed.hasPrefix("0x") || trimmed.hasPrefix("0X") { return UInt16(trimmed.dropFirst(2), radix: 16) }
        return UInt16(trimmed)
    }

    /// The attributes Exchange writes back: the tag as `0x` and lower-case hex without leading zeros.
    var attributes: [(String, String)] {
        switch identity {
        case let .tag(tag):
            return [("PropertyTag", "0x" + String(tag, radix: 16)), ("PropertyType", type)]
        case let .name(set, name):
            return [(Self.distinguishedSets.contains(set) ? "DistinguishedPropertySetId" : "PropertySetId", set),
                    ("PropertyName", name), ("PropertyType", type)]
        case let .id(set, id):
            return [(Self.distinguishedSets.contains(set) ? "DistinguishedPropertySetId" : "PropertySetId", set),
                    ("PropertyId", String(id)), ("PropertyType", type)]
        }
    }

    /// The URI as its attributes, for messages (`PropertyTag=0x3008 PropertyType=SystemTime`).
    var description: String { attributes.map { "\($0.0)=\($0.1)" }.joined(separator: " ") }

    /// Writes `t:ExtendedProperty` with this URI and `value`.
    func write(_ value: ExtendedValue, into w: inout XMLWriter) {
        w.element("t:ExtendedProperty") { property in
            property.element("t:ExtendedFieldURI", attributeList: attributes)
            switch value {
            case let .single(text): property.element("t:Value", text: text)
            case let .multiple(values):
                property.element("t:Values") { list in
                    for text in values { list.element("t:Value", text: text) }
                }
            }
        }
    }
}

/// A property value in its EWS text form (xs:dateTime for SystemTime, `true`/`false`, decimal
/// integers, base64 for Binary).
enum ExtendedValue: Hashable, Sendable {
    case single(String)
    case multiple([String])

    /// The value of a single-valued property, for comparisons.
    var text: String? {
        if case let .single(text) = self { return text }
        return nil
    }

    /// Reads `t:ExtendedProperty` (its `t:Value` or `t:Values`) for `uri`, checking the text
    /// against the property type so that a stored value always reads back well formed.
    static func parse(_ property: XMLElementView, for uri: ExtendedFieldURI) throws(SOAPFault) -> ExtendedValue {
        let t = EWSNamespace.types
        func check(_ text: String, line: Int) throws(SOAPFault) -> String {
            let base = uri.isArray ? String(uri.type.dropLast("Array".count)) : uri.type
            let valid: Bool
            switch base {
            case "Integer", "Long", "Short": valid = Int64(text.trimmingCharacters(in: .whitespaces)) != nil
            case "Boolean": valid = EWSNamespace.boolean(text) != nil
            case "SystemTime": valid = EWSDateTime.parse(text) != nil
            case "Double", "Float", "Currency": valid = Double(text.trimmingCharacters(in: .whitespaces)) != nil
            case "Binary": valid = Data(base64Encoded: text.trimmingCharacters(in: .whitespaces)) != nil
            case "CLSID": valid = UUID(uuidString: text.trimmingCharacters(in: .whitespaces)) != nil
            default: valid = true
            }
            guard valid else {
                throw SOAPFault.schemaValidation("The value '\(text)' is not valid for an extended property of type \(uri.type).", line: line)
            }
            return base == "Boolean" ? String(EWSNamespace.boolean(text) ?? false) : text
        }
        if uri.isArray {
            guard let values = property.firstChild(t, "Values") else {
                throw SOAPFault.schemaValidation("A multi-valued extended property (\(uri.type)) needs 'Values'.", line: property.line)
            }
            var texts: [String] = []
            for value in values.children(t, "Value") { texts.append(try check(value.text, line: value.line)) }
            return .multiple(texts)
        }
        guard let value = property.firstChild(t, "Value") else {
            throw SOAPFault.schemaValidation("A single-valued extended property (\(uri.type)) needs 'Value'.", line: property.line)
        }
        return .single(try check(value.text, line: value.line))
    }
}
