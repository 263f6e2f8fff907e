// ExpiryMail: the subject and text of a password-expiry notice: which account, when it expires (UTC and the
// organization's zone), how many days are left, and how to rotate it (the setup guide's steps).
import Foundation

/// One notice's mail. Pure: the same notice, account and organization give the same text, so a repeat after a
/// crash is the same message as the first attempt.
struct ExpiryMail: Equatable {
    let subject: String
    let text: String

    /// - Parameters:
    ///   - notice: which notice of the cycle; the days left are the notice's own (7 for `T-7d`), not the sending time's.
    ///   - upn: the service account.
    ///   - timeZone: the organization's IANA zone name.
    init(notice: ExpiryNotice, upn: String, expiresAt: Date, organizationID: String, organizationName: String, timeZone: String) {
        let when = "\(Self.format(expiresAt, zone: "UTC")) UTC"
        let local = timeZone == "UTC" ? "" : " (\(Self.format(expiresAt, zone: timeZone)) in \(timeZone))"
        let status: String
        switch notice {
        case .before(let days):
            subject = "Alexa for Business: the password of service account \(upn) expires in \(Self.days(days))"
            status = """
                The password of the Exchange service account \(upn) expires on \(when)\(local). \(Self.days(days).capitalizedFirst) \
                \(days == 1 ? "is" : "are") left. When it expires, Alexa can no longer read or change the calendars of the users of \
                \(organizationName).
                """
        case .expired(let day):
            subject = day == 0
                ? "Alexa for Business: the password of service account \(upn) has expired"
                : "Alexa for Business: the password of service account \(upn) expired \(Self.days(day)) ago"
            status = """
                The password of the Exchange service account \(upn) expired on \(when)\(local)\(day == 0 ? "" : ", \(Self.days(day)) ago"). \
                Until the account is rotated, Alexa cannot read or change the calendars of the users of \(organizationName).
                """
        }
        text = """
            \(status)

            Organization: \(organizationName) (\(organizationID))

            To rotate the service account:
            1. Create a new user principal name (UPN) service account and password.
            2. Ensure that the new UPN service account has access to calendars, impersonation, and full access: the same \
            rights as \(upn) (the ApplicationImpersonation role, or Editor and Send As on each calendar).
            3. Validate that the new account works by testing the EWS endpoint and UPN: \
            POST /v1/organizations/\(organizationID)/exchange/test with its upn, password, ewsUrl and accessMethod.
            4. Link it: PUT /v1/organizations/\(organizationID)/exchange with the new UPN and password (and its \
            passwordExpiresAt). \(upn) stays linked until the new account passes validation.

            If you set a new password on \(upn) instead, link it again with that password and its new passwordExpiresAt.

            This is notice \(notice) of this password: warnings go out 14, 7, 3 and 1 days before it expires, then one \
            every day after it has expired, until the account is rotated or given a new expiry.
            """
    }

    /// `Friday 2027-01-15 10:00`, in `zone`.
    static func format(_ date: Date, zone: String) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")
        formatter.dateFormat = "EEEE yyyy-MM-dd HH:mm"
        return formatter.string(from: date)
    }

    static func days(_ count: Int) -> String { count == 1 ? "1 day" : "\(count) days" }
}

private extension String {
    var capitalizedFirst: String { prefix(1).uppercased() + dropFirst() }
}
