// AWSAccess: the AWS front-end's access policy: AWS Signature Version 4 with an organization's access key.
import AWSSigV4
import Foundation
import HTTPServer

/// Authenticates every AWS API request by its SigV4 signature; nothing else (no bearer token) reaches the
/// AWS routes. The request's age is checked against the system clock, never a test clock: a signature's freshness
/// is about the wire, not about the calendar time the service simulates.
struct AWSAccess: Sendable {
    let credentials: AWSCredentialService
    let gate: StartupGate
    let verifier = SigV4Verifier()
    var now: @Sendable () -> Date = { Date() }

    var policy: AccessPolicy<AWSCaller> {
        AccessPolicy(name: "awsSigV4") { [self] request in
            do {
                try gate.check()
            } catch let error as ServiceError {
                throw AWSError("ServiceUnavailableException", error.message, status: .serviceUnavailable)
            }
            let signed = SignedRequest(method: request.method.rawValue, pathSegments: request.pathSegments, query: request.query,
                                       headers: request.headers.fields, body: request.body)
            do {
                let authorization = try verifier.authorization(of: signed)
                // The region goes into the ARNs this request gets back: AWS's shape only (us-east-1).
                guard (1...63).contains(authorization.region.utf8.count),
                      authorization.region.utf8.allSatisfy({ (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "-") }) else {
                    throw SigV4Failure.incomplete("the credential scope's region must be lower-case letters, digits and '-', such as us-east-1")
                }
                if !signed.values(of: "x-amz-security-token").isEmpty {
                    throw AWSError("UnrecognizedClientException", "The security token included in the request is invalid: this service issues no session tokens.",
                                   status: .forbidden)
                }
                guard let signer = try await credentials.signer(accessKeyID: authorization.accessKeyID) else { throw SigV4Failure.unknownAccessKey }
                try verifier.verify(signed, authorization, secret: signer.secret, now: now())
                return AWSCaller(organizationID: signer.organizationID, accessKeyID: authorization.accessKeyID, region: authorization.region)
            } catch let failure as SigV4Failure {
                throw Self.error(for: failure)
            }
        }
    }

    static func error(for failure: SigV4Failure) -> AWSError {
        switch failure {
        case .missingAuthentication:
            AWSError("MissingAuthenticationTokenException", "Missing Authentication Token: sign the request with AWS Signature Version 4 "
                     + "(an organization's access key from POST /v1/organizations/{orgId}/aws-credentials).", status: .forbidden)
        case .unsupportedAlgorithm:
            AWSError("InvalidSignatureException", "Only AWS4-HMAC-SHA256 signatures are accepted.", status: .forbidden)
        case .incomplete(let what):
            AWSError("InvalidSignatureException", "The request signature is incomplete: \(what).", status: .forbidden)
        case .expired(let date, let minutes):
            AWSError("InvalidSignatureException", "Signature expired: \(date) is more than \(minutes) minutes away from the service's time "
                     + "\(SigV4.amzDate(Date())); check the client's clock.", status: .forbidden)
        case .unknownAccessKey:
            AWSError("UnrecognizedClientException", "The security token included in the request is invalid: no active access key has this id.",
                     status: .forbidden)
        case .signatureMismatch:
            AWSError("InvalidSignatureException", "The request signature we calculated does not match the signature you provided. "
                     + "Check your AWS Secret Access Key and signing method.", status: .forbidden)
        }
    }
}
