// SOAPRequest: a parsed, envelope-validated EWS request: version, impersonation header, time zone, operation.
import Foundation
import XMLSupport

/// An EWS request after envelope checks. Everything here is request-level, so every failure is a
/// `SOAPFault`: malformed XML, a DOCTYPE, an oversized body and a non-SOAP document are
/// ErrorSchemaValidation/ErrorInvalidRequest; an unknown or too new RequestServerVersion is
/// ErrorSchemaValidation/ErrorInvalidServerVersion.
struct SOAPRequest {
    var tree: XMLTree
    var header: XMLElementView?
    /// The first element child of `s:Body`; its local name is the operation.
    var operation: XMLElementView
    /// RequestServerVersion, or Exchange2007 when the header is absent.
    var version: ExchangeVersion
    /// The children of `ExchangeImpersonation/ConnectingSID`, nil without the header.
    var connectingSID: [XMLElementView]?
    /// The zone of `TimeZoneContext/TimeZoneDefinition@Id`, when given and known.
    var timeZoneContext: TimeZone?

    var operationName: String { operation.localName }

    /// Parses and checks the envelope and header. Does not look at the operation's content.
    static func parse(_ body: Data, maxBytes: Int) throws(SOAPFault) -> SOAPRequest {
        let tree: XMLTree
        do {
            tree = try XMLTree.parse(body, maxBytes: maxBytes)
        } catch {
            switch error {
            case let .tooLarge(limit, actual):
                throw SOAPFault.invalidRequest("the request is \(actual) bytes, larger than the limit of \(limit) bytes")
            case .doctypeNotAllowed:
                throw SOAPFault.schemaValidation("For security reasons DTD is prohibited in this XML document.")
            case .empty:
                throw SOAPFault.invalidRequest("the request body is empty")
            case let .malformed(message, line, column):
                throw SOAPFault.schemaValidation(message, line: max(line, 1), position: max(column, 1))
            }
        }
        let root = tree.root
        guard root.isElement(EWSNamespace.soap, "Envelope") else {
            throw SOAPFault.schemaValidation(
                "The root element must be Envelope in namespace '\(EWSNamespace.soap)', found '\(root.localName)' in namespace '\(root.namespaceURI ?? "")'.",
                line: root.line)
        }
        guard let body = root.firstChild(EWSNamespace.soap, "Body") else {
            throw SOAPFault.invalidRequest("the SOAP envelope has no Body")
        }
        guard let operation = body.children.first else { throw SOAPFault.invalidRequest() }
        guard operation.namespaceURI == EWSNamespace.messages else {
            throw SOAPFault.schemaValidation(
                "The element '\(operation.localName)' in namespace '\(operation.namespaceURI ?? "")' is not expected.",
                line: operation.line)
        }
        let header = root.firstChild(EWSNamespace.soap, "Header")
        var version = ExchangeVersion.exchange2007
        if let requested = header?.firstChild(EWSNamespace.types, "RequestServerVersion") {
            guard let name = requested.attribute("Version") else {
                throw SOAPFault.schemaValidation("The required attribute 'Version' is missing.", line: requested.line)
            }
            guard let parsed = ExchangeVersion(name: name) else {
                throw SOAPFault.schemaValidation(
                    "The 'Version' attribute is invalid - The value '\(name)' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:ExchangeVersionType' - The Enumeration constraint failed.",
                    line: requested.line)
            }
            version = parsed
        }
        for child in header?.children ?? [] where child.namespaceURI == EWSNamespace.types {
            switch child.localName {
            case "RequestServerVersion", "ExchangeImpersonation", "TimeZoneContext", "MailboxCulture":
                continue
            case "DateTimePrecision" where child.trimmedText == "Seconds":
                continue  // the fake writes seconds; Milliseconds is not implemented
            default:
                throw SOAPFault.invalidRequest("fake-exchange does not implement the SOAP header '\(child.localName)'")
            }
        }
        let connectingSID = header?.firstChild(EWSNamespace.types, "ExchangeImpersonation").map { impersonation in
            impersonation.firstChild(EWSNamespace.types, "ConnectingSID")?.children ?? []
        }
        var zone: TimeZone?
        if let id = header?.descendant([(EWSNamespace.types, "TimeZoneContext"), (EWSNamespace.types, "TimeZoneDefinition")])?
            .attribute("Id")
        {
            // An unknown zone would silently read local times as UTC.
            guard let known = WindowsTimeZone.windows(id)?.timeZone else {
                throw SOAPFault.invalidRequest("the TimeZoneContext names '\(id)', a time zone fake-exchange does not know")
            }
            zone = known
        }
        return SOAPRequest(
            tree: tree, header: header, operation: operation, version: version, connectingSID: connectingSID,
            timeZoneContext: zone)
    }

    /// The children of ConnectingSID as `ImpersonationCheck` reads them.
    var connectingSIDEntries: [ConnectingSIDEntry]? {
        connectingSID?.map { ConnectingSIDEntry(namespace: $0.namespaceURI, name: $0.localName, value: $0.trimmedText) }
    }

    /// The mailbox a request is about, for narrowing injected faults, as a lower-cased primary SMTP
    /// address: the impersonated user (whichever ConnectingSID child names it: SID, UPN or address),
    /// else the first `Mailbox/EmailAddress` in the body, else the owner encoded in the first ItemId
    /// or FolderId. An address the directory does not know is returned lower-cased as written.
    func targetAddress(in directory: MailboxDirectory) -> String? {
        if let entries = connectingSIDEntries {
            if let target = ImpersonationCheck.target(of: entries, directory: directory) { return target.key }
            if let first = entries.first(where: { !$0.value.isEmpty }) { return first.value.lowercased() }
        }
        func search(_ element: XMLElementView, depth: Int) -> String? {
            if depth > 12 { return nil }
            if element.isElement(EWSNamespace.types, "Mailbox"),
                let address = element.firstChild(EWSNamespace.types, "EmailAddress")?.trimmedText, !address.isEmpty
            {
                return directory.proxy(address)?.key ?? address.lowercased()
            }
            if element.isElement(EWSNamespace.types, "ItemId"), let id = element.attribute("Id"),
                let reference = ItemReference(encoded: id)
            {
                return reference.mailbox
            }
            if element.isElement(EWSNamespace.types, "FolderId"), let id = element.attribute("Id"),
                let reference = FolderReference(encoded: id)
            {
                return reference.mailbox
            }
            for child in element.children {
                if let found = search(child, depth: depth + 1) { return found }
            }
            return nil
        }
        return search(operation, depth: 0)
    }
}
