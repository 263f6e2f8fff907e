// BasicAuthenticator: Basic auth on the EWS endpoint, and the 401 challenges Exchange sends.
import Foundation

/// Basic authentication. The user name may be a UPN or a primary SMTP address (`DOMAIN\user` is
/// matched on the part after the backslash against UPN and SMTP local parts). Accounts without a
/// password in the fixture cannot log in.
enum BasicAuthenticator {
    /// The authenticated account, or nil.
    static func authenticate(_ request: FakeHTTPRequest, directory: MailboxDirectory) -> Mailbox? {
        guard let header = request.header("Authorization") else { return nil }
        let parts = header.split(separator: " ", maxSplits: 1).map(String.init)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: parts[1].trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8), let colon = text.firstIndex(of: ":")
        else { return nil }
        let user = String(text[..<colon])
        let password = String(text[text.index(after: colon)...])
        var account = directory.logon(user)
        if account == nil, let slash = user.firstIndex(of: "\\") {
            let local = user[user.index(after: slash)...].lowercased()
            account = directory.all.first {
                $0.upn?.lowercased().split(separator: "@").first.map(String.init) == local
                    || $0.key.split(separator: "@").first.map(String.init) == local
            }
        }
        guard let account, let expected = account.password, expected == password else { return nil }
        return account
    }

    /// 401 with an empty body: `Basic realm="…"` only, or `Negotiate` and `NTLM` when Basic is disabled.
    static func challenge(_ settings: ServerSettings) -> FakeHTTPResponse {
        let challenges: [(name: String, value: String)] =
            settings.basicAuth
            ? [(name: "WWW-Authenticate", value: "Basic realm=\"\(settings.realm)\"")]
            : [(name: "WWW-Authenticate", value: "Negotiate"), (name: "WWW-Authenticate", value: "NTLM")]
        return FakeHTTPResponse(
            status: 401,
            headers: challenges + [(name: "Server", value: "Microsoft-IIS/10.0"), (name: "X-Powered-By", value: "ASP.NET")])
    }
}
