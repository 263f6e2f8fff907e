// Prompts: the fixed sentences the voice dialog says (questions, help, faults, account states), in en-US.

/// Fixed speech, word for word. The elicitation prompts are also in the interaction model
/// (`skill-package/interactionModels/custom/en-US.json`); keep both the same.
public enum Prompts {
    // Asking for a missing slot of AddEventIntent.
    public static let askTitle = "What's the event?"
    public static let askDate = "What day?"
    public static let askTime = "What time?"
    /// A move without a new time.
    public static let askNewTime = "What time should I move it to?"
    /// An event's length, when asked.
    public static let askDuration = "For how long?"
    /// A confirmation asked again.
    public static let askConfirmation = "Should I go ahead?"
    /// A move or cancel that named neither a time nor a title.
    public static let askWhichEvent = "Which event? Tell me its time or its name."

    // Sessions.
    public static let welcome = "Welcome to your calendar. You can ask what's on your calendar today, or what your next meeting is. What would you like to do?"
    public static let help = "You can ask what's on your calendar today, tomorrow, or this week, ask what your next meeting is, or say, add lunch with Sam to my calendar on Friday at noon. You can also move or cancel a meeting. What would you like to do?"
    public static let reprompt = "What would you like to do?"
    public static let notUnderstood = "Sorry, I didn't get that. You can ask what's on your calendar today, or what your next meeting is. What would you like to do?"
    public static let goodbye = "Goodbye."

    // Answers to "no" at a confirmation, and to a search that found nothing.
    public static let notAdded = "OK, I won't add it."
    public static let notMoved = "OK, I won't move it."
    public static let notCanceled = "OK, I won't cancel it."
    public static let eventNotFound = "I couldn't find that event on your calendar."

    // Faults and account states: spoken answers, never HTTP errors.
    public static let calendarUnreachable = "Sorry, I can't reach your calendar right now."
    public static let calendarAccessDenied = "Sorry, I can't open your calendar: your organization's Exchange account no longer has access to it. Please contact your administrator."
    public static let notEnrolled = "You're not set up to use this calendar yet. Ask your administrator for an invitation."
    public static let calendarNotLinked = "Your calendar isn't linked yet. To link it, link Microsoft Exchange in the Alexa app under Settings, Calendar."
    public static let organizationNotLinked = "Your organization hasn't linked its Microsoft Exchange calendars yet. Please contact your administrator."
    /// A room's request ("is this room free") from a device that is not placed in a room.
    public static let notARoomDevice = "This device isn't set up in a meeting room. Your administrator can place it in one; then ask about this room."

    // Meeting rooms.
    public static let roomWelcome = "This is the room's calendar. You can ask if this room is free, when it's free, what's on its calendar today, or say, book this room for 30 minutes. What would you like to do?"
    public static let roomHelp = "In this room you can ask: is this room free, is this room free at 3 PM, when is this room free, what's on this room's calendar today, book this room for 30 minutes, or end this meeting. What would you like to do?"
    public static let roomNotUnderstood = "Sorry, I didn't get that. You can ask if this room is free, or say, book this room for 30 minutes. What would you like to do?"
    public static let roomNotBooked = "OK, I won't book it."
    public static let roomCalendarNotLinked = "This room isn't linked to a calendar yet. Please ask your administrator to set its Exchange room mailbox."
    public static let roomCalendarUnreachable = "Sorry, I can't reach this room's calendar right now."
    public static let roomCalendarAccessDenied = "Sorry, I can't open this room's calendar: your organization's Exchange account no longer has access to it. Please contact your administrator."

    public static let credentialsRejected = "Your organization's calendar connection isn't working: its Exchange service account password has expired or was rejected. Please contact your administrator."
}
