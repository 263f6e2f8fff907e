// NewAPIKey: an API key just issued, shown this once.
import Foundation
import Storage

/// An API key just issued: the only time it is shown.
public struct NewAPIKey: Sendable {
    public let id: String
    public let apiKey: String
    public let createdAt: Date
}
