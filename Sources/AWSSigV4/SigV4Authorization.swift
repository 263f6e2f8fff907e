// SigV4Authorization: the `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…` header, parsed.

/// What a Signature Version 4 `Authorization` header says: who signed, for which scope, over which headers.
public struct SigV4Authorization: Sendable, Equatable {
    public static let algorithm = "AWS4-HMAC-SHA256"

    /// The access key id (`AKIA…`): selects whose secret verifies the signature.
    public let accessKeyID: String
    /// `YYYYMMDD`, which must be the day of `X-Amz-Date`.
    public let date: String
    public let region: String
    /// The signing name (`a4b` for Alexa for Business, as botocore signs it).
    public let service: String
    /// Lower-case header names, as listed (`content-type;host;x-amz-date;x-amz-target`).
    public let signedHeaders: [String]
    /// 64 lowercase hex digits.
    public let signature: String

    static func isLowercaseHexDigit(_ byte: UInt8) -> Bool {
        (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(byte) || (UInt8(ascii: "a")...UInt8(ascii: "f")).contains(byte)
    }

    /// `<date>/<region>/<service>/aws4_request`.
    public var scope: String { "\(date)/\(region)/\(service)/aws4_request" }

    /// Parses a header value; the three parameters may come in any order, separated by commas (and spaces).
    ///
    /// - Throws: ``SigV4Failure/unsupportedAlgorithm`` or ``SigV4Failure/incomplete(_:)`` saying what is missing or
    ///   malformed.
    public init(header: String) throws(SigV4Failure) {
        let trimmed = header.drop(while: { $0 == " " })
        guard trimmed.hasPrefix(Self.algorithm + " ") else {
            if trimmed.hasPrefix("AWS4-") || trimmed.hasPrefix("AWS ") { throw .unsupportedAlgorithm }
            throw .incomplete("the Authorization header must start with \(Self.algorithm)")
        }
        var parameters: [String: String] = [:]
        for part in trimmed.dropFirst(Self.algorithm.count + 1).split(separator: ",") {
            let pair = trimmedSpaces(part).split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard pair.count == 2 else { throw .incomplete("the Authorization header has a parameter without '=': \(part)") }
            parameters[String(pair[0])] = String(pair[1])
        }
        guard let credential = parameters["Credential"] else { throw .incomplete("the Authorization header lacks Credential=") }
        guard let signedHeaders = parameters["SignedHeaders"] else { throw .incomplete("the Authorization header lacks SignedHeaders=") }
        guard let signature = parameters["Signature"] else { throw .incomplete("the Authorization header lacks Signature=") }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, !scope[0].isEmpty, scope[1].count == 8, scope[1].allSatisfy(\.isASCIIDigit), !scope[2].isEmpty,
              !scope[3].isEmpty, scope[4] == "aws4_request" else {
            throw .incomplete("Credential must be <access key id>/<YYYYMMDD>/<region>/<service>/aws4_request")
        }
        let headers = signedHeaders.split(separator: ";", omittingEmptySubsequences: false).map(String.init)
        guard !headers.contains(where: \.isEmpty), headers.allSatisfy({ $0 == $0.lowercased() }) else {
            throw .incomplete("SignedHeaders must be lower-case header names separated by ';'")
        }
        guard signature.utf8.count == 64, signature.utf8.allSatisfy(Self.isLowercaseHexDigit) else {
            throw .incomplete("Signature must be 64 lowercase hexadecimal digits")
        }
        accessKeyID = scope[0]
        date = scope[1]
        region = scope[2]
        service = scope[3]
        self.signedHeaders = headers
        self.signature = signature
    }
}

extension Character {
    /// 0 to 9 only.
    var isASCIIDigit: Bool { isASCII && isNumber }
}

/// `text` without leading and trailing spaces.
func trimmedSpaces(_ text: Substring) -> Substring {
    guard let start = text.firstIndex(where: { $0 != " " }), let end = text.lastIndex(where: { $0 != " " }) else { return text[text.endIndex...] }
    return text[start...end]
}
