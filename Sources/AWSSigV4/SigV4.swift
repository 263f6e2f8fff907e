// SigV4: the canonical request, the string to sign, the signing key and the signature of AWS Signature Version 4.
import Foundation
import TextSupport

/// The pieces of Signature Version 4 (https://docs.aws.amazon.com/IAM/latest/UserGuide/create-signed-request.html),
/// shared by the verifier and the signer so both compute the same bytes.
public enum SigV4 {
    /// `X-Amz-Date`'s form: `20261129T170652Z`.
    public static func amzDate(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let (days, inDay) = CivilDays.split(seconds: seconds)
        let (year, month, day) = CivilDays.date(days: days)
        func padded(_ value: Int, _ width: Int) -> String { String(value, zeroPaddedTo: width) }
        return padded(year, 4) + padded(month, 2) + padded(day, 2) + "T" + padded(inDay / 3600, 2) + padded(inDay % 3600 / 60, 2)
            + padded(inDay % 60, 2) + "Z"
    }

    /// The instant of an `X-Amz-Date` value, or nil when it is not `YYYYMMDD'T'HHMMSS'Z'`.
    public static func instant(amzDate text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 16, bytes[8] == UInt8(ascii: "T"), bytes[15] == UInt8(ascii: "Z") else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for byte in bytes[range] {
                guard (0x30...0x39).contains(byte) else { return nil }
                value = value * 10 + Int(byte - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(4..<6), let day = number(6..<8), let hour = number(9..<11),
              let minute = number(11..<13), let second = number(13..<15), (1...12).contains(month), (1...31).contains(day),
              hour < 24, minute < 60, second < 61 else { return nil }
        let days = CivilDays.days(year: year, month: month, day: day)
        return Date(timeIntervalSince1970: TimeInterval(days * 86_400 + hour * 3600 + minute * 60 + second))
    }

    /// The canonical request for `request`, over `signedHeaders` (lower-case names).
    ///
    /// - Throws: ``SigV4Failure/incomplete(_:)`` when a signed header is not in the request.
    public static func canonicalRequest(_ request: SignedRequest, signedHeaders: [String], payloadHash: String) throws(SigV4Failure) -> String {
        let names = signedHeaders.sorted()
        var headerLines = ""
        for name in names {
            let values = request.values(of: name)
            guard !values.isEmpty else { throw .incomplete("the signed header '\(name)' is not in the request") }
            headerLines += name + ":" + values.map(canonicalHeaderValue).joined(separator: ",") + "\n"
        }
        return [request.method.uppercased(), canonicalURI(request.pathSegments), canonicalQuery(request.query), headerLines,
                names.joined(separator: ";"), payloadHash].joined(separator: "\n")
    }

    public static func stringToSign(canonicalRequest: String, amzDate: String, scope: String) -> String {
        "\(SigV4Authorization.algorithm)\n\(amzDate)\n\(scope)\n" + Digest.hex(Digest.sha256(Array(canonicalRequest.utf8)))
    }

    /// kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request").
    public static func signingKey(secret: String, date: String, region: String, service: String) -> [UInt8] {
        let dateKey = Digest.hmacSHA256(key: Array(("AWS4" + secret).utf8), Array(date.utf8))
        let regionKey = Digest.hmacSHA256(key: dateKey, Array(region.utf8))
        let serviceKey = Digest.hmacSHA256(key: regionKey, Array(service.utf8))
        return Digest.hmacSHA256(key: serviceKey, Array("aws4_request".utf8))
    }

    /// The hex signature of `stringToSign` under `signingKey`.
    public static func signature(signingKey: [UInt8], stringToSign: String) -> String {
        Digest.hex(Digest.hmacSHA256(key: signingKey, Array(stringToSign.utf8)))
    }

    /// Hex SHA-256 of a body, as the canonical request's last line.
    public static func payloadHash(_ body: [UInt8]) -> String { Digest.hex(Digest.sha256(body)) }

    // MARK: - Canonical forms

    /// Each segment URI-encoded twice, as AWS does for every service but S3 (the client encoded it once on the
    /// wire and encodes the encoded path again when signing). `/` stays `/`.
    static func canonicalURI(_ segments: [String]) -> String {
        guard !segments.isEmpty else { return "/" }
        return "/" + segments.map { uriEncode(uriEncode($0)) }.joined(separator: "/")
    }

    /// Parameters decoded, re-encoded with AWS's unreserved set, sorted by name then value.
    static func canonicalQuery(_ query: String?) -> String {
        guard let query, !query.isEmpty else { return "" }
        let pairs = query.split(separator: "&").map { item -> (String, String) in
            let parts = item.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let decode = { (text: Substring) in String(text).removingPercentEncoding ?? String(text) }
            return (uriEncode(decode(parts[0])), uriEncode(parts.count > 1 ? decode(parts[1]) : ""))
        }
        return pairs.sorted { $0.0 == $1.0 ? $0.1 < $1.1 : $0.0 < $1.0 }.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Trimmed, with each run of spaces inside collapsed to one.
    static func canonicalHeaderValue(_ value: String) -> String {
        var result = ""
        var lastWasSpace = false
        for character in trimmedSpaces(value[...]) {
            let isSpace = character == " " || character == "\t"
            if isSpace && lastWasSpace { continue }
            result.append(isSpace ? " " : character)
            lastWasSpace = isSpace
        }
        return result
    }

    /// RFC 3986 percent-encoding of everything but `A-Z a-z 0-9 - _ . ~`, upper-case hex.
    static func uriEncode(_ text: String) -> String {
        var result = ""
        for byte in text.utf8 {
            switch byte {
            case 0x41...0x5A, 0x61...0x7A, 0x30...0x39, UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                result.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".unicodeScalars)
                result.unicodeScalars.append("%")
                result.unicodeScalars.append(hex[Int(byte >> 4)])
                result.unicodeScalars.append(hex[Int(byte & 0x0F)])
            }
        }
        return result
    }
}
