// AWSResponse: how the AWS front-end answers: application/x-amz-json-1.1, x-amzn-RequestId, errors in the body's
// `__type`.
import Foundation
import HTTPServer

enum AWSResponse {
    static let contentType = "application/x-amz-json-1.1"

    /// 200 with the operation's output; absent optional members are omitted, never `null`.
    static func ok(_ output: some Encodable, to request: HTTPRequest) -> HTTPResponse {
        let body: [UInt8]
        do {
            body = Array(try encoder.encode(output))
        } catch {
            return failure(AWSError("InternalFailure", "the response could not be encoded; request id \(request.requestID)",
                                    status: .internalServerError), to: request)
        }
        var response = HTTPResponse(status: .ok, headers: ["Content-Type": contentType], body: body)
        response.headers.add("x-amzn-RequestId", request.requestID)
        return response
    }

    static func failure(_ error: AWSError, to request: HTTPRequest) -> HTTPResponse {
        struct Body: Encodable {
            let __type: String
            let message: String
            let ClientRequestToken: String?
        }
        let body = (try? encoder.encode(Body(__type: error.type, message: error.message, ClientRequestToken: error.clientRequestToken))) ?? Data()
        var response = HTTPResponse(status: error.status, headers: ["Content-Type": contentType], body: Array(body))
        response.headers.add("x-amzn-RequestId", request.requestID)
        response.headers.add("x-amzn-ErrorType", error.type)
        if error.status == .serviceUnavailable { response.headers.add("Retry-After", "1") }
        return response
    }

    /// Everything the AWS routes throw, and the server's own errors for requests that carry `X-Amz-Target`.
    static let renderer = ErrorRenderer { error, request in
        switch ServiceError.outage(from: error) ?? error {
        case let error as AWSError:
            return failure(error, to: request)
        case let error as ServiceError:
            return failure(AWSError.from(error, operation: AWSOperationName.of(request) ?? ""), to: request)
        case let error as HTTPError:
            var response = failure(awsError(for: error), to: request)
            for field in error.headers { response.headers.add(field.name, field.value) }
            return response
        default:
            return failure(AWSError("InternalFailure", "internal error; request id \(request.requestID)", status: .internalServerError), to: request)
        }
    }

    /// The server's and router's own errors under AWS names; a client's mistake stays a 4xx.
    static func awsError(for error: HTTPError) -> AWSError {
        switch error.status.code {
        case 404, 405: AWSError("UnknownOperationException", "the AWS API takes POST / with X-Amz-Target: AlexaForBusiness.<Operation>",
                                status: error.status)
        case 413: AWSError("ValidationException", error.message, status: error.status)
        case 503: AWSError("ServiceUnavailableException", error.message, status: error.status)
        case 500...: AWSError("InternalFailure", error.message, status: error.status)
        default: AWSError("SerializationException", error.message, status: error.status)
        }
    }

    /// Sends REST v1's errors its way and the AWS front-end's its own, for the errors no group renders (a 413 for
    /// a too-large body, a 404): a request with `X-Amz-Target` came from an AWS SDK.
    public static func routing(otherwise rest: ErrorRenderer) -> ErrorRenderer {
        ErrorRenderer { error, request in
            request.headers["X-Amz-Target"] != nil ? renderer.response(for: error, to: request) : rest.response(for: error, to: request)
        }
    }

    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}

/// The operation a request names, `CreateUser` for `X-Amz-Target: AlexaForBusiness.CreateUser`.
enum AWSOperationName {
    static let prefix = "AlexaForBusiness."

    static func of(_ request: HTTPRequest) -> String? {
        guard let target = request.headers["X-Amz-Target"], target.hasPrefix(prefix) else { return nil }
        return String(target.dropFirst(prefix.count))
    }
}
