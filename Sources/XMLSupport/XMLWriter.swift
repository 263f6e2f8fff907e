// XMLWriter: builds XML documents as strings, escaping every value it is given.

/// Appends XML to a string. Names are written as given (callers choose prefixes and declare
/// namespaces with `xmlns:*` attributes); every text and attribute value is escaped with
/// `XMLEscaping`, so the output is well-formed whatever the values contain.
///
/// ```swift
/// var writer = XMLWriter()
/// writer.element("s:Envelope", ["xmlns:s": soapNamespace]) { body in
///     body.element("s:Body") { $0.element("m:Foo", text: "a < b") }
/// }
/// ```
public struct XMLWriter: Sendable {
    /// The XML written so far.
    public private(set) var output: String

    /// Starts a document, with `<?xml version="1.0" encoding="utf-8"?>` unless `declaration` is false.
    public init(declaration: Bool = true) {
        output = declaration ? "<?xml version=\"1.0\" encoding=\"utf-8\"?>" : ""
    }

    /// Writes an element with optional text content (`<a/>` when `text` is nil).
    /// Attributes whose value is nil are omitted; order is kept.
    public mutating func element(_ name: String, _ attributes: KeyValuePairs<String, String?> = [:], text: String? = nil) {
        openTag(name, attributes)
        if let text {
            output += ">"
            output += XMLEscaping.text(text)
            output += "</\(name)>"
        } else {
            output += "/>"
        }
    }

    /// Writes an element whose content is produced by `content`.
    public mutating func element(
        _ name: String, _ attributes: KeyValuePairs<String, String?> = [:], content: (inout XMLWriter) -> Void
    ) {
        openTag(name, attributes)
        output += ">"
        content(&self)
        output += "</\(name)>"
    }

    /// Writes an element whose attributes are built at run time.
    public mutating func element(_ name: String, attributeList: [(String, String)], content: ((inout XMLWriter) -> Void)? = nil) {
        output += "<\(name)"
        for (key, value) in attributeList {
            output += " \(key)=\"\(XMLEscaping.attribute(value))\""
        }
        if let content {
            output += ">"
            content(&self)
            output += "</\(name)>"
        } else {
            output += "/>"
        }
    }

    /// Writes escaped character data.
    public mutating func text(_ value: String) {
        output += XMLEscaping.text(value)
    }

    /// Appends markup verbatim. The caller guarantees it is well-formed; never pass untrusted input.
    public mutating func raw(_ markup: String) {
        output += markup
    }

    private mutating func openTag(_ name: String, _ attributes: KeyValuePairs<String, String?>) {
        // Appends, not interpolation: this runs for every element of every SOAP request.
        output.append("<")
        output.append(name)
        for (key, value) in attributes {
            guard let value else { continue }
            output.append(" ")
            output.append(key)
            output.append("=\"")
            output.append(XMLEscaping.attribute(value))
            output.append("\"")
        }
    }
}
