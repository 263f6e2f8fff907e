// AWSCaller: who signed an AWS API request: an organization, through one of its access keys.

/// The principal of the AWS front-end: the organization whose key signed the request, and the region it signed
/// for (the region of the ARNs it gets back).
public struct AWSCaller: Sendable, Equatable {
    public let organizationID: String
    public let accessKeyID: String
    public let region: String

    /// The organization's 12-digit account id in its ARNs.
    var account: String { AWSResourceName.account(organizationID: organizationID) }

    func arn(_ kind: AWSResourceName.Kind, _ id: String) -> String {
        AWSResourceName(region: region, account: account, kind: kind, id: id).text
    }
}
