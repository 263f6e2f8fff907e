// EWSResponseWriter: the success envelope: ServerVersionInfo header plus m:<Op>Response with its messages.
import XMLSupport

/// Writes non-fault EWS responses in the shape real Exchange 2013+ uses: `s:` envelope,
/// `h:ServerVersionInfo` with a default namespace in the header, `m:`/`t:` declared on the
/// `m:<Operation>Response` element, which holds one `m:<Operation>ResponseMessage` per input in
/// `m:ResponseMessages` or, for `.singleMessage` operations, is the one message itself.
enum EWSResponseWriter {
    static func envelope(
        build: ServerBuild, operation: String, shape: EWSOperation.ResponseShape = .responseMessages,
        messages: [ResponseMessage]
    ) -> String {
        var writer = XMLWriter()
        writer.element("s:Envelope", ["xmlns:s": EWSNamespace.soap]) { envelope in
            envelope.element("s:Header") { header in
                header.element(
                    "h:ServerVersionInfo",
                    [
                        "MajorVersion": String(build.major), "MinorVersion": String(build.minor),
                        "MajorBuildNumber": String(build.majorBuild), "MinorBuildNumber": String(build.minorBuild),
                        "Version": build.versionName, "xmlns:h": EWSNamespace.types, "xmlns": EWSNamespace.types,
                        "xmlns:xsd": EWSNamespace.xsd, "xmlns:xsi": EWSNamespace.xsi,
                    ])
            }
            envelope.element("s:Body", ["xmlns:xsi": EWSNamespace.xsi, "xmlns:xsd": EWSNamespace.xsd]) { body in
                let name = "m:\(operation)Response"
                let namespaces = [("xmlns:m", EWSNamespace.messages), ("xmlns:t", EWSNamespace.types)]
                switch shape {
                case .responseMessages:
                    body.element(name, attributeList: namespaces) { response in
                        response.element("m:ResponseMessages") { list in
                            for message in messages {
                                message.write(to: &list, elementName: "m:\(operation)ResponseMessage")
                            }
                        }
                    }
                case .singleMessage:
                    precondition(messages.count == 1, "\(operation) answers with exactly one message")
                    messages[0].write(to: &body, elementName: name, declaring: namespaces)
                }
            }
        }
        return writer.output
    }
}
