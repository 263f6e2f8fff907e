// GetRoomListsOperation: GetRoomLists: every room list of the organization.
import XMLSupport

/// `GetRoomLists` (Exchange 2010 and later). The request has no content (a child element is a schema
/// fault). The answer is one message, the response element itself (`EWSOperation.ResponseShape.singleMessage`):
/// Success with `m:RoomLists` holding a `t:Address` (Name, EmailAddress, RoutingType SMTP, MailboxType
/// PublicDL) per room list in fixture order; `<m:RoomLists/>` when the organization has none. A directory
/// operation: an ExchangeImpersonation header is accepted (checked by the endpoint) and changes nothing.
enum GetRoomListsOperation {
    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        if let child = request.children.first {
            throw SOAPFault.schemaValidation(
                "The element 'GetRoomLists' in namespace '\(EWSNamespace.messages)' has invalid child element '\(child.localName)' in namespace '\(child.namespaceURI ?? "")'.",
                line: child.line)
        }
        let lists = state.directory.roomLists
        return [.success { payload in
            payload.element("m:RoomLists") { container in
                for list in lists {
                    container.element("t:Address") { address in
                        address.element("t:Name", text: list.displayName)
                        address.element("t:EmailAddress", text: list.smtp)
                        address.element("t:RoutingType", text: "SMTP")
                        address.element("t:MailboxType", text: "PublicDL")
                    }
                }
            }
        }]
    }
}
