// CalendarField: the calendar item properties the fake serves, by FieldURI, in schema order.

/// Properties of `t:CalendarItem`, declared in the order of the ItemType and CalendarItemType
/// schema sequences (so `allCases` order is the order elements must be written in).
enum CalendarField: String, CaseIterable, Sendable {
    case mimeContent = "item:MimeContent"
    case itemId = "item:ItemId"
    case parentFolderId = "item:ParentFolderId"
    case itemClass = "item:ItemClass"
    case subject = "item:Subject"
    case sensitivity = "item:Sensitivity"
    case body = "item:Body"
    case dateTimeReceived = "item:DateTimeReceived"
    case size = "item:Size"
    case categories = "item:Categories"
    case importance = "item:Importance"
    case isSubmitted = "item:IsSubmitted"
    case isDraft = "item:IsDraft"
    case isFromMe = "item:IsFromMe"
    case isResend = "item:IsResend"
    case isUnmodified = "item:IsUnmodified"
    case dateTimeSent = "item:DateTimeSent"
    case dateTimeCreated = "item:DateTimeCreated"
    case reminderDueBy = "item:ReminderDueBy"
    case reminderIsSet = "item:ReminderIsSet"
    case reminderMinutesBeforeStart = "item:ReminderMinutesBeforeStart"
    case displayCc = "item:DisplayCc"
    case displayTo = "item:DisplayTo"
    case hasAttachments = "item:HasAttachments"
    case culture = "item:Culture"
    case effectiveRights = "item:EffectiveRights"
    case lastModifiedName = "item:LastModifiedName"
    case lastModifiedTime = "item:LastModifiedTime"
    case isAssociated = "item:IsAssociated"
    case webClientReadFormQueryString = "item:WebClientReadFormQueryString"
    case conversationId = "item:ConversationId"
    case textBody = "item:TextBody"
    case uid = "calendar:UID"
    case recurrenceId = "calendar:RecurrenceId"
    case dateTimeStamp = "calendar:DateTimeStamp"
    case start = "calendar:Start"
    case end = "calendar:End"
    case originalStart = "calendar:OriginalStart"
    case isAllDayEvent = "calendar:IsAllDayEvent"
    case legacyFreeBusyStatus = "calendar:LegacyFreeBusyStatus"
    case location = "calendar:Location"
    case isMeeting = "calendar:IsMeeting"
    case isCancelled = "calendar:IsCancelled"
    case isRecurring = "calendar:IsRecurring"
    case meetingRequestWasSent = "calendar:MeetingRequestWasSent"
    case isResponseRequested = "calendar:IsResponseRequested"
    case calendarItemType = "calendar:CalendarItemType"
    case myResponseType = "calendar:MyResponseType"
    case organizer = "calendar:Organizer"
    case requiredAttendees = "calendar:RequiredAttendees"
    case optionalAttendees = "calendar:OptionalAttendees"
    case resources = "calendar:Resources"
    case duration = "calendar:Duration"
    case timeZone = "calendar:TimeZone"
    case appointmentSequenceNumber = "calendar:AppointmentSequenceNumber"
    case appointmentState = "calendar:AppointmentState"
    case recurrence = "calendar:Recurrence"
    case firstOccurrence = "calendar:FirstOccurrence"
    case lastOccurrence = "calendar:LastOccurrence"
    case modifiedOccurrences = "calendar:ModifiedOccurrences"
    case deletedOccurrences = "calendar:DeletedOccurrences"
    case startTimeZone = "calendar:StartTimeZone"
    case endTimeZone = "calendar:EndTimeZone"
    case isOnlineMeeting = "calendar:IsOnlineMeeting"
    case isOrganizer = "calendar:IsOrganizer"  // Exchange 2013 and later

    /// What FindItem cannot return (bodies, recipient lists, MIME, recurrence details).
    static let notInFindItem: Set<CalendarField> = [
        .mimeContent, .body, .textBody, .requiredAttendees, .optionalAttendees, .resources, .recurrence,
        .firstOccurrence, .lastOccurrence, .modifiedOccurrences, .deletedOccurrences,
    ]

    /// BaseShape Default in FindItem.
    static let defaultFindSet: Set<CalendarField> = [
        .itemId, .parentFolderId, .itemClass, .subject, .sensitivity, .hasAttachments, .start, .end, .isAllDayEvent,
        .legacyFreeBusyStatus, .location, .isRecurring, .calendarItemType, .myResponseType, .organizer,
    ]

    /// BaseShape Default in GetItem.
    static let defaultGetSet: Set<CalendarField> = defaultFindSet.union([
        .body, .requiredAttendees, .optionalAttendees, .resources, .recurrence, .firstOccurrence, .lastOccurrence,
        .modifiedOccurrences, .deletedOccurrences, .displayTo, .displayCc,
    ])
}

extension CalendarField {
    /// True for the fields the ItemType sequence has after `ExtendedProperty` (Culture onwards).
    var comesAfterExtendedProperties: Bool { !Self.beforeExtendedProperties.contains(self) }

    /// MimeContent through HasAttachments: the fields before `ExtendedProperty` in schema order.
    private static let beforeExtendedProperties = Set(allCases.prefix { $0 != .culture })

    /// The element's local name (the FieldURI without its `item:`/`calendar:` part).
    var localName: String { String(rawValue.split(separator: ":").last ?? "") }
}
