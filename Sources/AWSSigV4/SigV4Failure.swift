// SigV4Failure: why a request's Signature Version 4 does not authenticate it.

/// Every way a signed request can fail verification. The front-end maps these to AWS's error names
/// (MissingAuthenticationToken, IncompleteSignature, InvalidSignature, UnrecognizedClient).
public enum SigV4Failure: Error, Sendable, Equatable {
    /// No `Authorization` header at all.
    case missingAuthentication
    /// An `Authorization` header of another scheme (`AWS`, `AWS4-ECDSA-…`).
    case unsupportedAlgorithm
    /// The header or the request lacks a part the signature needs; the text says which.
    case incomplete(String)
    /// `X-Amz-Date` is more than the allowed skew away from the verifier's clock.
    case expired(requestDate: String, allowedSkewMinutes: Int)
    /// The access key id is not one the verifier knows (or it was revoked).
    case unknownAccessKey
    /// The signature does not match the request as received.
    case signatureMismatch
}
