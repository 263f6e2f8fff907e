// SigV4Verifier: checks a received request's AWS Signature Version 4 against the signer's secret.
import Foundation

/// Verifies signed requests in two steps, so the caller can look the secret up in between:
/// ```swift
/// let authorization = try verifier.authorization(of: request)      // which access key signed?
/// let secret = try await credentials.secret(for: authorization.accessKeyID)
/// try verifier.verify(request, authorization, secret: secret, now: Date())
/// ```
/// Contract: the payload hash is always computed from the body received (botocore sends no
/// `X-Amz-Content-Sha256`; when a client does, it must match); `host` must be signed; `X-Amz-Date` must be on the
/// credential scope's day and within ``maximumSkew`` of `now`; every `x-amz-*` header the request carries
/// (`X-Amz-Target` among them) must be signed; the signature is compared in constant time.
public struct SigV4Verifier: Sendable {
    /// AWS allows 15 minutes between the signer's clock and the service's.
    public var maximumSkew: TimeInterval

    public init(maximumSkew: TimeInterval = 15 * 60) {
        self.maximumSkew = maximumSkew
    }

    /// The parsed `Authorization` header.
    ///
    /// - Throws: ``SigV4Failure/missingAuthentication`` without one; as ``SigV4Authorization/init(header:)``.
    public func authorization(of request: SignedRequest) throws(SigV4Failure) -> SigV4Authorization {
        let headers = request.values(of: "authorization")
        guard let header = headers.first else { throw .missingAuthentication }
        guard headers.count == 1 else { throw .incomplete("the request has more than one Authorization header") }
        return try SigV4Authorization(header: header)
    }

    /// - Throws: ``SigV4Failure/incomplete(_:)``, ``SigV4Failure/expired(requestDate:allowedSkewMinutes:)`` or
    ///   ``SigV4Failure/signatureMismatch``.
    public func verify(_ request: SignedRequest, _ authorization: SigV4Authorization, secret: String, now: Date) throws(SigV4Failure) {
        guard let amzDate = request.values(of: "x-amz-date").first else {
            throw .incomplete("the request has no X-Amz-Date header")
        }
        guard let signedAt = SigV4.instant(amzDate: amzDate) else {
            throw .incomplete("X-Amz-Date must look like 20261129T170652Z, not \(amzDate)")
        }
        guard amzDate.hasPrefix(authorization.date) else {
            throw .incomplete("the credential scope's date \(authorization.date) is not the day of X-Amz-Date \(amzDate)")
        }
        guard abs(signedAt.timeIntervalSince(now)) <= maximumSkew else {
            throw .expired(requestDate: amzDate, allowedSkewMinutes: Int(maximumSkew / 60))
        }
        guard authorization.signedHeaders.contains("host") else { throw .incomplete("the header 'host' must be signed") }
        guard authorization.signedHeaders.contains("x-amz-date") else { throw .incomplete("the header 'x-amz-date' must be signed") }
        // Every x-amz-* header (the target above all) says what the request does: an unsigned one could be swapped.
        for name in Set(request.headers.map { $0.name.lowercased() }) where name.hasPrefix("x-amz-") && !authorization.signedHeaders.contains(name) {
            throw .incomplete("the header '\(name)' must be signed")
        }
        let payloadHash = SigV4.payloadHash(request.body)
        if let declared = request.values(of: "x-amz-content-sha256").first, declared != payloadHash { throw .signatureMismatch }
        let canonical = try SigV4.canonicalRequest(request, signedHeaders: authorization.signedHeaders, payloadHash: payloadHash)
        let stringToSign = SigV4.stringToSign(canonicalRequest: canonical, amzDate: amzDate, scope: authorization.scope)
        let key = SigV4.signingKey(secret: secret, date: authorization.date, region: authorization.region, service: authorization.service)
        let expected = SigV4.signature(signingKey: key, stringToSign: stringToSign)
        guard Digest.constantTimeEquals(Array(expected.utf8), Array(authorization.signature.utf8)) else { throw .signatureMismatch }
    }
}
