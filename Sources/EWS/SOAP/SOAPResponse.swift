// Reading an EWS HTTP answer: telling EWS from everything else, the two error channels, the version.
import Curl
import Foundation
import XMLSupport

/// A successful (non-fault) EWS answer: its version header and the operation's response messages: the
/// children of `m:ResponseMessages`, or, for operations answering with a single message (GetRoomLists,
/// GetRooms), the `m:<Op>Response` element itself when it carries `ResponseClass`.
struct SOAPResponse {
    let tree: XMLTree
    let serverVersion: ServerVersion?
    /// The `m:*ResponseMessage` elements, in order.
    let messages: [ResponseMessage]

    /// One `m:*ResponseMessage` (or a single-message `m:*Response`).
    struct ResponseMessage {
        let element: XMLElementView
        /// `Success`, `Warning` (still carries data) or `Error`.
        let responseClass: String
        let responseCode: String
        let messageText: String

        var isError: Bool { responseClass == "Error" }

        /// The typed error for an `Error` message.
        var error: EWSError {
            switch responseCode {
            case "ErrorAccessDenied", "ErrorFolderNotFound": return .accessDenied(code: responseCode)
            case "ErrorSendAsDenied": return .sendAsDenied
            case "ErrorNonExistentMailbox": return .mailboxNotFound
            case "ErrorNameResolutionNoResults": return .nameNotResolved
            case "ErrorItemNotFound": return .itemNotFound
            case "ErrorServerBusy": return .throttled(backOffMilliseconds: SOAPResponse.backOff(in: element))
            case "ErrorInternalServerError" where element.text.contains("ErrorServerBusy"):
                // Throttling reported inside an internal error (seen on Exchange 2013+ under load).
                return .throttled(backOffMilliseconds: SOAPResponse.backOff(in: element))
            default: return .exchange(code: responseCode, message: messageText)
            }
        }

        func child(_ local: String) -> XMLElementView? { element.firstChild(EWSNamespace.messages, local) }
    }

    /// Classifies an HTTP answer to an EWS POST. Throws `EWSError` for everything that is not a
    /// usable answer: auth challenges, redirects, HTML, faults, malformed XML, servers before 2013.
    private static let html = Array("html".utf8), htmlTag = Array("<html".utf8), doctype = Array("<!doctype html".utf8)
    private static let envelopeName = Array("envelope".utf8)

    private static func asciiLowercased(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        bytes.map { (0x41...0x5A).contains($0) ? $0 | 0x20 : $0 }
    }

    /// A plain scan (a few hundred bytes): `firstRange(of:)` here is Foundation's generic DataProtocol search,
    /// which cost more than the NSString one it replaced.
    private static func contains(_ needle: [UInt8], in haystack: [UInt8]) -> Bool {
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count) where haystack[start] == needle[0] {
            var index = 1
            while index < needle.count && haystack[start + index] == needle[index] { index += 1 }
            if index == needle.count { return true }
        }
        return false
    }

    static func parse(_ response: TransportResponse) throws(EWSError) -> SOAPResponse {
        switch response.status {
        case 401:
            let challenges = response.authenticationSchemes
            if !challenges.isEmpty && !challenges.contains(where: { $0.lowercased() == "basic" }) {
                throw .basicAuthNotOffered(offered: challenges)
            }
            throw .unauthorized
        case 403:
            throw .forbidden
        case 440:
            throw .notEWS(.owaLoginTimeout)
        case 503:
            // Seconds from the server: clamp before converting, a huge value must not overflow (and trap).
            throw .throttled(backOffMilliseconds: response.header("Retry-After").flatMap(Int.init).map { min(max($0, 0), 86_400) * 1000 })
        case 300...399:
            let location = response.header("Location") ?? ""
            if location.lowercased().contains("/owa") { throw .notEWS(.owaRedirect(location: location)) }
            throw .notEWS(.redirect(status: response.status, location: location))
        case 200, 500:
            break
        default:
            throw .notEWS(.unexpectedStatus(response.status))
        }

        // Byte searches in ASCII lower case: String.contains(String) goes through NSString here, which cost 40% of
        // parsing a calendar view.
        let contentType = Self.asciiLowercased((response.header("Content-Type") ?? "").utf8)
        let head = Self.asciiLowercased(response.body.prefix(512))
        if Self.contains(Self.html, in: contentType) || Self.contains(Self.htmlTag, in: head) || Self.contains(Self.doctype, in: head) {
            throw .notEWS(.html(status: response.status))
        }
        let tree: XMLTree
        do {
            tree = try XMLTree.parse(Data(response.body))
        } catch {
            // XML that is not even well-formed: EWS-looking (status 200/500) but broken.
            if Self.contains(Self.envelopeName, in: head) { throw .malformedResponse("\(error)") }
            throw .notEWS(.notSOAP(status: response.status))
        }
        let envelope = tree.root
        guard envelope.isElement(EWSNamespace.soap, "Envelope"), let body = envelope.firstChild(EWSNamespace.soap, "Body") else {
            throw .notEWS(.notSOAP(status: response.status))
        }
        // Faults are told by the body, not the status: some servers send them with 200.
        if let fault = body.firstChild(EWSNamespace.soap, "Fault") { throw Self.error(forFault: fault) }
        guard response.status == 200 else { throw .malformedResponse("HTTP \(response.status) without a SOAP fault") }

        let serverVersion = envelope.firstChild(EWSNamespace.soap, "Header")
            .flatMap { $0.firstChild(EWSNamespace.types, "ServerVersionInfo") }
            .flatMap(Self.serverVersion)
        if let serverVersion, !serverVersion.isSupported { throw .exchangeTooOld(serverVersion) }

        guard let operation = body.children.first else { throw .malformedResponse("no ResponseMessages in the body") }
        let elements: [XMLElementView]
        if let container = operation.firstChild(EWSNamespace.messages, "ResponseMessages") {
            elements = container.children
        } else if operation.namespaceURI == EWSNamespace.messages, operation.attribute("ResponseClass") != nil {
            // GetRoomLists, GetRooms: the response element is itself the one message.
            elements = [operation]
        } else {
            throw .malformedResponse("no ResponseMessages in the body")
        }
        var messages: [ResponseMessage] = []
        for element in elements {
            guard let responseClass = element.attribute("ResponseClass") else {
                throw .malformedResponse("\(element.localName) has no ResponseClass")
            }
            let code = element.firstChild(EWSNamespace.messages, "ResponseCode")?.trimmedText ?? (responseClass == "Success" ? "NoError" : "")
            messages.append(ResponseMessage(element: element, responseClass: responseClass, responseCode: code,
                                            messageText: element.firstChild(EWSNamespace.messages, "MessageText")?.trimmedText ?? ""))
        }
        return SOAPResponse(tree: tree, serverVersion: serverVersion, messages: messages)
    }

    /// The single response message of a one-item operation, or its typed error.
    func onlyMessage() throws(EWSError) -> ResponseMessage {
        guard let message = messages.first else { throw .malformedResponse("no response message") }
        if message.isError { throw message.error }
        return message
    }

    static func serverVersion(_ element: XMLElementView) -> ServerVersion? {
        guard let major = element.attribute("MajorVersion").flatMap(Int.init),
              let minor = element.attribute("MinorVersion").flatMap(Int.init) else { return nil }
        return ServerVersion(major: major, minor: minor,
                             majorBuild: element.attribute("MajorBuildNumber").flatMap(Int.init) ?? 0,
                             minorBuild: element.attribute("MinorBuildNumber").flatMap(Int.init) ?? 0,
                             name: element.attribute("Version"))
    }

    /// The typed error for a SOAP fault: `detail/ResponseCode` first, the faultcode's local name otherwise.
    static func error(forFault fault: XMLElementView) -> EWSError {
        // faultcode, faultstring and detail are unqualified (no namespace) in SOAP 1.1.
        let detail = fault.firstChild(nil, "detail")
        let faultCode = fault.firstChild(nil, "faultcode").map { $0.resolveQName($0.trimmedText).localName } ?? ""
        let code = detail?.firstChild(EWSNamespace.errors, "ResponseCode")?.trimmedText ?? faultCode
        let message = detail?.firstChild(EWSNamespace.errors, "Message")?.trimmedText
            ?? fault.firstChild(nil, "faultstring")?.trimmedText ?? ""
        switch code {
        case "ErrorServerBusy": return .throttled(backOffMilliseconds: detail.flatMap(backOff))
        case "ErrorImpersonationDenied": return .impersonationDenied
        case "ErrorImpersonateUserDenied": return .impersonateUserDenied
        case "ErrorNonExistentMailbox": return .mailboxNotFound
        default: return .exchange(code: code, message: message)
        }
    }

    /// `BackOffMilliseconds` from a `MessageXml` below `element`.
    static func backOff(in element: XMLElementView) -> Int? {
        guard let messageXML = element.firstChild(EWSNamespace.types, "MessageXml")
                ?? element.firstChild(EWSNamespace.messages, "MessageXml") else { return nil }
        for value in messageXML.children(EWSNamespace.types, "Value") where value.attribute("Name") == "BackOffMilliseconds" {
            return Int(value.trimmedText)
        }
        return nil
    }
}
