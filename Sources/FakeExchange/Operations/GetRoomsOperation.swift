// GetRoomsOperation: GetRooms: the rooms of one room list.
import XMLSupport

/// `GetRooms` (Exchange 2010 and later) for `m:RoomList/t:EmailAddress` (required, non-empty: otherwise
/// a schema fault). The answer is one message, the response element itself
/// (`EWSOperation.ResponseShape.singleMessage`):
/// - a room list's address (case-insensitive): Success with `m:Rooms` holding one
///   `t:Room/t:Id` (Name, EmailAddress, RoutingType SMTP, MailboxType Mailbox) per member, in list order;
/// - any other address (a mailbox, an unknown one): Error ErrorNameResolutionNoResults, no `m:Rooms`.
/// A directory operation: an ExchangeImpersonation header is accepted and changes nothing.
enum GetRoomsOperation {
    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        let t = EWSNamespace.types
        guard let roomList = request.firstChild(m, "RoomList") else {
            throw SOAPFault.schemaValidation(
                "The element 'GetRooms' in namespace '\(m)' has incomplete content. List of possible elements expected: 'RoomList' in namespace '\(m)'.",
                line: request.line)
        }
        guard let emailAddress = roomList.firstChild(t, "EmailAddress") else {
            throw SOAPFault.schemaValidation(
                "The element 'RoomList' in namespace '\(m)' has incomplete content. List of possible elements expected: 'EmailAddress' in namespace '\(t)'.",
                line: roomList.line)
        }
        let address = emailAddress.trimmedText
        guard !address.isEmpty else {
            throw SOAPFault.schemaValidation(
                "The '\(t):EmailAddress' element is invalid - The value '' is invalid according to its datatype '\(t):NonEmptyStringType' - The actual length is less than the MinLength value.",
                line: emailAddress.line)
        }
        guard let list = state.directory.roomList(address) else { return [.error(.nameResolutionNoResults)] }
        let rooms = list.rooms.compactMap { state.directory.primary($0) }
        return [.success { payload in
            payload.element("m:Rooms") { container in
                for room in rooms {
                    container.element("t:Room") { entry in
                        entry.element("t:Id") { id in
                            id.element("t:Name", text: room.displayName)
                            id.element("t:EmailAddress", text: room.smtp)
                            id.element("t:RoutingType", text: "SMTP")
                            id.element("t:MailboxType", text: "Mailbox")
                        }
                    }
                }
            }
        }]
    }
}
