// Building EWS request envelopes: the version header, impersonation, and an escaped body.
import XMLSupport

/// An EWS request envelope. Every value written through `XMLWriter` is escaped, so subjects,
/// locations and addresses can hold any character.
struct SOAPRequest {
    /// The version every 2013+ server accepts; nothing this service uses is newer.
    static let requestServerVersion = "Exchange2013_SP1"
    /// For the version probe: old enough that Exchange 2007 and 2010 answer with their version
    /// instead of refusing the request, so "too old" can be told apart from "invalid".
    static let probeServerVersion = "Exchange2007_SP1"

    let operation: String
    let bytes: [UInt8]

    /// - Parameters:
    ///   - access: `.impersonation` adds the `ExchangeImpersonation` header.
    ///   - timeZone: a Windows zone id for `TimeZoneContext` (how naive times are read), or nil.
    ///   - body: writes the operation element (prefixes `m:` and `t:` are declared on the envelope).
    init(operation: String, access: MailboxAccess, timeZone: String? = nil, version: String = requestServerVersion,
         body: (inout XMLWriter) -> Void) {
        self.operation = operation
        var writer = XMLWriter()
        writer.element("soap:Envelope", [
            "xmlns:soap": EWSNamespace.soap, "xmlns:m": EWSNamespace.messages, "xmlns:t": EWSNamespace.types,
        ]) { envelope in
            envelope.element("soap:Header") { header in
                header.element("t:RequestServerVersion", ["Version": version])
                if case .impersonation(let user) = access {
                    header.element("t:ExchangeImpersonation") { impersonation in
                        impersonation.element("t:ConnectingSID") { $0.element("t:PrimarySmtpAddress", text: user) }
                    }
                }
                if let timeZone {
                    header.element("t:TimeZoneContext") { $0.element("t:TimeZoneDefinition", ["Id": timeZone]) }
                }
            }
            envelope.element("soap:Body") { body(&$0) }
        }
        bytes = Array(writer.output.utf8)
    }
}

extension XMLWriter {
    /// `<t:DistinguishedFolderId Id="calendar">`, naming the user's mailbox for delegate access.
    mutating func distinguishedFolder(_ id: String, access: MailboxAccess) {
        if case .delegate(let owner) = access {
            element("t:DistinguishedFolderId", ["Id": id]) { folder in
                folder.element("t:Mailbox") { $0.element("t:EmailAddress", text: owner) }
            }
        } else {
            element("t:DistinguishedFolderId", ["Id": id])
        }
    }

    /// `<t:FieldURI FieldURI="..."/>` for each property.
    mutating func additionalProperties(_ fieldURIs: [String]) {
        element("t:AdditionalProperties") { properties in
            for uri in fieldURIs { properties.element("t:FieldURI", ["FieldURI": uri]) }
        }
    }
}
