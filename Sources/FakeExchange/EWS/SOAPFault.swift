// SOAPFault: the request-level error channel (HTTP 500, SOAP Fault, ResponseCode in the detail, no header).
import XMLSupport

/// A request-level failure. Rendered exactly as Exchange does: HTTP 500, no `s:Header`,
/// `faultcode` as a QName in the types namespace, `detail/e:ResponseCode` and `e:Message`, and
/// optional `t:MessageXml` (BackOffMilliseconds, or LineNumber/LinePosition/Violation).
struct SOAPFault: Error, Sendable, Equatable {
    var responseCode: String
    var message: String
    /// `faultstring`; Exchange often prefixes it, e.g. "The request failed schema validation: …".
    var faultString: String
    var backOffMilliseconds: Int?
    var violation: Violation?

    struct Violation: Sendable, Equatable {
        var line: Int
        var position: Int
        var text: String
    }

    init(responseCode: String, message: String, faultString: String? = nil) {
        self.responseCode = responseCode
        self.message = message
        self.faultString = faultString ?? message
    }

    // MARK: - The faults Exchange uses

    static func schemaValidation(_ violation: String, line: Int = 1, position: Int = 1) -> SOAPFault {
        var fault = SOAPFault(
            responseCode: "ErrorSchemaValidation", message: "The request failed schema validation.",
            faultString: "The request failed schema validation: \(violation)")
        fault.violation = Violation(line: line, position: position, text: violation)
        return fault
    }

    static func invalidRequest(_ detail: String? = nil) -> SOAPFault {
        SOAPFault(
            responseCode: "ErrorInvalidRequest", message: "The request is invalid.",
            faultString: detail.map { "The request is invalid: \($0)" } ?? "The request is invalid.")
    }

    static let invalidServerVersion = SOAPFault(
        responseCode: "ErrorInvalidServerVersion", message: "The specified server version is invalid.")

    static let impersonationDenied = SOAPFault(
        responseCode: "ErrorImpersonationDenied",
        message: "The server to which the application is trying to connect cannot impersonate the requested user due to insufficient permission.")

    static let impersonateUserDenied = SOAPFault(
        responseCode: "ErrorImpersonateUserDenied",
        message: "The account does not have permission to impersonate the requested user.")

    static let invalidImpersonationHeader = SOAPFault(
        responseCode: "ErrorInvalidExchangeImpersonationHeaderData",
        message: "The impersonation header data is invalid.")

    static let nonExistentMailbox = SOAPFault(
        responseCode: "ErrorNonExistentMailbox", message: "The SMTP address has no mailbox associated with it.")

    static func serverBusy(backOffMilliseconds: Int) -> SOAPFault {
        var fault = SOAPFault(
            responseCode: "ErrorServerBusy", message: "The server cannot service this request right now. Try again later.")
        fault.backOffMilliseconds = backOffMilliseconds
        return fault
    }

    // MARK: - Rendering

    /// The SOAP envelope carrying this fault (no header, as Exchange sends faults).
    var xml: String {
        var writer = XMLWriter()
        writer.element("s:Envelope", ["xmlns:s": EWSNamespace.soap]) { envelope in
            envelope.element("s:Body") { body in
                body.element("s:Fault") { fault in
                    fault.element("faultcode", ["xmlns:a": EWSNamespace.types], text: "a:\(responseCode)")
                    fault.element("faultstring", ["xml:lang": "en-US"], text: faultString)
                    fault.element("detail") { detail in
                        detail.element("e:ResponseCode", ["xmlns:e": EWSNamespace.errors], text: responseCode)
                        detail.element("e:Message", ["xmlns:e": EWSNamespace.errors], text: message)
                        if let backOffMilliseconds {
                            detail.element("t:MessageXml", ["xmlns:t": EWSNamespace.types]) { xml in
                                xml.element("t:Value", ["Name": "BackOffMilliseconds"], text: String(backOffMilliseconds))
                            }
                        } else if let violation {
                            detail.element("t:MessageXml", ["xmlns:t": EWSNamespace.types]) { xml in
                                xml.element("t:LineNumber", text: String(violation.line))
                                xml.element("t:LinePosition", text: String(violation.position))
                                xml.element("t:Violation", text: violation.text)
                            }
                        }
                    }
                }
            }
        }
        return writer.output
    }
}
