// SigV4Signer: signs a request as an AWS SDK would, for the service's own clients and tests.
import Foundation

/// Adds `X-Amz-Date` and `Authorization` to a request, signing `host`, `x-amz-date` and every `x-amz-*` and
/// `content-type` header it carries (botocore's choice for JSON services).
public struct SigV4Signer: Sendable {
    public let accessKeyID: String
    let secret: String
    public let region: String
    public let service: String

    public init(accessKeyID: String, secret: String, region: String, service: String = "a4b") {
        self.accessKeyID = accessKeyID
        self.secret = secret
        self.region = region
        self.service = service
    }

    /// The headers to add: `X-Amz-Date` and `Authorization`. `request` must carry a `Host` header.
    public func headers(for request: SignedRequest, at date: Date) throws(SigV4Failure) -> [(name: String, value: String)] {
        let amzDate = SigV4.amzDate(date)
        var signing = request
        signing.headers.append(("X-Amz-Date", amzDate))
        let names = Set(signing.headers.map { $0.name.lowercased() }.filter { $0 == "host" || $0 == "content-type" || $0.hasPrefix("x-amz-") })
            .sorted()
        let scope = "\(amzDate.prefix(8))/\(region)/\(service)/aws4_request"
        let canonical = try SigV4.canonicalRequest(signing, signedHeaders: names, payloadHash: SigV4.payloadHash(request.body))
        let key = SigV4.signingKey(secret: secret, date: String(amzDate.prefix(8)), region: region, service: service)
        let signature = SigV4.signature(signingKey: key, stringToSign: SigV4.stringToSign(canonicalRequest: canonical, amzDate: amzDate, scope: scope))
        return [("X-Amz-Date", amzDate),
                ("Authorization", "\(SigV4Authorization.algorithm) Credential=\(accessKeyID)/\(scope), SignedHeaders=\(names.joined(separator: ";")), Signature=\(signature)")]
    }

    /// The headers of an AWS JSON 1.1 call (`POST /` with `X-Amz-Target: <target>`) to `host`, signed:
    /// `Content-Type`, `X-Amz-Target`, `X-Amz-Date` and `Authorization`. `Host` is signed but not returned, since
    /// the HTTP client sends it itself.
    public func jsonCallHeaders(target: String, host: String, body: [UInt8], at date: Date) throws(SigV4Failure) -> [(name: String, value: String)] {
        let unsigned: [(name: String, value: String)] = [("Content-Type", "application/x-amz-json-1.1"), ("X-Amz-Target", target)]
        let request = SignedRequest(method: "POST", pathSegments: [""], headers: [("Host", host)] + unsigned, body: body)
        return unsigned + (try headers(for: request, at: date))
    }
}
