// ChildCheck: an element's children must be ones the fake implements, in the right namespace, each once.
import XMLSupport

enum ChildCheck {
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
