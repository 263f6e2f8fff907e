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

            """ + room(credentials, api: api, auth: auth, baseURL: baseURL, executable: executable, exchange: exchange)
            + aws(credentials, baseURL: baseURL)
    }

    /// The meeting room's lines: its device asked over REST and through the mock device.
    static func room(_ credentials: DemoCredentials, api: String, auth: String, baseURL: String, executable: String, exchange: DemoExchange) -> String {
        guard let room = credentials.roomId, let mailbox = exchange.room else { return "" }
        return """
            The meeting room \(mailbox.name) (\(room), on the room mailbox \(mailbox.address)) answers its device:
              curl -s -X POST \(api)/rooms/\(room)/voice \(auth) -H "Content-Type: application/json" -d "{\\"utterance\\": \\"is this room free\\"}"
              \(executable) ask --server \(baseURL) --org \(credentials.organizationId) --key \(credentials.apiKey) --room \(room) "book this room for 30 minutes"

            """
    }

    /// The AWS-compatible API's lines: the key and a boto3 call that works as printed (with boto3 and botocore 1.34.120).
    static func aws(_ credentials: DemoCredentials, baseURL: String) -> String {
        guard let access = credentials.awsAccessKeyId, let secret = credentials.awsSecretAccessKey else { return "" }
        return """
            The Alexa for Business API for AWS SDKs (AWS access key \(access), secret \(secret)), e.g. boto3 after \
            pip install boto3==1.34.120 botocore==1.34.120:
              python3 -c 'import boto3; a4b = boto3.client("alexaforbusiness", region_name="us-east-1", endpoint_url="\(baseURL)", aws_access_key_id="\(access)", aws_secret_access_key="\(secret)"); print([(u["Email"], u["EnrollmentStatus"]) for u in a4b.search_users()["Users"]]); print([(r["RoomName"], r.get("ProviderCalendarId")) for r in a4b.search_rooms()["Rooms"]])'

            """
    }
}
