// ResponseMessage: one `m:<Operation>ResponseMessage` (Success, Warning or Error) and its payload.
import XMLSupport

/// One entry of `m:ResponseMessages`, or the response element itself for single-message operations
/// (`EWSOperation.ResponseShape.singleMessage`). Children are written in schema order: MessageText,
/// ResponseCode, DescriptiveLinkKey, then the operation payload.
struct ResponseMessage {
    enum ResponseClass: String { case success = "Success", warning = "Warning", error = "Error" }

    var responseClass: ResponseClass
    var code: String
    var text: String?
    /// Writes the operation-specific payload (e.g. `m:RootFolder`), or nothing.
    var payload: ((inout XMLWriter) -> Void)?

    static func success(_ payload: ((inout XMLWriter) -> Void)? = nil) -> ResponseMessage {
        ResponseMessage(responseClass: .success, code: "NoError", text: nil, payload: payload)
    }

    /// An Error message; `payload` writes the empty container some operations add (e.g. `<m:Folders/>`).
    static func error(_ error: EWSItemError, payload: ((inout XMLWriter) -> Void)? = nil) -> ResponseMessage {
        ResponseMessage(responseClass: .error, code: error.code, text: error.text, payload: payload)
    }

    static func warning(_ error: EWSItemError, payload: ((inout XMLWriter) -> Void)?) -> ResponseMessage {
        ResponseMessage(responseClass: .warning, code: error.code, text: error.text, payload: payload)
    }

    /// Writes the message as `elementName`; `declaring` adds namespace declarations after ResponseClass
    /// (for a message that is the response element itself).
    func write(to writer: inout XMLWriter, elementName: String, declaring namespaces: [(String, String)] = []) {
        writer.element(elementName, attributeList: [("ResponseClass", responseClass.rawValue)] + namespaces) { message in
            if let text { message.element("m:MessageText", text: text) }
            message.element("m:ResponseCode", text: code)
            if responseClass != .success { message.element("m:DescriptiveLinkKey", text: "0") }
            payload?(&message)
        }
    }
}
