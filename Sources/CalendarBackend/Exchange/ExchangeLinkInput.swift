// The body of PUT /exchange and POST /exchange/test, validated field by field before any network call.
import Foundation
import HTTPServer

/// A link request as sent. `validated()` turns it into a target or a 400 naming the field.
struct ExchangeLinkInput: Decodable {
    let upn: String?
    let password: String?
    let ewsUrl: String?
    let accessMethod: String?
    let passwordExpiresAt: String?
    let testMailbox: String?
    let writeTest: Bool?

    /// No account given (testMailbox and writeTest may still be): test the stored link.
    var isEmpty: Bool { upn == nil && password == nil && ewsUrl == nil && accessMethod == nil }

    struct Validated {
        let target: ExchangeLinkTarget
        let passwordExpiresAt: Date?
    }

    func validated() throws -> Validated {
        guard let upn = upn?.trimmingCharacters(in: .whitespaces), !upn.isEmpty else { throw HTTPError.badRequest("missing required field 'upn'") }
        guard Self.looksLikeAddress(upn), upn.count <= 320 else {
            throw HTTPError.badRequest("field 'upn' must be a user principal name such as alexaforbusiness@contoso.com")
        }
        guard let password, !password.isEmpty else { throw HTTPError.badRequest("missing required field 'password'") }
        guard password.utf8.count <= 512 else { throw HTTPError.badRequest("field 'password' is longer than 512 bytes") }
        guard let ewsUrl = ewsUrl?.trimmingCharacters(in: .whitespaces), !ewsUrl.isEmpty else { throw HTTPError.badRequest("missing required field 'ewsUrl'") }
        guard ewsUrl.count <= 2048, let url = URL(string: ewsUrl), url.scheme != nil, let host = url.host, !host.isEmpty else {
            throw HTTPError.badRequest("field 'ewsUrl' must be an absolute URL such as https://mail.contoso.com/EWS/Exchange.asmx")
        }
        // Credentials in the URL would be stored and shown in clear (GET /exchange, failure details) and sent by libcurl.
        guard url.user == nil && url.password == nil else {
            throw HTTPError.badRequest("field 'ewsUrl' must not contain a user name or password; send them as 'upn' and 'password'")
        }
        guard let accessMethod else { throw HTTPError.badRequest("missing required field 'accessMethod'") }
        guard let method = AccessMethod(rawValue: accessMethod) else {
            throw HTTPError.badRequest("field 'accessMethod' must be impersonation or fullAccess")
        }
        var expiresAt: Date?
        if let text = passwordExpiresAt {
            // The store holds years 0000-9999 (0000-01-01T00:00:00Z ... 9999-12-31T23:59:59Z); outside them is the
            // client's mistake (a 400), not a failed write after a live check (a 500).
            guard let date = ISO8601DateFormatter().date(from: text),
                  (-62_167_219_200...253_402_300_799).contains(date.timeIntervalSince1970.rounded(.down)) else {
                throw HTTPError.badRequest("field 'passwordExpiresAt' must be an ISO 8601 time such as 2027-02-01T00:00:00Z")
            }
            expiresAt = date
        }
        var mailbox: String?
        if let testMailbox {
            let trimmed = testMailbox.trimmingCharacters(in: .whitespaces)
            guard Self.looksLikeAddress(trimmed), trimmed.count <= 320 else {
                throw HTTPError.badRequest("field 'testMailbox' must be an email address such as alice@contoso.com")
            }
            mailbox = trimmed
        }
        return Validated(target: ExchangeLinkTarget(upn: upn, password: password, ewsURL: ewsUrl, accessMethod: method,
                                                    testMailbox: mailbox, writeTest: writeTest ?? false),
                         passwordExpiresAt: expiresAt)
    }

    /// `local@domain` with no spaces or control characters (the directory decides the rest).
    static func looksLikeAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && text.unicodeScalars.allSatisfy { $0.value > 32 && $0.value != 127 }
    }
}
