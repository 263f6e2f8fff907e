// AWSCall: one AWS API request as an operation handler sees it: the signed caller, the decoded input, the answer.
import Foundation
import HTTPServer

/// An operation handler: input in, HTTP response out; it throws ``AWSError`` or ``ServiceError``.
typealias AWSOperation = @Sendable (AWSCall) async throws -> HTTPResponse
/// Makes an operation's handler from the front-end's dependencies.
typealias AWSOperationFactory = @Sendable (AWSAPI.Dependencies) -> AWSOperation

struct AWSCall: Sendable {
    let request: HTTPRequest
    let caller: AWSCaller
    let operation: String

    var organizationID: String { caller.organizationID }

    /// The body as the operation's input. An empty body is `{}`; unknown members are ignored (as AWS does).
    ///
    /// - Throws: ``AWSError`` `SerializationException` for a body that is not a JSON object of the right types.
    func input<Input: Decodable>(_ type: Input.Type) throws(AWSError) -> Input {
        let body = request.body.isEmpty ? Array("{}".utf8) : request.body
        do {
            return try JSONDecoder().decode(Input.self, from: Data(body))
        } catch let error as DecodingError {
            throw .serialization(Self.describe(error))
        } catch {
            throw .serialization("the body is not a JSON object")
        }
    }

    func ok(_ output: some Encodable) -> HTTPResponse { AWSResponse.ok(output, to: request) }

    /// `{}`, for operations without output.
    func ok() -> HTTPResponse { AWSResponse.ok([String: String](), to: request) }

    static func describe(_ error: DecodingError) -> String {
        func path(_ keys: [any CodingKey]) -> String {
            keys.isEmpty ? "the body" : "'" + keys.map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }.joined(separator: ".") + "'"
        }
        switch error {
        case .typeMismatch(let type, let context): return "expected \(Self.jsonName(type)) at \(path(context.codingPath))"
        case .valueNotFound(let type, let context): return "expected \(Self.jsonName(type)) at \(path(context.codingPath)), found null"
        case .keyNotFound(let key, _): return "missing member '\(key.stringValue)'"
        case .dataCorrupted(let context):
            return context.codingPath.isEmpty ? "the body is not valid JSON (UTF-8)" : "unreadable value at \(path(context.codingPath))"
        @unknown default: return "the body does not match the operation's input"
        }
    }

    static func jsonName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Double.Type: "a number"
        case is Bool.Type: "a boolean"
        case is [Any].Type: "a list"
        default: "an object"
        }
    }
}

/// JSON text of a value with sorted keys: the canonical input an idempotency token is bound to, and a query's
/// fingerprint.
func canonicalJSON(_ value: some Encodable) -> String {
    // Inputs are strings, numbers and lists of them: encoding cannot fail.
    (try? SortedJSON.text(value)) ?? ""
}
