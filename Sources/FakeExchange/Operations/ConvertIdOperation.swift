// ConvertIdOperation: ConvertId between id formats; the cheap version probe clients use.
import Foundation
import XMLSupport

/// `ConvertId`. Enough for version probes and simple conversions: a mailbox that is not an SMTP
/// address is ErrorInvalidSmtpAddress (exchangelib's `DUMMY` probe gets exactly the captured
/// answer); an id that is not ours is ErrorInvalidIdMalformed; our ids convert between EwsId,
/// EwsLegacyId, OwaId, EntryId, HexEntryId and StoreId.
///
/// The answer names the mailbox the id belongs to, not the one the request names: Exchange reads an
/// EwsId's mailbox from the id itself, and DavMail learns the user's address this way, sending the
/// placeholder `blah@blah.com` on every login. The formats that do not carry their mailbox on Exchange
/// (EntryId, HexEntryId, StoreId) need the named mailbox to exist, as Exchange opens that store.
enum ConvertIdOperation {
    static let formats: Set<String> = ["EwsLegacyId", "EwsId", "EntryId", "HexEntryId", "StoreId", "OwaId"]

    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        let t = EWSNamespace.types
        guard let destination = request.attribute("DestinationFormat"), formats.contains(destination) else {
            throw SOAPFault.schemaValidation("The 'DestinationFormat' attribute is missing or invalid.", line: request.line)
        }
        guard let sources = request.firstChild(m, "SourceIds"), !sources.children.isEmpty else {
            throw SOAPFault.schemaValidation("The element 'SourceIds' is required and must not be empty.", line: request.line)
        }
        var messages: [ResponseMessage] = []
        for source in sources.children {
            guard source.isElement(t, "AlternateId") else {
                messages.append(.error(.invalidIdMalformed))
                continue
            }
            guard let format = source.attribute("Format"), formats.contains(format), let id = source.attribute("Id"),
                let mailbox = source.attribute("Mailbox")
            else {
                throw SOAPFault.schemaValidation("AlternateId needs valid Format, Id and Mailbox attributes.", line: source.line)
            }
            guard FixtureParser.isAddress(mailbox) else {
                messages.append(.error(.invalidSmtpAddress))
                continue
            }
            if !selfDescribing.contains(format), state.directory.primary(mailbox) == nil {
                messages.append(.error(.nonExistentMailbox))
                continue
            }
            guard let canonical = decode(id, format: format), let owner = owner(of: canonical, in: state.directory) else {
                messages.append(.error(.invalidIdMalformed))
                continue
            }
            let converted = encode(canonical, format: destination)
            messages.append(.success { payload in
                payload.element("m:AlternateId", [
                    "xmlns:xsi": EWSNamespace.xsi, "xsi:type": "t:AlternateIdType", "Format": destination, "Id": converted,
                    "Mailbox": owner.smtp,
                ])
            })
        }
        return messages
    }

    /// The formats whose ids name their mailbox.
    static let selfDescribing: Set<String> = ["EwsId", "EwsLegacyId", "OwaId"]

    /// The mailbox an EwsId of ours belongs to.
    private static func owner(of ewsID: String, in directory: MailboxDirectory) -> Mailbox? {
        let key = ItemReference(encoded: ewsID)?.mailbox ?? FolderReference(encoded: ewsID)?.mailbox
        return key.flatMap { directory.primary($0) }
    }

    /// The EwsId for an id in `format`, when it names one of our items or folders.
    private static func decode(_ id: String, format: String) -> String? {
        var ewsID: String?
        switch format {
        case "EntryId", "StoreId":
            ewsID = Data(base64Encoded: id).flatMap { String(data: $0, encoding: .utf8) }
        case "HexEntryId":
            var bytes: [UInt8] = []
            var index = id.startIndex
            while index < id.endIndex {
                let next = id.index(index, offsetBy: 2, limitedBy: id.endIndex) ?? id.endIndex
                guard let byte = UInt8(id[index..<next], radix: 16) else { return nil }
                bytes.append(byte)
                index = next
            }
            ewsID = String(bytes: bytes, encoding: .utf8)
        default:
            ewsID = id
        }
        guard let ewsID, ItemReference(encoded: ewsID) != nil || FolderReference(encoded: ewsID) != nil else { return nil }
        return ewsID
    }

    private static func encode(_ ewsID: String, format: String) -> String {
        switch format {
        case "EntryId", "StoreId": return Data(ewsID.utf8).base64EncodedString()
        case "HexEntryId": return ewsID.utf8.map { String(format: "%02X", $0) }.joined()
        default: return ewsID
        }
    }
}
