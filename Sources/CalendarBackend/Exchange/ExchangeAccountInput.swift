// ExchangeAccountInput: a service account as an admin gives it (REST body, CLI flags), validated field by field
// before any network call, the same way for every front-end.
import Foundation
import TextSupport

/// A link or test request as sent. ``validated()`` turns it into an ``ExchangeLinkRequest`` or throws
/// ``ServiceError/Code/invalidInput`` naming the field.
public struct ExchangeAccountInput: Decodable, Sendable {
    public var upn: String?
    public var password: String?
    public var ewsUrl: String?
    public var accessMethod: String?
    public var passwordExpiresAt: String?
    /// Where password-expiry notices go instead of the service account's own address.
    public var notificationEmail: String?
    public var testMailbox: String?
    public var writeTest: Bool?

    public init(upn: String? = nil, password: String? = nil, ewsUrl: String? = nil, accessMethod: String? = nil,
                passwordExpiresAt: String? = nil, notificationEmail: String? = nil, testMailbox: String? = nil, writeTest: Bool? = nil) {
        self.upn = upn
        self.password = password
        self.ewsUrl = ewsUrl
        self.accessMethod = accessMethod
        self.passwordExpiresAt = passwordExpiresAt
        self.notificationEmail = notificationEmail
        self.testMailbox = testMailbox
        self.writeTest = writeTest
    }

    /// No account given (testMailbox and writeTest may still be): a test of the stored link.
    public var namesNoAccount: Bool { upn == nil && password == nil && ewsUrl == nil && accessMethod == nil }

    public func validated() throws -> ExchangeLinkRequest {
        guard let upn = upn?.trimmingWhitespace(), !upn.isEmpty else { throw ServiceError.invalidInput("upn", "missing required field 'upn'") }
        guard Self.looksLikeAddress(upn), upn.count <= 320 else {
            throw ServiceError.invalidInput("upn", "field 'upn' must be a user principal name such as alexaforbusiness@contoso.com")
        }
        guard let password, !password.isEmpty else { throw ServiceError.invalidInput("password", "missing required field 'password'") }
        guard password.utf8.count <= 512 else { throw ServiceError.invalidInput("password", "field 'password' is longer than 512 bytes") }
        guard let ewsUrl = ewsUrl?.trimmingWhitespace(), !ewsUrl.isEmpty else { throw ServiceError.invalidInput("ewsUrl", "missing required field 'ewsUrl'") }
        guard ewsUrl.count <= 2048, let url = URL(string: ewsUrl), url.scheme != nil, let host = url.host, !host.isEmpty else {
            throw ServiceError.invalidInput("ewsUrl", "field 'ewsUrl' must be an absolute URL such as https://mail.contoso.com/EWS/Exchange.asmx")
        }
        // Credentials in the URL would be stored and shown in clear (GET /exchange, failure details) and sent by libcurl.
        guard url.user == nil && url.password == nil else {
            throw ServiceError.invalidInput("ewsUrl", "field 'ewsUrl' must not contain a user name or password; send them as 'upn' and 'password'")
        }
        guard let accessMethod else { throw ServiceError.invalidInput("accessMethod", "missing required field 'accessMethod'") }
        guard let method = AccessMethod(rawValue: accessMethod) else {
            throw ServiceError.invalidInput("accessMethod", "field 'accessMethod' must be impersonation or fullAccess")
        }
        let expiresAt = try passwordExpiresAt.map { try ISOInstant.parse($0, field: "passwordExpiresAt") }
        let notify = try notificationEmail.map { try EmailAddress($0, field: "notificationEmail").value }
        let mailbox = try validatedTestMailbox()
        return ExchangeLinkRequest(target: ExchangeLinkTarget(upn: upn, password: password, ewsURL: ewsUrl, accessMethod: method,
                                                    testMailbox: mailbox, writeTest: writeTest ?? false),
                         passwordExpiresAt: expiresAt, notificationEmail: notify)
    }

    /// The optional `testMailbox` of a test of the stored link.
    public func validatedTestMailbox() throws -> String? {
        guard let testMailbox else { return nil }
        let trimmed = testMailbox.trimmingWhitespace()
        guard Self.looksLikeAddress(trimmed), trimmed.count <= 320 else {
            throw ServiceError.invalidInput("testMailbox", "field 'testMailbox' must be an email address such as alice@contoso.com")
        }
        return trimmed
    }

    /// `local@domain` with no spaces or control characters (the directory decides the rest).
    static func looksLikeAddress(_ text: String) -> Bool {
        let parts = text.split(separator: "@", omittingEmptySubsequences: false)
        return parts.count == 2 && !parts[0].isEmpty && parts[1].contains(".") && !parts[1].hasPrefix(".") && !parts[1].hasSuffix(".")
            && text.unicodeScalars.allSatisfy { $0.value > 32 && $0.value != 127 }
    }
}
