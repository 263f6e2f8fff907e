// XMLTree: safe parsing of untrusted bytes into an owned libxml2 tree (no DTDs, no network, no entities).
import CLibXML2
import Foundation
import TextSupport

/// An immutable, parsed XML document that owns its libxml2 tree and frees it in `deinit`.
///
/// Parsing rules (the contract every caller relies on):
/// - documents over `maxBytes` are refused before libxml2 sees them;
/// - any DOCTYPE is refused: a byte scan runs before parsing and a SAX hook stops the parser at a
///   DOCTYPE declaration, so no entity is ever declared, expanded or fetched (no XXE, no billion laughs);
/// - `XML_PARSE_NOENT` and `XML_PARSE_DTDLOAD` are never used, `XML_PARSE_NONET` always is;
/// - a document that is not well-formed yields `XMLParseError.malformed` with libxml2's message;
///   no partial tree is ever returned.
///
/// Navigate with `root` (an `XMLElementView`). Views keep the tree alive.
public final class XMLTree {
    let document: xmlDocPtr

    /// The document element.
    public var root: XMLElementView {
        XMLElementView(tree: self, node: xmlDocGetRootElement(document)!)
    }

    private init(document: xmlDocPtr) {
        self.document = document
    }

    deinit {
        xmlFreeDoc(document)
    }

    /// The default size limit: 4 MiB.
    public static let defaultMaxBytes = 4 * 1024 * 1024

    /// Parses `bytes` under the rules above. Thread-safe: each call uses its own parser context.
    public static func parse(_ bytes: Data, maxBytes: Int = defaultMaxBytes) throws(XMLParseError) -> XMLTree {
        try parse(bytes, maxBytes: maxBytes, byteScan: true)
    }

    /// `byteScan: false` exists only so tests can prove the SAX hook refuses a DOCTYPE on its own.
    static func parse(_ bytes: Data, maxBytes: Int, byteScan: Bool) throws(XMLParseError) -> XMLTree {
        if bytes.count > maxBytes { throw .tooLarge(limit: maxBytes, actual: bytes.count) }
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) { throw .empty }
        if byteScan, containsDoctype(bytes) { throw .doctypeNotAllowed }
        _ = libraryInitialized
        guard let context = xmlNewParserCtxt() else {
            throw .malformed(message: "libxml2 could not allocate a parser context", line: 0, column: 0)
        }
        defer { xmlFreeParserCtxt(context) }
        // Stop the parser the moment a DOCTYPE is declared (covers encodings the byte scan cannot see).
        context.pointee.sax.pointee.internalSubset = { ctx, _, _, _ in
            guard let ctx else { return }
            xmlStopParser(ctx.assumingMemoryBound(to: xmlParserCtxt.self))
        }
        let options = Int32(
            XML_PARSE_NONET.rawValue | XML_PARSE_NOBLANKS.rawValue | XML_PARSE_NOCDATA.rawValue
                | XML_PARSE_NOERROR.rawValue | XML_PARSE_NOWARNING.rawValue)
        let document: xmlDocPtr? = bytes.withUnsafeBytes { raw in
            guard let base = raw.baseAddress?.assumingMemoryBound(to: CChar.self) else { return nil }
            return xmlCtxtReadMemory(context, base, Int32(raw.count), nil, nil, options)
        }
        if context.pointee.errNo == Int32(XML_ERR_USER_STOP.rawValue) {
            if let document { xmlFreeDoc(document) }
            throw .doctypeNotAllowed
        }
        let wellFormed = context.pointee.wellFormed != 0
        let error = lastError(of: context)
        guard let document, wellFormed, error == nil || error?.isWarning == true else {
            if let document { xmlFreeDoc(document) }
            if error?.code == Int32(XML_ERR_USER_STOP.rawValue) { throw .doctypeNotAllowed }
            throw .malformed(
                message: error?.message ?? "document is not well-formed", line: error?.line ?? 0, column: error?.column ?? 0)
        }
        guard document.pointee.intSubset == nil, document.pointee.extSubset == nil else {
            xmlFreeDoc(document)
            throw .doctypeNotAllowed
        }
        guard xmlDocGetRootElement(document) != nil else {
            xmlFreeDoc(document)
            throw .empty
        }
        return XMLTree(document: document)
    }

    /// Parses a string (UTF-8) under the same rules.
    public static func parse(_ text: String, maxBytes: Int = defaultMaxBytes) throws(XMLParseError) -> XMLTree {
        try parse(Data(text.utf8), maxBytes: maxBytes)
    }

    private struct LibXMLError {
        var code: Int32
        var message: String
        var line: Int
        var column: Int
        var isWarning: Bool
    }

    private static func lastError(of context: xmlParserCtxtPtr) -> LibXMLError? {
        guard let error = xmlCtxtGetLastError(context), error.pointee.code != 0 else { return nil }
        let message = error.pointee.message.map { String(cString: $0) } ?? "unknown libxml2 error"
        return LibXMLError(
            code: error.pointee.code,
            message: message.trimmingWhitespaceAndNewlines(),
            line: Int(error.pointee.line),
            column: Int(error.pointee.int2),
            isWarning: error.pointee.level == XML_ERR_WARNING)
    }

    /// `<!DOCTYPE` in ASCII-compatible encodings, and in UTF-16 (either byte order).
    private static let doctypePatterns: [[UInt8]] = {
        let ascii = Array("<!DOCTYPE".utf8)
        return [ascii, ascii.flatMap { [$0, 0] }, ascii.flatMap { [0, $0] }]  // UTF-8/ASCII, UTF-16LE, UTF-16BE
    }()

    static func containsDoctype(_ bytes: Data) -> Bool {
        // One pass looking for "!" (rare in SOAP), then a check of the patterns around it: this runs on
        // every response, and three Data.range(of:) searches were a measurable share of a call.
        bytes.withUnsafeBytes { raw in
            let buffer = raw.bindMemory(to: UInt8.self)
            var index = 0
            while index < buffer.count {
                if buffer[index] == UInt8(ascii: "!") {
                    for pattern in doctypePatterns {
                        let start = index - pattern.firstIndex(of: UInt8(ascii: "!"))!
                        if start >= 0, start + pattern.count <= buffer.count,
                           pattern.indices.allSatisfy({ buffer[start + $0] == pattern[$0] }) {
                            return true
                        }
                    }
                }
                index += 1
            }
            return false
        }
    }

    /// libxml2 must be initialised once before concurrent use; a `static let` runs exactly once.
    private static let libraryInitialized: Bool = {
        xmlInitParser()
        return true
    }()
}
