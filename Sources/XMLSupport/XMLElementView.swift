// XMLElementView: namespace-aware, read-only navigation over an element of an `XMLTree`.
import CLibXML2
import Foundation
import TextSupport

/// A read-only view of one element. Matching is always by namespace URI plus local name, never by
/// prefix: `<s:Body>`, `<soap:Body>` and `<Body xmlns="…">` are the same element.
///
/// A view keeps its `XMLTree` alive. Views are cheap values; do not share them across threads.
public struct XMLElementView {
    let tree: XMLTree
    let node: xmlNodePtr

    init(tree: XMLTree, node: xmlNodePtr) {
        self.tree = tree
        self.node = node
    }

    /// The local name (no prefix).
    public var localName: String {
        node.pointee.name.map { String(cString: $0) } ?? ""
    }

    /// The namespace URI the element is bound to, or nil when it is in no namespace.
    public var namespaceURI: String? {
        node.pointee.ns?.pointee.href.map { String(cString: $0) }
    }

    /// The 1-based source line of the start tag (0 if unknown), for error reports.
    public var line: Int {
        Int(xmlGetLineNo(node))
    }

    /// True when the element is `local` in namespace `namespace`.
    public func isElement(_ namespace: String?, _ local: String) -> Bool {
        localName == local && namespaceURI == namespace
    }

    /// The element children, in document order (text, comments and PIs are skipped).
    public var children: [XMLElementView] {
        var result: [XMLElementView] = []
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                result.append(XMLElementView(tree: tree, node: current))
            }
            child = current.pointee.next
        }
        return result
    }

    /// The element children named `local` in `namespace`, in document order.
    public func children(_ namespace: String?, _ local: String) -> [XMLElementView] {
        children.filter { $0.isElement(namespace, local) }
    }

    /// The first element child named `local` in `namespace`, or nil.
    public func firstChild(_ namespace: String?, _ local: String) -> XMLElementView? {
        var child = node.pointee.children
        while let current = child {
            if current.pointee.type == XML_ELEMENT_NODE {
                let view = XMLElementView(tree: tree, node: current)
                if view.isElement(namespace, local) { return view }
            }
            child = current.pointee.next
        }
        return nil
    }

    /// Follows a path of (namespace, local) steps through first children.
    public func descendant(_ path: [(String?, String)]) -> XMLElementView? {
        var current: XMLElementView? = self
        for (namespace, local) in path {
            current = current?.firstChild(namespace, local)
        }
        return current
    }

    /// The value of the attribute `local` that is in no namespace (how EWS writes its attributes), or nil.
    public func attribute(_ local: String) -> String? {
        guard let value = xmlGetNoNsProp(node, local) else { return nil }
        defer { free(value) }
        return String(cString: value)
    }

    /// The value of the attribute `local` in `namespace` (e.g. `xml:lang`), or nil.
    public func attribute(_ local: String, namespace: String) -> String? {
        guard let value = xmlGetNsProp(node, local, namespace) else { return nil }
        defer { free(value) }
        return String(cString: value)
    }

    /// All attributes in document order (namespace declarations are not attributes and are not listed).
    public var attributes: [(namespaceURI: String?, localName: String, value: String)] {
        var result: [(namespaceURI: String?, localName: String, value: String)] = []
        var attribute = node.pointee.properties
        while let current = attribute {
            let name = current.pointee.name.map { String(cString: $0) } ?? ""
            let namespace = current.pointee.ns?.pointee.href.map { String(cString: $0) }
            var value = ""
            if let text = xmlNodeListGetString(tree.document, current.pointee.children, 1) {
                value = String(cString: text)
                free(text)
            }
            result.append((namespace, name, value))
            attribute = current.pointee.next
        }
        return result
    }

    /// The concatenated text content of this element and all its descendants.
    public var text: String {
        guard let content = xmlNodeGetContent(node) else { return "" }
        defer { free(content) }
        return String(cString: content)
    }

    /// `text` with leading and trailing whitespace removed.
    public var trimmedText: String {
        text.trimmingWhitespaceAndNewlines()
    }

    /// Resolves a QName-valued text or attribute (e.g. `a:ErrorServerBusy`) to (namespace URI, local
    /// name) using the namespaces in scope at this element.
    public func resolveQName(_ qname: String) -> (namespaceURI: String?, localName: String) {
        let parts = qname.split(separator: ":", maxSplits: 1).map(String.init)
        let prefix: String? = parts.count == 2 ? parts[0] : nil
        let local = parts.count == 2 ? parts[1] : qname
        guard let ns = xmlSearchNs(tree.document, node, prefix) else { return (nil, local) }
        return (ns.pointee.href.map { String(cString: $0) }, local)
    }
}
