// ItemOperationTests: GetItem, CreateItem, UpdateItem and DeleteItem, including occurrences and delegate rights.
import Foundation
import Testing

@testable import FakeExchange

/// Helpers for item round trips.
private func itemIDs(_ answer: Answer, message: Int = 0) -> [String] {
    let items = answer.messages[message].firstChild(NS.m, "RootFolder")?.firstChild(NS.t, "Items")?.children
        ?? answer.messages[message].firstChild(NS.m, "Items")?.children ?? []
    return items.compactMap { $0.firstChild(NS.t, "ItemId")?.attribute("Id") }
}

private func getItemBody(_ ids: [String], shape: String = "AllProperties", fields: [String] = []) -> String {
    let extra = fields.isEmpty ? "" : "<t:AdditionalProperties>" + fields.map { #"<t:FieldURI FieldURI="\#($0)"/>"# }.joined() + "</t:AdditionalProperties>"
    return "<m:GetItem><m:ItemShape><t:BaseShape>\(shape)</t:BaseShape>\(extra)</m:ItemShape><m:ItemIds>"
        + ids.map { #"<t:ItemId Id="\#($0)"/>"# }.joined() + "</m:ItemIds></m:GetItem>"
}

private func createCalendarItemBody(
    subject: String = "Dentist", start: String = "2026-11-27T14:00:00Z", end: String = "2026-11-27T15:00:00Z",
    invitations: String? = "SendToNone", mailbox: String? = nil, attendees: [String] = [], extra: String = ""
) -> String {
    let invitationAttribute = invitations.map { #" SendMeetingInvitations="\#($0)""# } ?? ""
    let folder = mailbox.map { "<m:SavedItemFolderId>\(distinguished("calendar", mailbox: $0))</m:SavedItemFolderId>" } ?? ""
    let required = attendees.isEmpty ? "" : "<t:RequiredAttendees>" + attendees.map {
        "<t:Attendee><t:Mailbox><t:EmailAddress>\($0)</t:EmailAddress></t:Mailbox><t:ResponseType>Accept</t:ResponseType></t:Attendee>"
    }.joined() + "</t:RequiredAttendees>"
    return """
        <m:CreateItem MessageDisposition="SaveOnly"\(invitationAttribute)>\(folder)<m:Items><t:CalendarItem><t:Subject>\(subject)</t:Subject><t:Sensitivity>Normal</t:Sensitivity><t:Body BodyType="Text">Bring the card.</t:Body><t:Importance>Normal</t:Importance><t:ReminderIsSet>0</t:ReminderIsSet><t:ReminderMinutesBeforeStart>0</t:ReminderMinutesBeforeStart><t:Start>\(start)</t:Start><t:End>\(end)</t:End><t:IsAllDayEvent>0</t:IsAllDayEvent><t:LegacyFreeBusyStatus>Busy</t:LegacyFreeBusyStatus><t:Location>Main Street 1</t:Location>\(required)\(extra)</t:CalendarItem></m:Items></m:CreateItem>
        """
}

private func events(_ fake: FakeExchange, _ mailbox: String) throws -> [[String: Any]] {
    let response = fake.handle(FakeHTTPRequest(method: "GET", path: "/_fake/mailboxes/\(mailbox)/events"))
    return try #require(try JSONSerialization.jsonObject(with: response.body) as? [[String: Any]])
}

@Suite struct GetItemTests {
    @Test func oneMessagePerIdInOrderWithPerItemErrors() throws {
        let fake = try makeFake()
        let view = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-11-27T00:00:00Z"))))
        let ids = itemIDs(view)
        #expect(ids.count == 4)
        let missing = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 999).encoded
        let answer = try Answer(post(fake, envelope(getItemBody([ids[2], missing, "not-an-id", ids[0]]))))
        #expect(answer.response.status == 200)
        #expect(answer.messages.map { $0.firstChild(NS.m, "ResponseCode")?.text } == [
            "NoError", "ErrorItemNotFound", "ErrorInvalidIdMalformed", "NoError",
        ])
        #expect(answer.messages[0].firstChild(NS.m, "Items")?.children.first?.firstChild(NS.t, "Subject")?.text == "Dentist")
        #expect(answer.messages[1].firstChild(NS.m, "Items") != nil)
    }

    @Test func masterCarriesItsPatternAndOccurrenceItsRecurrenceId() throws {
        let fake = try makeFake()
        let view = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-30T00:00:00Z", end: "2026-12-01T00:00:00Z"))))
        let occurrenceID = try #require(itemIDs(view).first)
        let body = #"<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="\#(occurrenceID)"/><t:RecurringMasterItemId OccurrenceId="\#(occurrenceID)"/></m:ItemIds></m:GetItem>"#
        let answer = try Answer(post(fake, envelope(body)))
        let occurrence = try #require(answer.messages[0].firstChild(NS.m, "Items")?.children.first)
        let master = try #require(answer.messages[1].firstChild(NS.m, "Items")?.children.first)
        #expect(occurrence.firstChild(NS.t, "CalendarItemType")?.text == "Occurrence")
        #expect(occurrence.firstChild(NS.t, "RecurrenceId")?.text == "2026-11-30T14:00:00Z")
        #expect(occurrence.firstChild(NS.t, "Recurrence") == nil)
        #expect(master.firstChild(NS.t, "CalendarItemType")?.text == "RecurringMaster")
        #expect(master.firstChild(NS.t, "IsRecurring")?.text == "false")
        let weekly = master.firstChild(NS.t, "Recurrence")?.firstChild(NS.t, "WeeklyRecurrence")
        #expect(weekly?.firstChild(NS.t, "DaysOfWeek")?.text == "Monday Wednesday")
        #expect(master.descendant([(NS.t, "Recurrence"), (NS.t, "NumberedRecurrence"), (NS.t, "NumberOfOccurrences")])?.text == "10")
        #expect(master.descendant([(NS.t, "FirstOccurrence"), (NS.t, "Start")])?.text == "2026-11-25T14:00:00Z")
        #expect(master.descendant([(NS.t, "LastOccurrence"), (NS.t, "Start")])?.text == "2026-12-28T14:00:00Z")
        #expect(occurrence.firstChild(NS.t, "UID")?.text == master.firstChild(NS.t, "UID")?.text)
        #expect(occurrence.firstChild(NS.t, "ItemId")?.attribute("Id") != master.firstChild(NS.t, "ItemId")?.attribute("Id"))
    }

    @Test func occurrenceItemIdByInstanceIndex() throws {
        let fake = try makeFake()
        let masterID = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 1).encoded
        let body = #"<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:Start"/></t:AdditionalProperties></m:ItemShape><m:ItemIds><t:OccurrenceItemId RecurringMasterId="\#(masterID)" InstanceIndex="3"/><t:OccurrenceItemId RecurringMasterId="\#(masterID)" InstanceIndex="11"/></m:ItemIds></m:GetItem>"#
        let answer = try Answer(post(fake, envelope(body)))
        #expect(answer.messages[0].descendant([(NS.m, "Items"), (NS.t, "CalendarItem"), (NS.t, "Start")])?.text == "2026-12-02T14:00:00Z")
        #expect(answer.code(1) == "ErrorCalendarOccurrenceIndexIsOutOfRecurrenceRange")
    }

    @Test func nonASCIITextSurvives() throws {
        let fake = try makeFake()
        let view = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-25T09:00:00Z", end: "2026-11-25T09:30:00Z"))))
        #expect(viewItems(view).first?.subject == "Café & <Planung> 👋🏼 日本語")
    }

    @Test func unreadableItemIsHidden() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        let answer = try Answer(post(fake, envelope(getItemBody([id])), user: "carol@contoso.com", password: "carol-secret"))
        #expect(answer.code() == "ErrorItemNotFound")
        let reviewer = try Answer(post(fake, envelope(getItemBody([id])), user: "bob@contoso.com", password: "bob-secret"))
        #expect(reviewer.responseClass() == "Success")
    }
}

@Suite struct CreateItemTests {
    @Test func createdItemIsStoredAndVisible() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(createCalendarItemBody())))
        #expect(answer.responseClass() == "Success")
        let id = try #require(itemIDs(answer).first)
        #expect(answer.messages[0].descendant([(NS.m, "Items"), (NS.t, "CalendarItem"), (NS.t, "ItemId")])?.attribute("ChangeKey") != nil)
        let stored = try events(fake, "alice@contoso.com")
        let created = try #require(stored.first { $0["id"] as? String == id })
        #expect(created["subject"] as? String == "Dentist")
        #expect(created["start"] as? String == "2026-11-27T14:00:00Z")
        #expect(created["organizer"] as? String == "alice@contoso.com")
        #expect(created["recurrence"] is NSNull)
    }

    @Test func missingSendMeetingInvitationsIsAPerItemError() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(createCalendarItemBody(invitations: nil))))
        #expect(answer.response.status == 200)
        #expect(answer.code() == "ErrorSendMeetingInvitationsRequired")
    }

    @Test func invitationsAreRecordedAsSent() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(createCalendarItemBody(
            subject: "Planning", invitations: "SendToAllAndSaveCopy", attendees: ["bob@contoso.com", "partner@fabrikam.com"]))))
        #expect(answer.responseClass() == "Success")
        let sent = fake.sentMail
        #expect(sent.count == 1)
        #expect(sent.first?.kind == .invitation)
        #expect(sent.first?.from == "alice@contoso.com")
        #expect(sent.first?.to == ["bob@contoso.com", "partner@fabrikam.com"])
        let json = fake.handle(FakeHTTPRequest(method: "GET", path: "/_fake/sent"))
        let list = try #require(try JSONSerialization.jsonObject(with: json.body) as? [[String: Any]])
        #expect(list.first?["kind"] as? String == "invitation")
        #expect(list.first?["subject"] as? String == "Planning")
        #expect((list.first?["when"] as? String)?.hasSuffix("Z") == true)
    }

    @Test func delegateNeedsSendAsToInvite() throws {
        let fake = try makeFake()
        // svc-full has Editor + Send As on Alice.
        let alice = try Answer(post(fake, envelope(createCalendarItemBody(
            invitations: "SendToAllAndSaveCopy", mailbox: "alice@contoso.com", attendees: ["carol@contoso.com"])),
            user: "svc-full@contoso.com", password: "full-secret"))
        #expect(alice.responseClass() == "Success")
        #expect(fake.sentMail.last?.from == "alice@contoso.com")
        #expect(fake.sentMail.last?.sentBy == "svc-full@contoso.com")
        // svc-author may create in Alice's calendar but has no Send As.
        let author = try Answer(post(fake, envelope(createCalendarItemBody(
            invitations: "SendToAllAndSaveCopy", mailbox: "alice@contoso.com", attendees: ["carol@contoso.com"])),
            user: "svc-author@contoso.com", password: "author-secret"))
        #expect(author.code() == "ErrorSendAsDenied")
        let quiet = try Answer(post(fake, envelope(createCalendarItemBody(mailbox: "alice@contoso.com")),
                                    user: "svc-author@contoso.com", password: "author-secret"))
        #expect(quiet.responseClass() == "Success")
    }

    @Test func reviewerCannotCreateAndStrangerCannotSeeTheFolder() throws {
        let fake = try makeFake()
        let reviewer = try Answer(post(fake, envelope(createCalendarItemBody(mailbox: "alice@contoso.com")), user: "bob@contoso.com", password: "bob-secret"))
        #expect(reviewer.code() == "ErrorAccessDenied")
        let stranger = try Answer(post(fake, envelope(createCalendarItemBody(mailbox: "alice@contoso.com")), user: "carol@contoso.com", password: "carol-secret"))
        #expect(stranger.code() == "ErrorFolderNotFound")
    }

    @Test func endBeforeStartIsAPerItemError() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(createCalendarItemBody(start: "2026-11-27T15:00:00Z", end: "2026-11-27T14:00:00Z"))))
        #expect(answer.code() == "ErrorCalendarEndDateIsEarlierThanStartDate")
    }

    @Test func startTimeZoneInterpretsNaiveTimesAndPinsAllDay() throws {
        let fake = try makeFake()
        let zones = #"<t:StartTimeZone Id="W. Europe Standard Time"/><t:EndTimeZone Id="W. Europe Standard Time"/>"#
        let answer = try Answer(post(fake, envelope(createCalendarItemBody(
            subject: "Berlin", start: "2026-11-27T10:00:00", end: "2026-11-27T11:00:00", extra: zones))))
        let id = try #require(itemIDs(answer).first)
        let stored = try #require(try events(fake, "alice@contoso.com").first { $0["id"] as? String == id })
        #expect(stored["start"] as? String == "2026-11-27T09:00:00Z")
        let allDay = createCalendarItemBody(subject: "Holiday", start: "2026-11-27T10:00:00Z", end: "2026-11-27T11:00:00Z", extra: zones)
            .replacingOccurrences(of: "<t:IsAllDayEvent>0</t:IsAllDayEvent>", with: "<t:IsAllDayEvent>true</t:IsAllDayEvent>")
        let allDayAnswer = try Answer(post(fake, envelope(allDay)))
        let allDayID = try #require(itemIDs(allDayAnswer).first)
        let holiday = try #require(try events(fake, "alice@contoso.com").first { $0["id"] as? String == allDayID })
        #expect(holiday["start"] as? String == "2026-11-26T23:00:00Z")
        #expect(holiday["end"] as? String == "2026-11-27T23:00:00Z")
        #expect(holiday["isAllDay"] as? Bool == true)
    }

    @Test func recurringCreateIsExpanded() throws {
        let fake = try makeFake()
        let recurrence = "<t:Recurrence><t:DailyRecurrence><t:Interval>2</t:Interval></t:DailyRecurrence><t:NumberedRecurrence><t:StartDate>2026-12-01Z</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence>"
        let answer = try Answer(post(fake, envelope(createCalendarItemBody(
            subject: "Every other day", start: "2026-12-01T08:00:00Z", end: "2026-12-01T08:30:00Z", extra: recurrence))))
        #expect(answer.responseClass() == "Success")
        let view = try Answer(post(fake, envelope(calendarViewBody(start: "2026-12-01T00:00:00Z", end: "2026-12-10T00:00:00Z"))))
        #expect(viewItems(view).filter { $0.subject == "Every other day" }.map(\.start) == [
            "2026-12-01T08:00:00Z", "2026-12-03T08:00:00Z", "2026-12-05T08:00:00Z",
        ])
    }

    @Test func sendAndSaveCopyMessageIsRecordedAndAnswersEmptyItems() throws {
        let fake = try makeFake()
        let body = #"<m:CreateItem MessageDisposition="SendAndSaveCopy" SendMeetingInvitations="SendToNone"><m:SavedItemFolderId>\#(distinguished("sentitems", mailbox: "svc@contoso.com"))</m:SavedItemFolderId><m:Items><t:Message><t:Subject>Calendar link: 2 users failed</t:Subject><t:Body BodyType="Text">alice: denied</t:Body><t:ToRecipients><t:Mailbox><t:EmailAddress>svc@contoso.com</t:EmailAddress></t:Mailbox></t:ToRecipients></t:Message></m:Items></m:CreateItem>"#
        let answer = try Answer(post(fake, envelope(body), user: "svc@contoso.com", password: "svc-secret"))
        #expect(answer.responseClass() == "Success")
        #expect(answer.messages[0].firstChild(NS.m, "Items")?.children.isEmpty == true)
        #expect(fake.sentMail.map(\.kind) == [.mail])
        #expect(fake.sentMail.first?.from == "svc@contoso.com")
        #expect(fake.sentMail.first?.body == "alice: denied")
        // The fake keeps no drafts, and a property it does not send with is refused by name.
        let draft = body.replacingOccurrences(of: #"MessageDisposition="SendAndSaveCopy""#, with: #"MessageDisposition="SaveOnly""#)
        #expect(try Answer(post(fake, envelope(draft), user: "svc@contoso.com", password: "svc-secret")).code() == "ErrorInvalidOperation")
        let flagged = body.replacingOccurrences(of: "</t:Message>", with: "<t:IsReadReceiptRequested>true</t:IsReadReceiptRequested></t:Message>")
        let refused = try Answer(post(fake, envelope(flagged), user: "svc@contoso.com", password: "svc-secret"))
        #expect(refused.fault?.firstChild(nil, "faultstring")?.text.contains("IsReadReceiptRequested") == true)
        #expect(fake.sentMail.count == 1)
        // Sending from Alice's mailbox needs Send As on it.
        let asAlice = body.replacingOccurrences(of: "sentitems\"><t:Mailbox><t:EmailAddress>svc@", with: "sentitems\"><t:Mailbox><t:EmailAddress>alice@")
        let denied = try Answer(post(fake, envelope(asAlice), user: "svc-author@contoso.com", password: "author-secret"))
        #expect(denied.code() == "ErrorSendAsDenied")
        let missing = try Answer(post(fake, envelope(body.replacingOccurrences(of: #" MessageDisposition="SendAndSaveCopy""#, with: "")),
                                      user: "svc@contoso.com", password: "svc-secret"))
        #expect(missing.code() == "ErrorMessageDispositionRequired")
    }
}

@Suite struct UpdateAndDeleteTests {
    private func updateBody(_ id: String, start: String, end: String, conflict: String = "AlwaysOverwrite", changeKey: String? = nil) -> String {
        let key = changeKey.map { #" ChangeKey="\#($0)""# } ?? ""
        return #"<m:UpdateItem ConflictResolution="\#(conflict)" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="\#(id)"\#(key)/><t:Updates><t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>\#(start)</t:Start></t:CalendarItem></t:SetItemField><t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>\#(end)</t:End></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>"#
    }

    private func deleteBody(_ id: String, cancellations: String? = "SendToNone") -> String {
        let attribute = cancellations.map { #" SendMeetingCancellations="\#($0)""# } ?? ""
        return #"<m:DeleteItem DeleteType="MoveToDeletedItems"\#(attribute)><m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds></m:DeleteItem>"#
    }

    @Test func movingAnItemChangesStartEndAndChangeKey() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        let answer = try Answer(post(fake, envelope(updateBody(id, start: "2026-11-26T18:00:00Z", end: "2026-11-26T19:00:00Z"))))
        #expect(answer.responseClass() == "Success")
        #expect(answer.messages[0].firstChild(NS.m, "ConflictResults")?.firstChild(NS.t, "Count")?.text == "0")
        let newKey = answer.messages[0].descendant([(NS.m, "Items"), (NS.t, "CalendarItem"), (NS.t, "ItemId")])?.attribute("ChangeKey")
        #expect(newKey == ItemReference.changeKey(2))
        let stored = try #require(try events(fake, "alice@contoso.com").first { $0["id"] as? String == id })
        #expect(stored["start"] as? String == "2026-11-26T18:00:00Z")
        // A stale ChangeKey with NeverOverwrite is a conflict.
        let stale = try Answer(post(fake, envelope(updateBody(id, start: "2026-11-26T20:00:00Z", end: "2026-11-26T21:00:00Z",
                                                              conflict: "NeverOverwrite", changeKey: ItemReference.changeKey(1)))))
        #expect(stale.code() == "ErrorIrresolvableConflict")
    }

    @Test func movingAnOccurrenceMakesAnException() throws {
        let fake = try makeFake()
        let view = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-30T00:00:00Z", end: "2026-12-01T00:00:00Z"))))
        let occurrenceID = try #require(itemIDs(view).first)
        let answer = try Answer(post(fake, envelope(updateBody(occurrenceID, start: "2026-11-30T16:00:00Z", end: "2026-11-30T16:30:00Z"))))
        #expect(answer.responseClass() == "Success")
        let after = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-30T00:00:00Z", end: "2026-12-03T00:00:00Z"))))
        let items = viewItems(after)
        #expect(items.map(\.type) == ["Exception", "Occurrence"])
        #expect(items.map(\.start) == ["2026-11-30T16:00:00Z", "2026-12-02T14:00:00Z"])
        let stored = try #require(try events(fake, "alice@contoso.com").first { $0["subject"] as? String == "Standup" })
        #expect((stored["modifiedOccurrences"] as? [Any])?.count == 1)
    }

    /// "ErrorSendMeetingInvitationsOrCancellationsRequired: returned by UpdateItem if the attribute is
    /// missing and the item to update is a calendar item" (responsecode.md).
    @Test func missingSendMeetingInvitationsOrCancellationsIsAPerItemError() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        let body = updateBody(id, start: "2026-11-26T18:00:00Z", end: "2026-11-26T19:00:00Z")
            .replacingOccurrences(of: #" SendMeetingInvitationsOrCancellations="SendToNone""#, with: "")
        let answer = try Answer(post(fake, envelope(body)))
        #expect(answer.response.status == 200)
        #expect(answer.responseClass() == "Error")
        #expect(answer.code() == "ErrorSendMeetingInvitationsOrCancellationsRequired")
        let stored = try #require(try events(fake, "alice@contoso.com").first { $0["id"] as? String == id })
        #expect(stored["start"] as? String == "2026-11-26T16:00:00Z")
    }

    @Test func authorCannotUpdateOrDelete() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        let update = try Answer(post(fake, envelope(updateBody(id, start: "2026-11-26T18:00:00Z", end: "2026-11-26T19:00:00Z")),
                                     user: "svc-author@contoso.com", password: "author-secret"))
        #expect(update.code() == "ErrorAccessDenied")
        let delete = try Answer(post(fake, envelope(deleteBody(id)), user: "svc-author@contoso.com", password: "author-secret"))
        #expect(delete.code() == "ErrorAccessDenied")
        let editor = try Answer(post(fake, envelope(deleteBody(id)), user: "svc-full@contoso.com", password: "full-secret"))
        #expect(editor.responseClass() == "Success")
    }

    @Test func deletingAnOccurrenceRemovesOnlyIt() throws {
        let fake = try makeFake()
        let view = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-30T00:00:00Z", end: "2026-12-01T00:00:00Z"))))
        let occurrenceID = try #require(itemIDs(view).first)
        #expect(try Answer(post(fake, envelope(deleteBody(occurrenceID)))).responseClass() == "Success")
        let after = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-12-03T00:00:00Z"))))
        #expect(viewItems(after).filter { $0.subject == "Standup" }.map(\.start) == ["2026-11-25T14:00:00Z", "2026-12-02T14:00:00Z"])
        // The deleted occurrence is gone for GetItem too.
        let again = try Answer(post(fake, envelope(getItemBody([occurrenceID]))))
        #expect(again.code() == "ErrorItemNotFound")
    }

    @Test func deletingAMeetingSendsCancellations() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 4).encoded
        let missing = try Answer(post(fake, envelope(deleteBody(id, cancellations: nil))))
        #expect(missing.code() == "ErrorSendMeetingCancellationsRequired")
        let answer = try Answer(post(fake, envelope(deleteBody(id, cancellations: "SendToAllAndSaveCopy"))))
        #expect(answer.responseClass() == "Success")
        #expect(fake.sentMail.map(\.kind) == [.cancellation])
        #expect(fake.sentMail.first?.to == ["bob@contoso.com", "external@fabrikam.com"])
        #expect(try events(fake, "alice@contoso.com").allSatisfy { $0["id"] as? String != id })
        let gone = try Answer(post(fake, envelope(deleteBody(id))))
        #expect(gone.response.status == 200)
        #expect(gone.responseClass() == "Error")
        #expect(gone.code() == "ErrorItemNotFound")
    }
}
