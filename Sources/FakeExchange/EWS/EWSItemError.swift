// EWSItemError: the per-item error channel (ResponseClass="Error" message, HTTP 200).

/// A per-item failure, rendered as one `ResponseClass="Error"` ResponseMessage while HTTP stays 200.
/// Clients must key on `code`; `text` is Exchange's English MessageText.
struct EWSItemError: Error, Sendable, Equatable {
    var code: String
    var text: String

    static let accessDenied = EWSItemError(code: "ErrorAccessDenied", text: "Access is denied. Check credentials and try again.")
    static let folderNotFound = EWSItemError(code: "ErrorFolderNotFound", text: "The specified folder could not be found in the store.")
    static let itemNotFound = EWSItemError(code: "ErrorItemNotFound", text: "The specified object was not found in the store.")
    static let nonExistentMailbox = EWSItemError(
        code: "ErrorNonExistentMailbox", text: "The SMTP address has no mailbox associated with it.")
    static let missingEmailAddress = EWSItemError(
        code: "ErrorMissingEmailAddress",
        text: "When making a request as an account that does not have a mailbox, you must specify the mailbox primary SMTP address for any distinguished folder Ids.")
    static let invalidIdMalformed = EWSItemError(code: "ErrorInvalidIdMalformed", text: "Id is malformed.")
    static let invalidSmtpAddress = EWSItemError(code: "ErrorInvalidSmtpAddress", text: "The SMTP address format is invalid.")
    static let nameResolutionNoResults = EWSItemError(code: "ErrorNameResolutionNoResults", text: "No results were found.")
    static let nameResolutionNoMailbox = EWSItemError(
        code: "ErrorNameResolutionNoMailbox", text: "The ResolveNames operation requires the caller to have a mailbox.")
    static let sendAsDenied = EWSItemError(
        code: "ErrorSendAsDenied", text: "The user account which was used to submit this request does not have the right to send mail on behalf of the specified sending account.")
    static let calendarEndBeforeStart = EWSItemError(
        code: "ErrorCalendarEndDateIsEarlierThanStartDate", text: "EndDate is earlier than StartDate")
    static let calendarViewRangeTooBig = EWSItemError(
        code: "ErrorCalendarViewRangeTooBig", text: "The time window specified is larger than the maximum allowed time window of 2 years.")
    static let calendarFolderInvalidForView = EWSItemError(
        code: "ErrorCalendarFolderIsInvalidForCalendarView", text: "The specified folder is not a calendar folder.")
    static let calendarDurationTooLong = EWSItemError(
        code: "ErrorCalendarDurationIsTooLong", text: "The duration of the calendar item is too long.")
    static let sendMeetingInvitationsRequired = EWSItemError(
        code: "ErrorSendMeetingInvitationsRequired", text: "SendMeetingInvitations attribute is required for Calendar items.")
    static let sendMeetingCancellationsRequired = EWSItemError(
        code: "ErrorSendMeetingCancellationsRequired", text: "SendMeetingCancellations attribute is required for Calendar items.")
    static let sendMeetingInvitationsOrCancellationsRequired = EWSItemError(
        code: "ErrorSendMeetingInvitationsOrCancellationsRequired",
        text: "The SendMeetingInvitationsOrCancellations attribute is required for calendar items.")
    static let messageDispositionRequired = EWSItemError(
        code: "ErrorMessageDispositionRequired", text: "MessageDisposition attribute is required.")
    static let irresolvableConflict = EWSItemError(
        code: "ErrorIrresolvableConflict", text: "The send or update operation could not be performed because the change key passed in the request does not match the current change key for the item.")
    static let invalidRecipients = EWSItemError(
        code: "ErrorInvalidRecipients", text: "At least one recipient isn't valid.")
    static let calendarOccurrenceIndexOutOfRange = EWSItemError(
        code: "ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange", text: "Occurrence index is out of recurrence range.")
    static let invalidOperation = EWSItemError(code: "ErrorInvalidOperation", text: "The operation is not valid for this item.")
}
