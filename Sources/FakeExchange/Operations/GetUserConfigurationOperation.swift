// GetUserConfigurationOperation: GetUserConfiguration for OWA.UserOptions (the owner's OWA time zone).
import XMLSupport

/// `GetUserConfiguration`. The one configuration object the fake keeps is `OWA.UserOptions` on a
/// mailbox's root folder, with its `timezone` entry, present when the fixture gives the mailbox a
/// `timeZone` (DavMail reads the user's zone from it). Any other name, or a mailbox without one, is
/// ErrorItemNotFound, as Exchange answers for a configuration never written.
enum GetUserConfigurationOperation {
    static let properties: Set<String> = ["Id", "Dictionary", "XmlData", "BinaryData", "All"]

    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        guard let nameElement = request.firstChild(m, "UserConfigurationName"), let name = nameElement.attribute("Name"),
            let folderID = nameElement.children.first
        else {
            throw SOAPFault.schemaValidation("The element 'UserConfigurationName' with a 'Name' and a folder id is required.", line: request.line)
        }
        guard let propertiesText = request.firstChild(m, "UserConfigurationProperties")?.trimmedText else {
            throw SOAPFault.schemaValidation("The element 'UserConfigurationProperties' is required.", line: request.line)
        }
        let wanted = Set(propertiesText.split(separator: " ").map(String.init))
        guard !wanted.isEmpty, wanted.isSubset(of: properties) else {
            throw SOAPFault.schemaValidation("The value '\(propertiesText)' of 'UserConfigurationProperties' is invalid.", line: request.line)
        }
        let target: FolderTarget
        switch try FolderAccess.resolve(folderID, context: context, state: state) {
        case let .failure(error): return [.error(error)]
        case let .success(resolved): target = resolved
        }
        if let error = FolderAccess.check(.read, identity: context.actingAs, target: target) { return [.error(error)] }
        guard name == "OWA.UserOptions", target.folder == .root, let zone = target.owner.owaTimeZoneID else {
            return [.error(.itemNotFound)]
        }
        let all = wanted.contains("All")
        let folder = target.reference
        let item = ItemReference(kind: .message, mailbox: target.owner.key, number: 0)
        return [.success { payload in
            payload.element("m:UserConfiguration") { configuration in
                configuration.element("t:UserConfigurationName", ["Name": name]) {
                    $0.element("t:FolderId", ["Id": folder.encoded, "ChangeKey": folder.changeKey])
                }
                if all || wanted.contains("Id") {
                    configuration.element("t:ItemId", ["Id": item.encoded, "ChangeKey": ItemReference.changeKey(1)])
                }
                if all || wanted.contains("Dictionary") {
                    configuration.element("t:Dictionary") { dictionary in
                        dictionary.element("t:DictionaryEntry") { entry in
                            entry.element("t:DictionaryKey") {
                                $0.element("t:Type", text: "String")
                                $0.element("t:Value", text: "timezone")
                            }
                            entry.element("t:DictionaryValue") {
                                $0.element("t:Type", text: "String")
                                $0.element("t:Value", text: zone)
                            }
                        }
                    }
                }
            }
        }]
    }
}
