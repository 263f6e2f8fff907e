// EWSEndpoint: POST /EWS/Exchange.asmx: auth, envelope, fault injection, version, impersonation, dispatch.
import Foundation
import XMLSupport

/// Handles one request to the EWS endpoint, in this order:
/// 1. Basic auth (401 with challenges, empty body);
/// 2. envelope parsing (faults for malformed XML, DOCTYPE, oversize, non-SOAP);
/// 3. statistics, then injected faults for the operation and target mailbox;
/// 4. RequestServerVersion above the server's build: fault ErrorInvalidServerVersion;
/// 5. impersonation header (faults ErrorImpersonationDenied / ErrorImpersonateUserDenied / ErrorNonExistentMailbox);
/// 6. the operation (unknown, newer than the server's build, or listing more than `maximumBatch`
///    entries: fault ErrorInvalidRequest); its
///    response messages go out with HTTP 200, shaped as its table entry says.
enum EWSEndpoint {
    /// The operations served, by element name.
    static let operations: [String: EWSOperation] = [
        "GetFolder": EWSOperation(GetFolderOperation.run),
        "FindFolder": EWSOperation(FindFolderOperation.run),
        "CreateFolder": EWSOperation(CreateFolderOperation.run),
        "DeleteFolder": EWSOperation(DeleteFolderOperation.run),
        "FindItem": EWSOperation(FindItemOperation.run),
        "GetItem": EWSOperation(GetItemOperation.run),
        "CreateItem": EWSOperation(CreateItemOperation.run),
        "UpdateItem": EWSOperation(UpdateItemOperation.run),
        "DeleteItem": EWSOperation(DeleteItemOperation.run),
        "ResolveNames": EWSOperation(ResolveNamesOperation.run),
        "ConvertId": EWSOperation(ConvertIdOperation.run),
        "GetUserConfiguration": EWSOperation(GetUserConfigurationOperation.run, introduced: .exchange2010),
        "GetServerTimeZones": EWSOperation(GetServerTimeZonesOperation.run, introduced: .exchange2010),
        "GetRoomLists": EWSOperation(GetRoomListsOperation.run, introduced: .exchange2010, response: .singleMessage),
        "GetRooms": EWSOperation(GetRoomsOperation.run, introduced: .exchange2010, response: .singleMessage),
    ]

    /// The operation name (for logs) and the response.
    static func handle(
        _ request: FakeHTTPRequest, directory: MailboxDirectory, settings: ServerSettings, now: Date,
        state: borrowing MutexBox
    ) -> (operation: String, response: FakeHTTPResponse) {
        guard settings.basicAuth, let caller = BasicAuthenticator.authenticate(request, directory: directory) else {
            state.withLock { $0.stats.count("(unauthorized)") }
            return ("(unauthorized)", BasicAuthenticator.challenge(settings))
        }
        guard request.method.uppercased() == "POST" else {
            return (request.method, .html(200, "<html><body><p>You have created a service.</p><p>To test this service, you will need to create a client and use it to call the service.</p></body></html>"))
        }
        let parsed: Result<SOAPRequest, SOAPFault>
        do {
            parsed = .success(try SOAPRequest.parse(request.body, maxBytes: settings.maxRequestBytes))
        } catch {
            parsed = .failure(error)
        }
        let operation = (try? parsed.get())?.operationName ?? "(invalid)"
        // A request that names no other mailbox is about the caller's own.
        let target = (try? parsed.get())?.targetAddress(in: directory) ?? caller.key
        return state.withLock { state in
            state.stats.count(operation)
            let injected = state.faults.take(operation: operation, mailbox: target)
            var response: FakeHTTPResponse
            if let terminal = injected.terminal {
                response = injectedResponse(terminal, operation: operation, settings: settings)
            } else {
                switch parsed {
                case let .failure(fault):
                    response = faultResponse(fault)
                case let .success(soap):
                    response = dispatch(soap, caller: caller, directory: directory, settings: settings, now: now, state: &state)
                }
            }
            response.headers += [
                (name: "request-id", value: UUID().uuidString.lowercased()), (name: "X-FEServer", value: "FAKE-EX01"),
                (name: "x-EwsHandler", value: operation), (name: "Server", value: "Microsoft-IIS/10.0"),
                (name: "X-Powered-By", value: "ASP.NET"),
            ]
            response.delay = .milliseconds(injected.delayMilliseconds)
            return (operation, response)
        }
    }

    private static func dispatch(
        _ soap: SOAPRequest, caller: Mailbox, directory: MailboxDirectory, settings: ServerSettings, now: Date,
        state: inout ExchangeState
    ) -> FakeHTTPResponse {
        do throws(SOAPFault) {
            if soap.version > settings.build.newestAcceptedVersion { throw SOAPFault.invalidServerVersion }
            var actingAs = caller
            if let entries = soap.connectingSIDEntries {
                actingAs = try ImpersonationCheck.resolve(connectingSID: entries, caller: caller, directory: directory)
            }
            guard let operation = operations[soap.operationName], operation.exists(on: settings.build) else {
                throw SOAPFault.invalidRequest("the operation '\(soap.operationName)' is not supported")
            }
            try checkBatchSize(soap.operation)
            let context = RequestContext(
                caller: caller, actingAs: actingAs, isImpersonating: soap.connectingSID != nil, version: soap.version,
                timeZoneContext: soap.timeZoneContext, now: now, build: settings.build)
            let messages = try operation.run(soap.operation, context, &state)
            return .xml(200, EWSResponseWriter.envelope(
                build: settings.build, operation: soap.operationName, shape: operation.response, messages: messages))
        } catch {
            return faultResponse(error)
        }
    }

    /// The most entries one request may list (folder ids, item ids, changes, names, …). One small
    /// request naming ten thousand folders would otherwise make an answer of hundreds of megabytes;
    /// Exchange's throttling policies bound batches too, and clients batch by 100 (exchangelib does).
    static let maximumBatch = 100

    private static func checkBatchSize(_ operation: XMLElementView) throws(SOAPFault) {
        for list in [operation] + operation.children where list.children.count > maximumBatch {
            throw SOAPFault.invalidRequest(
                "'\(list.localName)' lists \(list.children.count) entries; fake-exchange answers at most \(maximumBatch) per request")
        }
    }

    static func faultResponse(_ fault: SOAPFault) -> FakeHTTPResponse {
        .xml(500, fault.xml)
    }

    private static func injectedResponse(_ rule: FaultRule, operation: String, settings: ServerSettings) -> FakeHTTPResponse {
        let build = settings.build
        switch rule.fault {
        case .serverBusy:
            return faultResponse(.serverBusy(backOffMilliseconds: rule.backOffMilliseconds ?? 300))
        case .http503:
            return .html(503, "<html><head><title>Service Unavailable</title></head><body><h1>Service Unavailable</h1><p>HTTP Error 503. The service is unavailable.</p></body></html>")
        case .malformedXml:
            let name = operation.hasPrefix("(") ? "FindItem" : operation
            let text = """
                <?xml version="1.0" encoding="utf-8"?><s:Envelope xmlns:s="\(EWSNamespace.soap)"><s:Header><h:ServerVersionInfo MajorVersion="\(build.major)" MinorVersion="\(build.minor)" MajorBuildNumber="\(build.majorBuild)" MinorBuildNumber="\(build.minorBuild)" xmlns:h="\(EWSNamespace.types)"/></s:Header><s:Body><m:\(name)Response xmlns:m="\(EWSNamespace.messages)" xmlns:t="\(EWSNamespace.types)"><m:ResponseMessages><m:\(name)ResponseMessage ResponseClass="Success"><m:ResponseCode>NoError</ResponseCode><t:Base64Binary>U01JTUU=</Base64Binary>
                """
            return .xml(200, text)
        case .closeConnection:
            var response = FakeHTTPResponse(status: 0)
            response.closeConnection = true
            return response
        case .unauthorized:
            return BasicAuthenticator.challenge(settings)
        case .delay, .smtpUnavailable:
            // Never reached: FaultInjector folds delays into `delayMilliseconds`, and smtpUnavailable is not an EWS fault.
            return faultResponse(.invalidRequest())
        }
    }
}
