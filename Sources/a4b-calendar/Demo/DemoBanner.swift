// DemoBanner: what `serve --demo` prints on standard output at every start: the organization, its key, and
// commands that work as printed.
import Foundation

enum DemoBanner {
    /// - Parameters:
    ///   - baseURL: the service as this machine reaches it (`http://127.0.0.1:8080`).
    ///   - executable: how this binary was started, so the `ask` line runs it the same way.
    static func text(_ credentials: DemoCredentials, baseURL: String, executable: String, exchange: DemoExchange,
                     daysLeft: Int?, dataDirectory: String) -> String {
        let org = credentials.organizationId, key = credentials.apiKey
        let user = credentials.users.first ?? "alice@contoso.com"
        let auth = "-H \"Authorization: Bearer \(key)\""
        let api = "\(baseURL)/v1/organizations/\(org)"
        let expiry = daysLeft.map { $0 >= 0 ? "expires in \($0) day\($0 == 1 ? "" : "s")" : "has expired" } ?? "has no expiry set"
        return """

            ==> a4b-calendar demo: organization \(DemoSeed.organizationName) (\(org)), linked with impersonation to the built-in fake \
            Exchange (\(exchange.serviceAccount.upn) at \(exchange.ewsURL)).
                Users \(credentials.users.joined(separator: " and ")) are registered with their calendars linked; the service \
            account's password \(expiry).
                API key: \(key)   (kept in \(DemoCredentials.path(in: dataDirectory)))

            Ask a calendar question (REST):
              curl -s -X POST \(api)/voice \(auth) -H "Content-Type: application/json" -d "{\\"userId\\": \\"\(user)\\", \\"utterance\\": \\"what's on my calendar tomorrow\\"}"
            Ask as an Alexa device:
              \(executable) ask --server \(baseURL) --org \(org) --key \(key) --user \(user) "what's on my calendar tomorrow"
            Password expiry: the status, the warning mail (in the outbox: no SMTP relay is set), the health events:
              curl -s \(api)/exchange/expiry \(auth)
              curl -s \(api)/outbox \(auth)
              curl -s \(api)/health-events \(auth)
            The connectivity test of the linked service account:
              curl -s -X POST \(api)/exchange/test \(auth)

            """
    }
}
