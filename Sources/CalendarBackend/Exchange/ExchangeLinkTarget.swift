// ExchangeLinkTarget: a service account, its endpoint and access method, as a link check receives them.

/// What to check: a service account, its endpoint and access method, and optionally a mailbox to prove
/// the access method on. Its description never shows the password, so interpolating one into a log is safe.
public struct ExchangeLinkTarget: Sendable, CustomStringConvertible {
    public var upn: String
    public var password: String
    public var ewsURL: String
    public var accessMethod: AccessMethod
    public var testMailbox: String?
    /// Also create and delete a test event in `testMailbox`.
    public var writeTest: Bool

    public init(upn: String, password: String, ewsURL: String, accessMethod: AccessMethod, testMailbox: String?, writeTest: Bool = false) {
        self.upn = upn
        self.password = password
        self.ewsURL = ewsURL
        self.accessMethod = accessMethod
        self.testMailbox = testMailbox
        self.writeTest = writeTest
    }

    public var description: String {
        "ExchangeLinkTarget(upn: \(upn), password: <redacted>, ewsURL: \(ewsURL), accessMethod: \(accessMethod.rawValue), "
            + "testMailbox: \(testMailbox ?? "none"), writeTest: \(writeTest))"
    }
}
