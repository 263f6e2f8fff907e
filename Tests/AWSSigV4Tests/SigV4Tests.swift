// Signature Version 4: AWS's published get-vanilla vector, a CreateUser request as botocore 1.34.120 signed it,
// and every way verification must refuse.
import AWSSigV4
import Foundation
import Testing

@Suite struct SigV4Tests {
    static let secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY"
    static let createUserBody = #"{"UserId": "alice@example.com", "FirstName": "Alice", "Email": "alice@example.com"}"#
    /// Signed by botocore 1.34.120's SigV4Auth(creds, "a4b", "us-east-1") at 2026-11-29T17:06:52Z.
    static let botocoreSignature = "2cfd16c6a0c76f383169233c86a0b6f6369c80daea6110dbe023ffc465431417"
    static let signedAt = SigV4.instant(amzDate: "20261129T170652Z")!

    static func createUser(signature: String = botocoreSignature, body: String = createUserBody, host: String = "127.0.0.1:8080",
                           amzDate: String = "20261129T170652Z", signedHeaders: String = "content-type;host;x-amz-date;x-amz-target") -> SignedRequest {
        SignedRequest(method: "POST", pathSegments: [""], headers: [
            ("Host", host), ("X-Amz-Target", "AlexaForBusiness.CreateUser"), ("Content-Type", "application/x-amz-json-1.1"),
            ("X-Amz-Date", amzDate),
            ("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAEXAMPLE0000000001/\(amzDate.prefix(8))/us-east-1/a4b/aws4_request, SignedHeaders=\(signedHeaders), Signature=\(signature)"),
        ], body: Array(body.utf8))
    }

    func verify(_ request: SignedRequest, now: Date = signedAt, secret: String = secret) throws(SigV4Failure) {
        let verifier = SigV4Verifier()
        try verifier.verify(request, try verifier.authorization(of: request), secret: secret, now: now)
    }

    @Test func awsGetVanillaVector() throws {
        // https://docs.aws.amazon.com/general/latest/gr/signature-v4-test-suite.html, get-vanilla.
        let request = SignedRequest(method: "GET", pathSegments: [""], headers: [("Host", "example.amazonaws.com"), ("X-Amz-Date", "20150830T123600Z")], body: [])
        let canonical = try SigV4.canonicalRequest(request, signedHeaders: ["host", "x-amz-date"], payloadHash: SigV4.payloadHash([]))
        #expect(canonical == "GET\n/\n\nhost:example.amazonaws.com\nx-amz-date:20150830T123600Z\n\nhost;x-amz-date\ne3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        let key = SigV4.signingKey(secret: Self.secret, date: "20150830", region: "us-east-1", service: "service")
        let stringToSign = SigV4.stringToSign(canonicalRequest: canonical, amzDate: "20150830T123600Z", scope: "20150830/us-east-1/service/aws4_request")
        #expect(SigV4.signature(signingKey: key, stringToSign: stringToSign) == "5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31")
    }

    @Test func acceptsWhatBotocoreSigned() throws {
        try verify(Self.createUser())
        // Within 15 minutes either way.
        try verify(Self.createUser(), now: Self.signedAt.addingTimeInterval(14 * 60))
        try verify(Self.createUser(), now: Self.signedAt.addingTimeInterval(-14 * 60))
    }

    @Test func theSignerReproducesBotocore() throws {
        var request = Self.createUser()
        request.headers.removeAll { ["authorization", "x-amz-date"].contains($0.name.lowercased()) }
        let signer = SigV4Signer(accessKeyID: "AKIAEXAMPLE0000000001", secret: Self.secret, region: "us-east-1")
        let added = try signer.headers(for: request, at: Self.signedAt)
        #expect(added.first { $0.name == "Authorization" }?.value.hasSuffix("Signature=\(Self.botocoreSignature)") == true)
        request.headers += added
        try verify(request)
    }

    @Test func jsonCallHeadersAreBotocoresSignatureWithTheContentTypeAndTarget() throws {
        let signer = SigV4Signer(accessKeyID: "AKIAEXAMPLE0000000001", secret: Self.secret, region: "us-east-1")
        let headers = try signer.jsonCallHeaders(target: "AlexaForBusiness.CreateUser", host: "127.0.0.1:8080", body: Array(Self.createUserBody.utf8),
                                                 at: Self.signedAt)
        #expect(headers.map(\.name) == ["Content-Type", "X-Amz-Target", "X-Amz-Date", "Authorization"])
        #expect(headers.last?.value.hasSuffix("Signature=\(Self.botocoreSignature)") == true)
        try verify(SignedRequest(method: "POST", pathSegments: [""], headers: [("Host", "127.0.0.1:8080")] + headers, body: Array(Self.createUserBody.utf8)))
    }

    @Test func refusesWhatWasChanged() {
        #expect(throws: SigV4Failure.signatureMismatch) { try verify(Self.createUser(body: Self.createUserBody + " ")) }
        #expect(throws: SigV4Failure.signatureMismatch) { try verify(Self.createUser(host: "127.0.0.1:8081")) }
        #expect(throws: SigV4Failure.signatureMismatch) { try verify(Self.createUser(), secret: Self.secret + "x") }
        var target = Self.createUser()
        target.headers[1] = ("X-Amz-Target", "AlexaForBusiness.DeleteUser")
        #expect(throws: SigV4Failure.signatureMismatch) { try verify(target) }
        var declared = Self.createUser()
        declared.headers.append(("X-Amz-Content-Sha256", SigV4.payloadHash([])))
        #expect(throws: SigV4Failure.self) { try verify(declared) }
        // The target (any x-amz-* header) must be signed: else a captured request could be replayed as another operation.
        #expect(throws: SigV4Failure.incomplete("the header 'x-amz-target' must be signed")) {
            try verify(Self.createUser(signedHeaders: "content-type;host;x-amz-date"))
        }
    }

    @Test func refusesAStaleOrFutureDate() {
        #expect(throws: SigV4Failure.expired(requestDate: "20261129T170652Z", allowedSkewMinutes: 15)) {
            try verify(Self.createUser(), now: Self.signedAt.addingTimeInterval(16 * 60))
        }
        #expect(throws: SigV4Failure.expired(requestDate: "20261129T170652Z", allowedSkewMinutes: 15)) {
            try verify(Self.createUser(), now: Self.signedAt.addingTimeInterval(-16 * 60))
        }
    }

    @Test func refusesIncompleteAuthorization() {
        var bare = Self.createUser()
        bare.headers.removeAll { $0.name == "Authorization" }
        #expect(throws: SigV4Failure.missingAuthentication) { try verify(bare) }
        #expect(throws: SigV4Failure.unsupportedAlgorithm) { try SigV4Authorization(header: "AWS AKIA:abc") }
        for header in ["Bearer a4b_x", "AWS4-HMAC-SHA256 SignedHeaders=host, Signature=\(String(repeating: "a", count: 64))",
                       "AWS4-HMAC-SHA256 Credential=AK/2026112/us-east-1/a4b/aws4_request, SignedHeaders=host, Signature=\(String(repeating: "a", count: 64))",
                       "AWS4-HMAC-SHA256 Credential=AK/20261129/us-east-1/a4b/aws4_request, SignedHeaders=host, Signature=xyz",
                       "AWS4-HMAC-SHA256 Credential=AK/20261129/us-east-1/a4b/aws4_request, SignedHeaders=Host, Signature=\(String(repeating: "a", count: 64))"] {
            #expect(throws: SigV4Failure.self, "\(header)") { try SigV4Authorization(header: header) }
        }
        // host must be signed, the scope's day must be X-Amz-Date's, and a signed header must be present.
        #expect(throws: SigV4Failure.self) { try verify(Self.createUser(signedHeaders: "content-type;x-amz-date;x-amz-target")) }
        #expect(throws: SigV4Failure.self) {
            var request = Self.createUser()
            let index = request.headers.firstIndex { $0.name == "Authorization" }!
            request.headers[index].value = request.headers[index].value.replacingOccurrences(of: "/20261129/", with: "/20261128/")
            try verify(request)
        }
        #expect(throws: SigV4Failure.self) { try verify(Self.createUser(signedHeaders: "content-type;host;x-amz-date;x-amz-target;x-missing")) }
        #expect(throws: SigV4Failure.self) {
            var request = Self.createUser()
            request.headers.removeAll { $0.name == "X-Amz-Date" }
            try verify(request)
        }
    }

    @Test func amzDatesRoundTrip() {
        for text in ["20261129T170652Z", "20000229T000000Z", "19700101T000000Z", "20991231T235959Z"] {
            #expect(SigV4.amzDate(SigV4.instant(amzDate: text)!) == text)
        }
        #expect(SigV4.instant(amzDate: "2026-11-29T17:06:52Z") == nil)
        #expect(SigV4.instant(amzDate: "20261329T170652Z") == nil)
        #expect(SigV4.instant(amzDate: "20261129T170652Z")!.timeIntervalSince1970 == 1_795_972_012)
    }
}
