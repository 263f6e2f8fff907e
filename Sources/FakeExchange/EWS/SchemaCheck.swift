// SchemaCheck: what a request element may hold: children the fake implements (in their namespace, each once) and attribute values.
import XMLSupport

enum SchemaCheck {
    /// The value of the required attribute `name`, which must be one of `allowed` (schema faults otherwise).
    static func requiredAttribute(_ name: String, of element: XMLElementView, in allowed: Set<String>) throws(SOAPFault) -> String {
        guard let value = element.attribute(name) else {
            throw SOAPFault.schemaValidation("The required attribute '\(name)' is missing.", line: element.line)
        }
        guard allowed.contains(value) else {
            throw SOAPFault.schemaValidation("The '\(name)' attribute value '\(value)' is invalid.", line: element.line)
        }
        return value
    }

    /// Throws a fault naming the first child of `element` that is not in `namespace` with a name in
    /// `understood`, or that appears twice: the fake never answers as if such a child were absent.
    static func require(_ element: XMLElementView, namespace: String, understood: Set<String>, in context: String) throws(SOAPFault) {
        var seen: Set<String> = []
        for child in element.children {
            guard child.namespaceURI == namespace, understood.contains(child.localName) else {
                throw SOAPFault.invalidRequest(
                    "fake-exchange does not implement '\(child.localName)' (namespace \(child.namespaceURI ?? "none")) in \(context)")
            }
            guard seen.insert(child.localName).inserted else {
                throw SOAPFault.schemaValidation("The element '\(child.localName)' appears twice in '\(context)'.", line: child.line)
            }
        }
    }
}
