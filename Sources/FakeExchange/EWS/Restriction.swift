// Restriction: FindItem/FindFolder `m:Restriction` and `m:SortOrder`, parsed into an expression and
// evaluated against the properties the fake serves; what it cannot evaluate is an error, never "all items".
import Foundation
import XMLSupport

/// A property a restriction or sort order names.
enum PropertyPath: Hashable, Sendable {
    case field(String)
    case extended(ExtendedFieldURI)

    /// Parses a `t:FieldURI`, `t:ExtendedFieldURI` or `t:IndexedFieldURI` element.
    static func parse(_ element: XMLElementView) throws(SOAPFault) -> PropertyPath {
        switch element.localName {
        case "FieldURI": return .field(try ItemShape.fieldURI(element))
        case "ExtendedFieldURI": return .extended(try ExtendedFieldURI.parse(element))
        case "IndexedFieldURI":
            // Calendar items and folders have no indexed properties (those are contacts' and messages').
            throw SOAPFault.invalidRequest("fake-exchange serves no indexed property (\(element.attribute("FieldURI") ?? "IndexedFieldURI"))")
        default:
            throw SOAPFault.schemaValidation("The element '\(element.localName)' is not a property path.", line: element.line)
        }
    }

    var description: String {
        switch self {
        case let .field(uri): return uri
        case let .extended(uri): return uri.description
        }
    }
}

/// A property value as restrictions compare it.
enum PropertyValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case date(Date)
    case boolean(Bool)
    case strings([String])

    /// A constant read as the type of `sample` (the property it is compared with).
    static func constant(_ text: String, like sample: PropertyValue) -> PropertyValue? {
        switch sample {
        case .string, .strings: return .string(text)
        case .integer: return Int64(text.trimmingCharacters(in: .whitespaces)).map { .integer($0) }
        case .date: return EWSDateTime.parse(text).map { .date($0) }
        case .boolean: return EWSNamespace.boolean(text).map { .boolean($0) }
        }
    }

    /// The value of an extended property read as its declared type.
    static func extended(_ value: ExtendedValue, type: String) -> PropertyValue? {
        switch value {
        case let .multiple(values): return .strings(values)
        case let .single(text):
            switch type {
            case "Integer", "Long", "Short": return Int64(text).map { .integer($0) }
            case "SystemTime": return EWSDateTime.parse(text).map { .date($0) }
            case "Boolean": return EWSNamespace.boolean(text).map { .boolean($0) }
            default: return .string(text)
            }
        }
    }

    /// -1, 0, 1, or nil when the two cannot be ordered. Strings compare without regard to case, as
    /// the Exchange store does.
    func compare(to other: PropertyValue) -> Int? {
        func sign<T: Comparable>(_ a: T, _ b: T) -> Int { a < b ? -1 : (a == b ? 0 : 1) }
        switch (self, other) {
        case let (.string(a), .string(b)):
            switch a.compare(b, options: [.caseInsensitive]) {
            case .orderedAscending: return -1
            case .orderedSame: return 0
            case .orderedDescending: return 1
            }
        case let (.integer(a), .integer(b)): return sign(a, b)
        case let (.date(a), .date(b)): return sign(a, b)
        case let (.boolean(a), .boolean(b)): return a == b ? 0 : (a ? 1 : -1)
        default: return nil
        }
    }
}

/// Why a restriction or sort order could not be evaluated: a per-folder error message (`itemError`),
/// or a fault (`fault`) when the request itself is outside what the fake implements.
enum RestrictionError: Error, Equatable {
    /// The fake does not serve the property in restrictions (ErrorUnsupportedPathForQuery).
    case unsupportedPath(String)
    /// The fake cannot sort on the property (ErrorUnsupportedPathForSortGroup).
    case unsupportedSortPath(String)
    /// A constant that does not fit the property's type, or an operator the fake does not evaluate.
    case invalid(String)

    var itemError: EWSItemError {
        switch self {
        case let .unsupportedPath(path):
            return EWSItemError(
                code: "ErrorUnsupportedPathForQuery",
                text: "The property path is not supported in a restriction or sort order by fake-exchange: \(path).")
        case let .unsupportedSortPath(path):
            return EWSItemError(
                code: "ErrorUnsupportedPathForSortGroup", text: "The property path is not supported in a sort order by fake-exchange: \(path).")
        case let .invalid(detail):
            return EWSItemError(code: "ErrorInvalidRestriction", text: "The restriction is invalid: \(detail).")
        }
    }

    var fault: SOAPFault { SOAPFault.invalidRequest(itemError.text) }
}

/// The properties of one object (item or folder), as restrictions read them: nil when the object
/// does not have the property; a throw when the fake cannot answer for that path at all.
typealias PropertyLookup = (PropertyPath) throws(RestrictionError) -> PropertyValue?

/// A parsed `m:Restriction`.
indirect enum Restriction: Sendable {
    enum Comparison: String, Sendable {
        case isEqualTo = "IsEqualTo", isNotEqualTo = "IsNotEqualTo", isGreaterThan = "IsGreaterThan"
        case isGreaterThanOrEqualTo = "IsGreaterThanOrEqualTo", isLessThan = "IsLessThan"
        case isLessThanOrEqualTo = "IsLessThanOrEqualTo"
    }

    enum Operand: Sendable {
        case constant(String)
        case path(PropertyPath)
    }

    case compare(Comparison, PropertyPath, Operand)
    case exists(PropertyPath)
    /// `t:Contains`: ContainmentMode and whether case is ignored.
    case contains(PropertyPath, String, mode: String, ignoreCase: Bool)
    case and([Restriction])
    case or([Restriction])
    case not(Restriction)

    static let containmentModes: Set<String> = ["FullString", "Prefixed", "Substring", "PrefixOnWords", "ExactPhrase"]
    static let containmentComparisons: Set<String> = [
        "Exact", "IgnoreCase", "IgnoreNonSpacingCharacters", "Loose", "IgnoreCaseAndNonSpacingCharacters",
        "LooseAndIgnoreCase", "LooseAndIgnoreNonSpace", "LooseAndIgnoreCaseAndIgnoreNonSpace",
    ]

    /// Parses the single search expression inside `m:Restriction`.
    static func parse(restriction element: XMLElementView) throws(SOAPFault) -> Restriction {
        guard element.children.count == 1, let expression = element.children.first else {
            throw SOAPFault.schemaValidation("The element 'Restriction' must hold exactly one search expression.", line: element.line)
        }
        return try parse(expression, depth: 0)
    }

    private static func parse(_ element: XMLElementView, depth: Int) throws(SOAPFault) -> Restriction {
        guard depth < 64 else { throw SOAPFault.invalidRequest("the restriction is nested more than 64 levels deep") }
        guard element.namespaceURI == EWSNamespace.types else {
            throw SOAPFault.schemaValidation("The element '\(element.localName)' is not expected.", line: element.line)
        }
        func path(_ node: XMLElementView) throws(SOAPFault) -> PropertyPath {
            guard let first = node.children.first else {
                throw SOAPFault.schemaValidation("The element '\(node.localName)' needs a property path.", line: node.line)
            }
            return try PropertyPath.parse(first)
        }
        if let comparison = Comparison(rawValue: element.localName) {
            let property = try path(element)
            guard let operand = element.firstChild(EWSNamespace.types, "FieldURIOrConstant")?.children.first else {
                throw SOAPFault.schemaValidation("The element '\(element.localName)' needs 'FieldURIOrConstant'.", line: element.line)
            }
            if operand.localName == "Constant" {
                guard let value = operand.attribute("Value") else {
                    throw SOAPFault.schemaValidation("The required attribute 'Value' is missing.", line: operand.line)
                }
                return .compare(comparison, property, .constant(value))
            }
            return .compare(comparison, property, .path(try PropertyPath.parse(operand)))
        }
        switch element.localName {
        case "Exists":
            return .exists(try path(element))
        case "Contains":
            let mode = element.attribute("ContainmentMode") ?? "Substring"
            let comparison = element.attribute("ContainmentComparison") ?? "Exact"
            guard containmentModes.contains(mode) else {
                throw SOAPFault.schemaValidation("The 'ContainmentMode' attribute value '\(mode)' is invalid.", line: element.line)
            }
            guard containmentComparisons.contains(comparison) else {
                throw SOAPFault.schemaValidation("The 'ContainmentComparison' attribute value '\(comparison)' is invalid.", line: element.line)
            }
            guard let constant = element.firstChild(EWSNamespace.types, "Constant")?.attribute("Value") else {
                throw SOAPFault.schemaValidation("The element 'Contains' needs a 'Constant' with a 'Value'.", line: element.line)
            }
            return .contains(try path(element), constant, mode: mode, ignoreCase: comparison != "Exact" && comparison != "IgnoreNonSpacingCharacters")
        case "And", "Or":
            var parts: [Restriction] = []
            for child in element.children { parts.append(try parse(child, depth: depth + 1)) }
            guard !parts.isEmpty else {
                throw SOAPFault.schemaValidation("The element '\(element.localName)' needs at least one search expression.", line: element.line)
            }
            return element.localName == "And" ? .and(parts) : .or(parts)
        case "Not":
            guard element.children.count == 1, let inner = element.children.first else {
                throw SOAPFault.schemaValidation("The element 'Not' must hold exactly one search expression.", line: element.line)
            }
            return .not(try parse(inner, depth: depth + 1))
        case "Excludes":
            throw RestrictionError.invalid("the bitmask operator Excludes is not evaluated by fake-exchange").fault
        default:
            throw SOAPFault.schemaValidation("The element '\(element.localName)' is not a search expression.", line: element.line)
        }
    }

    /// True when the object whose properties `lookup` reads matches. A comparison with a property
    /// the object does not have is false (MAPI's rule), so `Not` of it is true.
    func matches(_ lookup: PropertyLookup) throws(RestrictionError) -> Bool {
        switch self {
        case let .compare(comparison, path, operand):
            guard let value = try lookup(path) else { return false }
            let other: PropertyValue
            switch operand {
            case let .constant(text):
                guard let parsed = PropertyValue.constant(text, like: value) else {
                    throw RestrictionError.invalid("'\(text)' is not a value of the type of \(path.description)")
                }
                other = parsed
            case let .path(otherPath):
                guard let found = try lookup(otherPath) else { return false }
                other = found
            }
            if case let .strings(values) = value, case let .string(wanted) = other {
                // A multi-valued property equals a constant when one of its values does.
                let equal = values.contains { $0.caseInsensitiveCompare(wanted) == .orderedSame }
                switch comparison {
                case .isEqualTo: return equal
                case .isNotEqualTo: return !equal
                default: throw RestrictionError.invalid("\(comparison.rawValue) cannot order the multi-valued \(path.description)")
                }
            }
            guard let order = value.compare(to: other) else {
                throw RestrictionError.invalid("\(path.description) cannot be compared with that value")
            }
            switch comparison {
            case .isEqualTo: return order == 0
            case .isNotEqualTo: return order != 0
            case .isGreaterThan: return order > 0
            case .isGreaterThanOrEqualTo: return order >= 0
            case .isLessThan: return order < 0
            case .isLessThanOrEqualTo: return order <= 0
            }
        case let .exists(path):
            return try lookup(path) != nil
        case let .contains(path, constant, mode, ignoreCase):
            let texts: [String]
            switch try lookup(path) {
            case nil: return false
            case let .string(text)?: texts = [text]
            case let .strings(values)?: texts = values
            case .some: throw RestrictionError.invalid("Contains needs a text property, and \(path.description) is not one")
            }
            let options: String.CompareOptions = ignoreCase ? [.caseInsensitive] : []
            return texts.contains { text in
                switch mode {
                case "FullString": return text.compare(constant, options: options) == .orderedSame
                case "Prefixed": return text.range(of: constant, options: options.union(.anchored)) != nil
                case "PrefixOnWords":
                    return text.split(whereSeparator: { $0.isWhitespace || $0.isPunctuation }).contains {
                        String($0).range(of: constant, options: options.union(.anchored)) != nil
                    } || text.range(of: constant, options: options.union(.anchored)) != nil
                default: return text.range(of: constant, options: options) != nil  // Substring, ExactPhrase
                }
            }
        case let .and(parts):
            for part in parts where !(try part.matches(lookup)) { return false }
            return true
        case let .or(parts):
            for part in parts where try part.matches(lookup) { return true }
            return false
        case let .not(inner):
            return !(try inner.matches(lookup))
        }
    }
}

extension Restriction {
    /// Checks, before any object is read, that every path is one `supports` accepts and every
    /// constant compared with a MAPI property fits its type: an empty folder, a short-circuited
    /// `And` or items without the property must not hide what the fake cannot evaluate.
    func validate(supports: (PropertyPath) -> Bool) throws(RestrictionError) {
        func check(_ path: PropertyPath) throws(RestrictionError) {
            guard supports(path) else { throw RestrictionError.unsupportedPath(path.description) }
        }
        switch self {
        case let .compare(_, path, operand):
            try check(path)
            switch operand {
            case let .path(other): try check(other)
            case let .constant(text):
                if case let .extended(uri) = path, !uri.isArray, !["String", "Binary", "CLSID"].contains(uri.type),
                    PropertyValue.extended(.single(text), type: uri.type) == nil
                {
                    throw RestrictionError.invalid("'\(text)' is not a value of the type of \(path.description)")
                }
            }
        case let .exists(path), let .contains(path, _, _, _):
            try check(path)
        case let .and(parts), let .or(parts):
            for part in parts { try part.validate(supports: supports) }
        case let .not(inner):
            try inner.validate(supports: supports)
        }
    }

    /// The objects that match, in their order.
    func filter<T>(_ objects: [T], lookup: (T) -> PropertyLookup) throws(RestrictionError) -> [T] {
        var kept: [T] = []
        for object in objects where try matches(lookup(object)) { kept.append(object) }
        return kept
    }
}

/// A parsed `m:SortOrder`: properties and directions, most significant first.
struct SortOrder: Sendable {
    var keys: [(path: PropertyPath, ascending: Bool)]

    static func parse(_ element: XMLElementView) throws(SOAPFault) -> SortOrder {
        var keys: [(path: PropertyPath, ascending: Bool)] = []
        for order in element.children {
            guard order.localName == "FieldOrder", let path = order.children.first else {
                throw SOAPFault.schemaValidation("The element 'SortOrder' holds 'FieldOrder' elements with a property path.", line: order.line)
            }
            let direction = order.attribute("Order") ?? "Ascending"
            guard direction == "Ascending" || direction == "Descending" else {
                throw SOAPFault.schemaValidation("The 'Order' attribute value '\(direction)' is invalid.", line: order.line)
            }
            keys.append((try PropertyPath.parse(path), direction == "Ascending"))
        }
        return SortOrder(keys: keys)
    }

    /// Sorts `objects` stably; an object without a sort property comes first in ascending order.
    /// A path `supports` refuses, or a multi-valued property, cannot be sorted on: an error.
    func sorted<T>(_ objects: [T], supports: (PropertyPath) -> Bool, lookup: (T) -> PropertyLookup) throws(RestrictionError) -> [T] {
        for key in keys where !supports(key.path) { throw RestrictionError.unsupportedSortPath(key.path.description) }
        var rows: [(index: Int, object: T, values: [PropertyValue?])] = []
        for (index, object) in objects.enumerated() {
            let read = lookup(object)
            var values: [PropertyValue?] = []
            for key in keys {
                let value = try read(key.path)
                if case .strings? = value { throw RestrictionError.invalid("the multi-valued \(key.path.description) cannot be sorted on") }
                values.append(value)
            }
            rows.append((index, object, values))
        }
        rows.sort { a, b in
            for (position, key) in keys.enumerated() {
                let order: Int
                switch (a.values[position], b.values[position]) {
                case (nil, nil): order = 0
                case (nil, _): order = -1
                case (_, nil): order = 1
                case let (x?, y?): order = x.compare(to: y) ?? 0
                }
                if order != 0 { return key.ascending ? order < 0 : order > 0 }
            }
            return a.index < b.index
        }
        return rows.map(\.object)
    }
}
