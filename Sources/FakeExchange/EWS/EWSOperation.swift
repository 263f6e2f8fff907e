// EWSOperation: one entry of the endpoint's operation table: the handler, the first schema version
// that has it, and the shape of its response.
import XMLSupport

/// An EWS operation the fake serves.
struct EWSOperation: Sendable {
    typealias Handler = @Sendable (XMLElementView, RequestContext, inout ExchangeState) throws(SOAPFault) -> [ResponseMessage]

    /// How the response element carries the handler's messages.
    enum ResponseShape: Sendable {
        /// `m:<Op>Response/m:ResponseMessages/m:<Op>ResponseMessage`, one per message (most operations).
        case responseMessages
        /// `m:<Op>Response` is itself the one message: ResponseClass on it, ResponseCode and payload
        /// inside (GetRoomLists, GetRooms). The handler returns exactly one message.
        case singleMessage
    }

    var run: Handler
    /// The oldest RequestServerVersion whose schema has the operation. A server whose build accepts
    /// only older versions (Exchange 2007 for a 2010 operation) does not know it: it is answered like
    /// an unknown operation. The request's own RequestServerVersion is not compared with it, as
    /// nothing else in the fake checks versions per operation.
    var introduced: ExchangeVersion
    var response: ResponseShape

    init(_ run: @escaping Handler, introduced: ExchangeVersion = .exchange2007, response: ResponseShape = .responseMessages) {
        self.run = run
        self.introduced = introduced
        self.response = response
    }

    /// True when a server of `build` has this operation.
    func exists(on build: ServerBuild) -> Bool { build.newestAcceptedVersion >= introduced }
}
