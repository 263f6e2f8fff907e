// InvitationToken: the form of invitation tokens and the hash they are stored as.
import Storage

/// `inv_` and 64 hex digits (256 random bits). The invitations table keeps only ``hash(_:)`` of a token; the
/// invitation e-mail in the outbox shows ``elided`` in its place and keeps the link sealed.
enum InvitationToken {
    static let prefix = "inv_"
    /// What an invitation e-mail at rest (and in the outbox listing) shows where the token goes.
    static let elided = prefix + "…"

    /// The associated data an invitation link in the outbox is sealed with: it opens only as that organization's.
    static func sealingContext(organizationID: String) -> [UInt8] { Array("outbox invitation link \(organizationID)".utf8) }

    /// Cheap shape check before any lookup: anything else cannot be a token we issued.
    static func isWellFormed(_ token: String) -> Bool {
        let bytes = Array(token.utf8)
        return bytes.count == prefix.utf8.count + 64 && token.hasPrefix(prefix)
            && bytes.dropFirst(prefix.utf8.count).allSatisfy { (0x30...0x39).contains($0) || (0x61...0x66).contains($0) }
    }

    static func hash(_ token: String) -> String { sha256Hex(Array(token.utf8)) }
}
