// MAPIProperties: the MAPI properties folders and calendar items have, by tag or name, as real clients ask
// for them through ExtendedFieldURI (DavMail's ETag, ctag, URL names and container classes among them).
import Foundation

/// The computed MAPI properties of folders and items. A property asked for with a type it does not
/// have, or one the object does not have, is simply absent from the answer, as on Exchange.
enum MAPIProperties {
    // Tagged property ids (MS-OXPROPS).
    static let messageClass: UInt16 = 0x001A  // PR_MESSAGE_CLASS
    static let subject: UInt16 = 0x0037  // PR_SUBJECT
    static let messageDeliveryTime: UInt16 = 0x0E06  // PR_MESSAGE_DELIVERY_TIME
    static let messageFlags: UInt16 = 0x0E07  // PR_MESSAGE_FLAGS
    static let messageSize: UInt16 = 0x0E08  // PR_MESSAGE_SIZE
    static let internetArticleNumber: UInt16 = 0x0E23  // PR_INTERNET_ARTICLE_NUMBER
    static let recordKey: UInt16 = 0x0FF9  // PR_RECORD_KEY
    static let urlCompName: UInt16 = 0x10F3  // PR_URL_COMP_NAME
    static let displayName: UInt16 = 0x3001  // PR_DISPLAY_NAME
    static let creationTime: UInt16 = 0x3007  // PR_CREATION_TIME
    static let lastModificationTime: UInt16 = 0x3008  // PR_LAST_MODIFICATION_TIME
    static let contentCount: UInt16 = 0x3602  // PR_CONTENT_COUNT
    static let contentUnread: UInt16 = 0x3603  // PR_CONTENT_UNREAD
    static let subfolders: UInt16 = 0x360A  // PR_SUBFOLDERS
    static let containerClass: UInt16 = 0x3613  // PR_CONTAINER_CLASS
    static let articleNumberNext: UInt16 = 0x6751  // PR_ARTICLE_NUM_NEXT
    static let imapLastArticleID: UInt16 = 0x6752  // PR_IMAP_LAST_ARTICLE_ID
    static let localCommitTimeMax: UInt16 = 0x670A  // PR_LOCAL_COMMIT_TIME_MAX
    static let flatURLName: UInt16 = 0x670E  // PR_FLAT_URL_NAME
    static let body: UInt16 = 0x1000  // PR_BODY

    /// PublicStrings `Keywords`: the item's categories as a MAPI property.
    static let keywords = ExtendedFieldURI(set: "PublicStrings", name: "Keywords", type: "StringArray")

    /// MAPI properties that are another name for an item field: setting one sets the field, and
    /// reading one reads it (DavMail updates subjects as 0x37 and descriptions as 0x1000).
    static func fieldAlias(of uri: ExtendedFieldURI) -> String? {
        switch (uri.identity, uri.type) {
        case (.tag(subject), "String"): return "item:Subject"
        case (.tag(body), "String"): return "item:Body"
        case (keywords.identity, "StringArray"): return "item:Categories"
        default: return nil
        }
    }

    /// PublicStrings `urn:schemas:calendar:instancetype`: 0 single, 1 master, 2 occurrence, 3 exception.
    static let instanceType = ExtendedFieldURI(set: "PublicStrings", name: "urn:schemas:calendar:instancetype", type: "Integer")

    /// Properties the fake computes from the item (all `value(_:of:)` serves but the URL name and
    /// the aliases): a client may read them but not set them (ErrorInvalidPropertySet), so that a
    /// stored value can never contradict the item's own fields.
    static let readOnlyItemProperties: Set<ExtendedFieldURI.Identity> = Set([
        .tag(messageClass), .tag(messageDeliveryTime), .tag(messageFlags), .tag(messageSize), .tag(internetArticleNumber),
        .tag(recordKey), .tag(creationTime), .tag(lastModificationTime), .tag(flatURLName), instanceType.identity,
    ] + appointmentPropertyIDs.map { ExtendedFieldURI.Identity.id(set: "Appointment", id: $0) })

    /// The PSETID_Appointment properties `appointmentProperty` computes.
    static let appointmentPropertyIDs: [Int] = [0x8223, 0x8215, 0x8205, 0x820D, 0x820E, 0x8208]

    /// ErrorInvalidPropertySet when one of `uris` is a property the store computes.
    static func checkSettable(_ uris: [ExtendedFieldURI]) -> EWSItemError? {
        guard let readOnly = uris.first(where: { readOnlyItemProperties.contains($0.identity) }) else { return nil }
        return EWSItemError(
            code: "ErrorInvalidPropertySet", text: "The property \(readOnly.description) is computed by the store and cannot be set.")
    }

    /// A calendar item's property, or nil when the item does not have it with that type. Values a
    /// client stored (SetItemField, CreateItem) come first, except for the store's own.
    static func value(_ uri: ExtendedFieldURI, of item: CalendarItemInstance) -> ExtendedValue? {
        let event = item.event
        if !readOnlyItemProperties.contains(uri.identity), let stored = event.extendedProperties[uri] { return stored }
        if uri == keywords { return item.event.categories.isEmpty ? nil : .multiple(item.event.categories) }
        if uri == instanceType {
            switch item.type {
            case .single: return .single("0")
            case .master: return .single("1")
            case .occurrence: return .single("2")
            case .exception: return .single("3")
            }
        }
        if case let .id("Appointment", id) = uri.identity { return appointmentProperty(id, type: uri.type, of: item) }
        guard case let .tag(tag) = uri.identity else { return nil }
        switch (tag, uri.type) {
        case (messageClass, "String"): return .single(item.itemClass)
        case (subject, "String"): return .single(item.subject)
        case (body, "String"): return .single(item.body)
        case (messageDeliveryTime, "SystemTime"), (creationTime, "SystemTime"): return .single(EWSDateTime.format(event.created))
        case (messageFlags, "Integer"): return .single("1")  // MSGFLAG_READ
        case (messageSize, "Integer"): return .single(String(1024 + item.subject.utf8.count + item.body.utf8.count))
        case (internetArticleNumber, "Integer"): return .single(String(event.number))
        case (recordKey, "Binary"): return .single(Data("FXRK\u{1}\(item.owner.key)\u{1}\(event.number)".utf8).base64EncodedString())
        case (urlCompName, "String"): return .single(event.urlName)
        case (lastModificationTime, "SystemTime"): return .single(EWSDateTime.format(event.lastModified))
        default: return nil
        }
    }

    /// PSETID_Appointment properties by id (MS-OXPROPS), as DavMail filters calendars on them.
    private static func appointmentProperty(_ id: Int, type: String, of item: CalendarItemInstance) -> ExtendedValue? {
        switch (id, type) {
        case (0x8223, "Boolean"): return .single(String(item.event.recurrence != nil))  // PidLidRecurring
        case (0x8215, "Boolean"): return .single(String(item.event.isAllDay))  // PidLidAppointmentSubType
        case (0x8205, "Integer"):  // PidLidBusyStatus: olFree 0, olTentative 1, olBusy 2, olOutOfOffice 3, olWorkingElsewhere 4
            let codes = ["Free": "0", "Tentative": "1", "Busy": "2", "OOF": "3", "WorkingElsewhere": "4"]
            return codes[item.freeBusy].map { .single($0) }
        case (0x820D, "SystemTime"): return .single(EWSDateTime.format(item.start))  // PidLidAppointmentStartWhole
        case (0x820E, "SystemTime"): return .single(EWSDateTime.format(item.end))  // PidLidAppointmentEndWhole
        case (0x8208, "String"): return .single(item.location)  // PidLidLocation
        default: return nil
        }
    }

    /// A folder's property, or nil when the folder does not have it with that type.
    static func value(_ uri: ExtendedFieldURI, of target: FolderTarget, state: ExchangeState) -> ExtendedValue? {
        guard case let .tag(tag) = uri.identity, let folder = state.folderInfo(target) else { return nil }
        let events = state.items(in: target)
        switch (tag, uri.type) {
        case (displayName, "String"), (urlCompName, "String"): return .single(folder.displayName)
        case (containerClass, "String"): return folder.folderClass.map { .single($0) }
        case (lastModificationTime, "SystemTime"), (localCommitTimeMax, "SystemTime"):
            return .single(EWSDateTime.format(state.lastChange(of: target)))
        case (contentCount, "Integer"): return .single(String(state.totalCount(of: target)))
        case (contentUnread, "Integer"): return .single("0")
        case (subfolders, "Boolean"): return .single(String(folder.childFolderCount > 0))
        // Item numbers are allocated server-wide and never reused, so the next one never goes down.
        case (articleNumberNext, "Integer"): return .single(String(state.nextNumber))
        case (imapLastArticleID, "Integer"): return .single(String(events.map(\.number).max() ?? 0))
        default: return nil
        }
    }
}
