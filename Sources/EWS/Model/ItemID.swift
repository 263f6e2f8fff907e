// ItemID: an EWS item id and change key, kept verbatim.
import Foundation

/// An item's id and change key, kept verbatim (case-sensitive, opaque).
public struct ItemID: Sendable, Hashable, Codable {
    public let id: String
    public let changeKey: String?

    public init(id: String, changeKey: String? = nil) {
        self.id = id
        self.changeKey = changeKey
    }
}
