// NewOrganization: an organization just created, with the one showing of its first API key.
import Foundation
import Storage

/// An organization just created, with its first API key: the only time the key is shown.
public struct NewOrganization: Sendable {
    public let organization: Organization
    public let apiKey: String
    public let apiKeyID: String
}
