// OrganizationAccess: who called an organization route, and which organization the path names.
import Foundation
import HTTPServer

/// Who called an organization's route, and which organization the path names.
public struct OrganizationAccess: Sendable {
    public let caller: Caller
    public let organizationID: String
}
