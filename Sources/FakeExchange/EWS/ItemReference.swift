// ItemReference: what an EWS ItemId/FolderId encodes (owner mailbox, item number, occurrence) and its codec.
import Foundation

/// The decoded content of an ItemId. Ids are opaque base64 to clients, encode the owner mailbox
/// ("implicit access": later calls need no Mailbox element), and an occurrence id is longer than
/// its master's because it also encodes the occurrence's original start.
struct ItemReference: Sendable, Equatable, Hashable {
    enum Kind: String, Sendable { case calendarItem = "C", message = "M" }

    var kind: Kind
    var mailbox: String
    var number: Int
    var originalStart: Date?

    private static let magic = "FXI1"

    /// The base64 id sent to clients, padded to the length of Exchange's ids (at least 144 characters,
    /// longer for an occurrence): DavMail tells an id from a resource name by that length.
    var encoded: String {
        var bytes = Array("\(Self.magic)\u{1}\(kind.rawValue)\u{1}\(mailbox)\u{1}\(number)".utf8)
        if let originalStart { bytes += Array("\u{1}\(Int(originalStart.timeIntervalSince1970))".utf8) }
        let minimum = originalStart == nil ? 108 : 120
        while bytes.count < minimum || bytes.count % 3 != 0 { bytes.append(Self.padding) }
        return Data(bytes).base64EncodedString()
    }

    /// The byte that pads an id to its length (never in an address or a number).
    private static let padding: UInt8 = 0x02

    /// The reference for the series master of an occurrence reference.
    var master: ItemReference { ItemReference(kind: kind, mailbox: mailbox, number: number, originalStart: nil) }

    /// Decodes an id; nil when it is not one of ours (EWS: ErrorInvalidIdMalformed).
    init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = String(text.reversed().drop { $0 == "\u{2}" }.reversed())
            .split(separator: "\u{1}", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 4 || parts.count == 5, parts[0] == Self.magic, let kind = Kind(rawValue: parts[1]),
            let number = Int(parts[3])
        else { return nil }
        self.kind = kind
        mailbox = parts[2]
        self.number = number
        if parts.count == 5 {
            guard let seconds = Int(parts[4]) else { return nil }
            originalStart = Date(timeIntervalSince1970: TimeInterval(seconds))
        }
    }

    init(kind: Kind, mailbox: String, number: Int, originalStart: Date? = nil) {
        self.kind = kind
        self.mailbox = mailbox
        self.number = number
        self.originalStart = originalStart
    }

    /// The ChangeKey for a given change counter (changes on every update).
    static func changeKey(_ changeCount: Int) -> String {
        Data("FXCK\u{1}\(changeCount)".utf8).base64EncodedString()
    }
}

/// The decoded content of a FolderId: the owner mailbox and which of its folders it is.
struct FolderReference: Sendable, Equatable {
    var mailbox: String
    var folder: FolderKey

    private static let magic = "FXF1"

    var encoded: String {
        Data("\(Self.magic)\u{1}\(mailbox)\u{1}\(folder.rawValue)".utf8).base64EncodedString()
    }

    var changeKey: String { Data("FXFCK\u{1}1".utf8).base64EncodedString() }

    init(mailbox: String, folder: FolderKey) {
        self.mailbox = mailbox
        self.folder = folder
    }

    init?(encoded: String) {
        guard let data = Data(base64Encoded: encoded), let text = String(data: data, encoding: .utf8) else { return nil }
        let parts = text.split(separator: "\u{1}").map(String.init)
        guard parts.count == 3, parts[0] == Self.magic, let folder = FolderKey(rawValue: parts[2]) else { return nil }
        mailbox = parts[1]
        self.folder = folder
    }
}
