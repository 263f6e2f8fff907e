// DavMailRequestTests: the requests DavMail 6.0.1 sends in EWS mode (captured on the wire against the
// fake, CalDAV login, listing, PUT and DELETE), each answered as Exchange answers it.
import Foundation
import Testing
import XMLSupport

@testable import FakeExchange

/// DavMail's envelope: `soap:`, `t:` and `m:` on the envelope, RequestServerVersion Exchange2013_SP1.
func davmail(_ body: String) -> String {
    #"<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages"><soap:Header><t:RequestServerVersion Version="Exchange2013_SP1"/></soap:Header><soap:Body>"#
        + body + "</soap:Body></soap:Envelope>"
}

/// The folder properties DavMail asks for on every folder (its `FOLDER_PROPERTIES`).
let davmailFolderProperties = #"<t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0x3008" PropertyType="SystemTime"/><t:ExtendedFieldURI PropertyTag="0x3613" PropertyType="String"/><t:ExtendedFieldURI PropertyTag="0x6751" PropertyType="Integer"/><t:FieldURI FieldURI="folder:DisplayName"/><t:ExtendedFieldURI PropertyTag="0x3602" PropertyType="Integer"/><t:ExtendedFieldURI PropertyTag="0x670a" PropertyType="SystemTime"/><t:ExtendedFieldURI PropertyTag="0x6752" PropertyType="Integer"/><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/><t:ExtendedFieldURI PropertyTag="0x3603" PropertyType="Integer"/><t:ExtendedFieldURI PropertyTag="0x360a" PropertyType="Boolean"/></t:AdditionalProperties>"#

/// The item properties DavMail lists a calendar with.
let davmailItemProperties = #"<t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0x3001" PropertyType="String"/><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="urn:schemas:calendar:instancetype" PropertyType="Integer"/><t:ExtendedFieldURI PropertyTag="0x37" PropertyType="String"/><t:ExtendedFieldURI PropertyTag="0x3008" PropertyType="SystemTime"/><t:ExtendedFieldURI PropertyTag="0xe23" PropertyType="Integer"/><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/></t:AdditionalProperties>"#

/// `t:ExtendedProperty` values of an item or folder element, by their PropertyTag (or PropertyName).
func extendedValues(_ element: XMLElementView) -> [String: String] {
    var values: [String: String] = [:]
    for property in element.children(NS.t, "ExtendedProperty") {
        guard let uri = property.firstChild(NS.t, "ExtendedFieldURI") else { continue }
        let key = uri.attribute("PropertyTag") ?? uri.attribute("PropertyName") ?? uri.attribute("PropertyId") ?? "?"
        values[key] = property.firstChild(NS.t, "Value")?.text
    }
    return values
}

/// DavMail's FindItem of a calendar: singles and masters, sorted by article number, with a restriction.
func davmailFindItem(_ restriction: String, folder: String = #"<t:DistinguishedFolderId Id="calendar"/>"#) -> String {
    #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape>"# + davmailItemProperties
        + #"</m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="500" Offset="0" BasePoint="Beginning"/><m:Restriction>"#
        + restriction + #"</m:Restriction><m:SortOrder><t:FieldOrder Order="Ascending"><t:ExtendedFieldURI PropertyTag="0xe23" PropertyType="Integer"/></t:FieldOrder></m:SortOrder><m:ParentFolderIds>"#
        + folder + "</m:ParentFolderIds></m:FindItem>"
}

/// DavMail's calendar listing restriction: PidLidRecurring true or false, instance type master or single.
let davmailCalendarRestriction = #"<t:Or><t:Or><t:IsEqualTo><t:ExtendedFieldURI DistinguishedPropertySetId="Appointment" PropertyId="33315" PropertyType="Boolean"/><t:FieldURIOrConstant><t:Constant Value="true"/></t:FieldURIOrConstant></t:IsEqualTo><t:IsEqualTo><t:ExtendedFieldURI DistinguishedPropertySetId="Appointment" PropertyId="33315" PropertyType="Boolean"/><t:FieldURIOrConstant><t:Constant Value="false"/></t:FieldURIOrConstant></t:IsEqualTo></t:Or><t:Or><t:IsEqualTo><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="urn:schemas:calendar:instancetype" PropertyType="Integer"/><t:FieldURIOrConstant><t:Constant Value="1"/></t:FieldURIOrConstant></t:IsEqualTo><t:IsEqualTo><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="urn:schemas:calendar:instancetype" PropertyType="Integer"/><t:FieldURIOrConstant><t:Constant Value="0"/></t:FieldURIOrConstant></t:IsEqualTo></t:Or></t:Or>"#

func urlNameRestriction(_ name: String) -> String {
    #"<t:IsEqualTo><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/><t:FieldURIOrConstant><t:Constant Value="\#(name)"/></t:FieldURIOrConstant></t:IsEqualTo>"#
}

func foundItems(_ answer: Answer, message: Int = 0) -> [XMLElementView] {
    answer.messages[message].firstChild(NS.m, "RootFolder")?.firstChild(NS.t, "Items")?.children ?? []
}

@Suite struct DavMailLoginTests {
    @Test func convertIdWithThePlaceholderMailboxAnswersTheIdsOwner() throws {
        let fake = try makeFake()
        let root = FolderReference(mailbox: "alice@contoso.com", folder: .root).encoded
        let body = #"<m:ConvertId DestinationFormat="EwsId"><m:SourceIds><t:AlternateId  Format="EwsId" Id="\#(root)" Mailbox="blah@blah.com"/></m:SourceIds></m:ConvertId>"#
        let answer = try Answer(post(fake, davmail(body)))
        #expect(answer.responseClass() == "Success")
        let alternate = try #require(answer.messages[0].firstChild(NS.m, "AlternateId"))
        #expect(alternate.attribute("Mailbox") == "alice@contoso.com")
        #expect(alternate.attribute("Id") == root)
        // A format that does not carry its mailbox still needs the named one to exist.
        let hex = root.utf8.map { String($0, radix: 16, uppercase: true) }.joined()
        let fromHex = #"<m:ConvertId DestinationFormat="EwsId"><m:SourceIds><t:AlternateId Format="HexEntryId" Id="\#(hex)" Mailbox="blah@blah.com"/></m:SourceIds></m:ConvertId>"#
        #expect(try Answer(post(fake, davmail(fromHex))).code() == "ErrorNonExistentMailbox")
    }

    @Test func folderPropertiesByTagAreServedWithTheirTypes() throws {
        let fake = try makeFake()
        let body = #"<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape>"# + davmailFolderProperties
            + #"</m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="calendar"/><t:DistinguishedFolderId Id="inbox"/><t:DistinguishedFolderId Id="msgfolderroot"/></m:FolderIds></m:GetFolder>"#
        let answer = try Answer(post(fake, davmail(body)))
        let folders = answer.messages.map { $0.firstChild(NS.m, "Folders")!.children[0] }
        let calendar = extendedValues(folders[0])
        #expect(folders[0].localName == "CalendarFolder")
        #expect(calendar["0x3613"] == "IPF.Appointment")
        #expect(calendar["0x3602"] == "4")
        #expect(calendar["0x3603"] == "0")
        #expect(calendar["0x360a"] == "false")
        #expect(calendar["0x10f3"] == "Calendar")
        #expect(calendar["0x670a"].flatMap { EWSDateTime.parse($0) } != nil)
        #expect(calendar["0x3008"] != nil)
        // The tag is written back as Exchange writes it: 0x, lower case, no leading zeros.
        let tags = folders[0].children(NS.t, "ExtendedProperty").compactMap { $0.firstChild(NS.t, "ExtendedFieldURI")?.attribute("PropertyTag") }
        #expect(tags == ["0x3008", "0x3613", "0x6751", "0x3602", "0x670a", "0x6752", "0x10f3", "0x3603", "0x360a"])
        #expect(extendedValues(folders[1])["0x3613"] == "IPF.Note")
        #expect(extendedValues(folders[2])["0x360a"] == "true")
        // The schema places ExtendedProperty after DisplayName and before EffectiveRights.
        #expect(folders[0].children.map(\.localName).prefix(3) == ["FolderId", "DisplayName", "ExtendedProperty"])
    }

    @Test func aPropertyAskedWithAnotherTypeIsAbsent() throws {
        let fake = try makeFake()
        let body = #"<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0x3613" PropertyType="Integer"/><t:ExtendedFieldURI PropertyTag="13843" PropertyType="String"/></t:AdditionalProperties></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="calendar"/></m:FolderIds></m:GetFolder>"#
        let folder = try #require(try Answer(post(fake, davmail(body))).messages[0].firstChild(NS.m, "Folders")?.children.first)
        // 13843 is 0x3613 in decimal: one value, String only.
        #expect(folder.children(NS.t, "ExtendedProperty").count == 1)
        #expect(extendedValues(folder)["0x3613"] == "IPF.Appointment")
        let bad = #"<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0x3613" PropertyType="Text"/></t:AdditionalProperties></m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="calendar"/></m:FolderIds></m:GetFolder>"#
        #expect(try Answer(post(fake, davmail(bad))).faultCode == "ErrorSchemaValidation")
    }

    @Test func userConfigurationAnswersTheOWATimeZoneOrItemNotFound() throws {
        let fake = try makeFake()
        let body = #"<m:GetUserConfiguration><m:UserConfigurationName Name="OWA.UserOptions"><t:DistinguishedFolderId Id="root"/></m:UserConfigurationName><m:UserConfigurationProperties>All</m:UserConfigurationProperties></m:GetUserConfiguration>"#
        let answer = try Answer(post(fake, davmail(body)))
        #expect(answer.responseClass() == "Success")
        let entry = try #require(answer.messages[0].descendant([(NS.m, "UserConfiguration"), (NS.t, "Dictionary"), (NS.t, "DictionaryEntry")]))
        #expect(entry.descendant([(NS.t, "DictionaryKey"), (NS.t, "Value")])?.text == "timezone")
        #expect(entry.descendant([(NS.t, "DictionaryValue"), (NS.t, "Value")])?.text == "Eastern Standard Time")
        // Bob has no OWA settings in the fixture; another configuration name does not exist either.
        #expect(try Answer(post(fake, davmail(body), user: "bob@contoso.com", password: "bob-secret")).code() == "ErrorItemNotFound")
        let other = body.replacingOccurrences(of: "OWA.UserOptions", with: "Calendar")
        #expect(try Answer(post(fake, davmail(other))).code() == "ErrorItemNotFound")
    }
}

@Suite struct DavMailCalendarTests {
    @Test func listingReturnsSinglesAndMastersWithTheirETagsAndNames() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, davmail(davmailFindItem(davmailCalendarRestriction))))
        let items = foundItems(answer)
        #expect(items.count == 4)
        let values = items.map(extendedValues)
        // Sorted by PR_INTERNET_ARTICLE_NUMBER, ascending.
        let numbers = values.compactMap { $0["0xe23"].flatMap(Int.init) }
        #expect(numbers == numbers.sorted() && numbers.count == 4)
        #expect(values.map { $0["0x37"] } == ["Standup", "Dentist", "Offsite", "Café & <Planung> 👋🏼 日本語"])
        #expect(values.map { $0["urn:schemas:calendar:instancetype"] } == ["1", "0", "0", "0"])
        #expect(values.allSatisfy { ($0["0x10f3"] ?? "").hasSuffix(".EML") && $0["0x3008"] != nil })
    }

    @Test func anUnknownURLNameMatchesNothing() throws {
        // DavMail deleting an unknown resource looks it up by 0x10f3 and deletes what it finds.
        let fake = try makeFake()
        let answer = try Answer(post(fake, davmail(davmailFindItem(urlNameRestriction("no-such-event.EML")))))
        #expect(answer.responseClass() == "Success")
        #expect(foundItems(answer).isEmpty)
        let all = foundItems(try Answer(post(fake, davmail(davmailFindItem(davmailCalendarRestriction)))))
        let name = try #require(extendedValues(all[1])["0x10f3"])
        let one = foundItems(try Answer(post(fake, davmail(davmailFindItem(urlNameRestriction(name))))))
        #expect(one.map { extendedValues($0)["0x37"] } == ["Dentist"])
    }

    @Test func restrictionOperatorsAndSortOrder() throws {
        let fake = try makeFake()
        func subjects(_ restriction: String, sort: String = "") throws -> [String] {
            let body = #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape><m:IndexedPageItemView Offset="0" BasePoint="Beginning"/><m:Restriction>"#
                + restriction + "</m:Restriction>" + sort + #"<m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#
            let answer = try Answer(post(fake, davmail(body)))
            return foundItems(answer).map { $0.firstChild(NS.t, "Subject")?.text ?? "" }
        }
        let start = #"<t:FieldURI FieldURI="calendar:Start"/>"#
        #expect(Set(try subjects(#"<t:IsGreaterThanOrEqualTo>\#(start)<t:FieldURIOrConstant><t:Constant Value="2026-11-26T16:00:00Z"/></t:FieldURIOrConstant></t:IsGreaterThanOrEqualTo>"#))
                == ["Dentist", "Offsite"])
        #expect(try subjects(#"<t:IsLessThan>\#(start)<t:FieldURIOrConstant><t:Constant Value="2026-11-26T16:00:00Z"/></t:FieldURIOrConstant></t:IsLessThan>"#)
                == ["Café & <Planung> 👋🏼 日本語", "Standup"])
        #expect(try subjects(#"<t:Contains ContainmentMode="Substring" ContainmentComparison="IgnoreCase"><t:FieldURI FieldURI="item:Subject"/><t:Constant Value="DENT"/></t:Contains>"#)
                == ["Dentist"])
        #expect(try subjects(#"<t:Contains ContainmentMode="Prefixed" ContainmentComparison="Exact"><t:FieldURI FieldURI="item:Subject"/><t:Constant Value="dent"/></t:Contains>"#)
                .isEmpty)
        #expect(try subjects(#"<t:Not><t:IsEqualTo><t:FieldURI FieldURI="item:Sensitivity"/><t:FieldURIOrConstant><t:Constant Value="Normal"/></t:FieldURIOrConstant></t:IsEqualTo></t:Not>"#)
                == ["Dentist"])
        #expect(Set(try subjects(#"<t:And><t:Exists><t:FieldURI FieldURI="calendar:Location"/></t:Exists><t:IsNotEqualTo><t:FieldURI FieldURI="calendar:CalendarItemType"/><t:FieldURIOrConstant><t:Constant Value="RecurringMaster"/></t:FieldURIOrConstant></t:IsNotEqualTo></t:And>"#))
                == ["Dentist"])
        let descending = #"<m:SortOrder><t:FieldOrder Order="Descending"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder></m:SortOrder>"#
        #expect(try subjects(#"<t:Exists><t:FieldURI FieldURI="item:Subject"/></t:Exists>"#, sort: descending)
                == ["Standup", "Offsite", "Dentist", "Café & <Planung> 👋🏼 日本語"])
    }

    @Test func whatTheFakeCannotEvaluateIsAnErrorNeverAllItems() throws {
        let fake = try makeFake()
        func answer(_ restriction: String) throws -> Answer {
            try Answer(post(fake, davmail(davmailFindItem(restriction))))
        }
        let unsupported = try answer(#"<t:IsEqualTo><t:FieldURI FieldURI="message:IsRead"/><t:FieldURIOrConstant><t:Constant Value="true"/></t:FieldURIOrConstant></t:IsEqualTo>"#)
        #expect(unsupported.code() == "ErrorUnsupportedPathForQuery")
        #expect(foundItems(unsupported).isEmpty)
        let badConstant = try answer(#"<t:IsEqualTo><t:ExtendedFieldURI PropertyTag="0xe23" PropertyType="Integer"/><t:FieldURIOrConstant><t:Constant Value="seven"/></t:FieldURIOrConstant></t:IsEqualTo>"#)
        #expect(badConstant.code() == "ErrorInvalidRestriction")
        let excludes = try answer(#"<t:Excludes><t:ExtendedFieldURI PropertyTag="0xe07" PropertyType="Integer"/><t:Bitmask Value="1"/></t:Excludes>"#)
        #expect(excludes.faultCode == "ErrorInvalidRequest")
        let queryString = #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:QueryString>subject:Dentist</m:QueryString><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#
        let refused = try Answer(post(fake, davmail(queryString)))
        #expect(refused.faultCode == "ErrorInvalidRequest")
        #expect(refused.fault?.firstChild(nil, "faultstring")?.text.contains("QueryString") == true)
    }

    @Test func includeMimeContentReturnsTheICalendar() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        let body = #"<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent><t:AdditionalProperties><t:ExtendedFieldURI PropertyTag="0x3008" PropertyType="SystemTime"/><t:FieldURI FieldURI="item:ReminderIsSet"/></t:AdditionalProperties></m:ItemShape><m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds></m:GetItem>"#
        let item = try #require(try Answer(post(fake, davmail(body))).messages[0].firstChild(NS.m, "Items")?.children.first)
        #expect(item.children.map(\.localName) == ["MimeContent", "ItemId", "ReminderIsSet", "ExtendedProperty"])
        let mime = try #require(item.firstChild(NS.t, "MimeContent").flatMap { Data(base64Encoded: $0.text) }.flatMap { String(data: $0, encoding: .utf8) })
        #expect(mime.hasPrefix("BEGIN:VCALENDAR"))
        #expect(mime.contains("SUMMARY;LANGUAGE=en-US:Dentist"))
        #expect(mime.contains("CLASS:PRIVATE"))
        #expect(mime.contains("\r\nDTSTAMP:"))
        #expect(mime.contains("\r\nUID:"))
    }

    @Test func theSeriesMimeCarriesItsZoneRuleAndOrganizer() throws {
        // DavMail's GetItem of an event: IncludeMimeContent plus the properties it patches the iCalendar with.
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 1).encoded
        let body = #"<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent><t:AdditionalProperties><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="urn:schemas:calendar:uid" PropertyType="String"/><t:ExtendedFieldURI PropertyTag="0x3008" PropertyType="SystemTime"/><t:FieldURI FieldURI="calendar:ModifiedOccurrences"/><t:FieldURI FieldURI="calendar:RequiredAttendees"/><t:FieldURI FieldURI="item:ReminderIsSet"/><t:FieldURI FieldURI="calendar:OptionalAttendees"/><t:FieldURI FieldURI="calendar:MyResponseType"/></t:AdditionalProperties></m:ItemShape><m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds></m:GetItem>"#
        let item = try #require(try Answer(post(fake, davmail(body))).messages[0].firstChild(NS.m, "Items")?.children.first)
        let mime = try #require(item.firstChild(NS.t, "MimeContent").flatMap { Data(base64Encoded: $0.text) }.flatMap { String(data: $0, encoding: .utf8) })
        let unfolded = mime.replacingOccurrences(of: "\r\n ", with: "")
        #expect(unfolded.contains("BEGIN:VTIMEZONE"))
        #expect(unfolded.contains("RRULE:FREQ=WEEKLY;INTERVAL=1;WKST=SU;BYDAY=MO,WE;COUNT=10"))
        #expect(unfolded.contains("ORGANIZER;CN=Bob Smith:mailto:bob@contoso.com"))
        #expect(item.firstChild(NS.t, "MyResponseType")?.text == "Accept")
    }

    @Test func extendedPropertiesAreSetOnCreateAndUpdateAndTheETagMovesEveryTime() throws {
        // The fake's clock is frozen in these tests: every change must still give a new ETag.
        let fake = try makeFake()
        let create = #"<m:CreateItem SendMeetingInvitations="SendToNone" MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId><m:Items><t:CalendarItem><t:Subject>From DavMail</t:Subject><t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/><t:Value>davmail-1.EML</t:Value></t:ExtendedProperty><t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="xmozlastack" PropertyType="String"/><t:Value>20261204T020000Z</t:Value></t:ExtendedProperty><t:Start>2026-12-05T15:00:00Z</t:Start><t:End>2026-12-05T15:45:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>"#
        let created = try Answer(post(fake, davmail(create)))
        #expect(created.responseClass() == "Success")
        func lookup() throws -> [String: String] {
            let found = foundItems(try Answer(post(fake, davmail(davmailFindItem(urlNameRestriction("davmail-1.EML"))))))
            #expect(found.count == 1)
            return found.first.map(extendedValues) ?? [:]
        }
        let first = try lookup()
        #expect(first["0x37"] == "From DavMail")
        let id = try #require(created.messages[0].descendant([(NS.m, "Items"), (NS.t, "CalendarItem"), (NS.t, "ItemId")])?.attribute("Id"))
        let update = #"<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="\#(id)"/><t:Updates><t:SetItemField><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="xmozlastack" PropertyType="String"/><t:CalendarItem><t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="xmozlastack" PropertyType="String"/><t:Value>20261204T030000Z</t:Value></t:ExtendedProperty></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>"#
        #expect(try Answer(post(fake, davmail(update))).responseClass() == "Success")
        let second = try lookup()
        #expect(second["0x3008"] != first["0x3008"])
        #expect(try Answer(post(fake, davmail(update))).responseClass() == "Success")
        #expect(try lookup()["0x3008"] != second["0x3008"])
        let get = #"<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="xmozlastack" PropertyType="String"/></t:AdditionalProperties></m:ItemShape><m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds></m:GetItem>"#
        let item = try #require(try Answer(post(fake, davmail(get))).messages[0].firstChild(NS.m, "Items")?.children.first)
        #expect(extendedValues(item)["xmozlastack"] == "20261204T030000Z")
        // The store's own properties cannot be set.
        let readOnly = update.replacingOccurrences(of: #"DistinguishedPropertySetId="PublicStrings" PropertyName="xmozlastack" PropertyType="String""#, with: #"PropertyTag="0x3008" PropertyType="SystemTime""#)
            .replacingOccurrences(of: "20261204T030000Z", with: "2020-01-01T00:00:00Z")
        #expect(try Answer(post(fake, davmail(readOnly))).code() == "ErrorInvalidPropertySet")
    }

    @Test func theCtagChangesWithEveryChangeToTheCalendar() throws {
        let fake = try makeFake()
        func ctag() throws -> String? {
            let body = #"<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape>"# + davmailFolderProperties
                + #"</m:FolderShape><m:FolderIds><t:DistinguishedFolderId Id="calendar"/></m:FolderIds></m:GetFolder>"#
            return try Answer(post(fake, davmail(body))).messages[0].firstChild(NS.m, "Folders")?.children.first.map(extendedValues)?["0x670a"]
        }
        let before = try ctag()
        let create = #"<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>x</t:Subject></t:CalendarItem></m:Items></m:CreateItem>"#
        let id = try #require(try Answer(post(fake, davmail(create))).messages[0].descendant([(NS.m, "Items"), (NS.t, "CalendarItem"), (NS.t, "ItemId")])?.attribute("Id"))
        let afterCreate = try ctag()
        #expect(afterCreate != before)
        let delete = #"<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds></m:DeleteItem>"#
        #expect(try Answer(post(fake, davmail(delete))).responseClass() == "Success")
        #expect(try ctag() != afterCreate)
    }

    @Test func aCalendarItemChildTheFakeCannotKeepIsAFault() throws {
        let fake = try makeFake()
        let create = #"<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>x</t:Subject><t:ReminderNextTime>2026-12-05T15:00:00Z</t:ReminderNextTime></t:CalendarItem></m:Items></m:CreateItem>"#
        let answer = try Answer(post(fake, davmail(create)))
        #expect(answer.faultCode == "ErrorInvalidRequest")
        #expect(answer.fault?.firstChild(nil, "faultstring")?.text.contains("ReminderNextTime") == true)
        let importance = create.replacingOccurrences(of: "<t:ReminderNextTime>2026-12-05T15:00:00Z</t:ReminderNextTime>", with: "<t:Importance>High</t:Importance>")
        #expect(try Answer(post(fake, davmail(importance))).faultCode == "ErrorInvalidRequest")
        let normal = importance.replacingOccurrences(of: "High", with: "Normal")
        #expect(try Answer(post(fake, davmail(normal))).responseClass() == "Success")
    }
}

@Suite struct DavMailFolderTests {
    /// DavMail's `loadVtimezone`: find and delete `davmailtemp`, create it, create an item in it,
    /// read its MIME, delete the folder.
    @Test func theTemporaryCalendarFolderCycle() throws {
        let fake = try makeFake()
        let find = #"<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape>"# + davmailFolderProperties
            + #"</m:FolderShape><m:IndexedPageFolderView MaxEntriesReturned="1" Offset="0" BasePoint="Beginning"/><m:Restriction><t:IsEqualTo><t:FieldURI FieldURI="folder:DisplayName"/><t:FieldURIOrConstant><t:Constant Value="davmailtemp"/></t:FieldURIOrConstant></t:IsEqualTo></m:Restriction><m:ParentFolderIds><t:DistinguishedFolderId Id="msgfolderroot"/></m:ParentFolderIds></m:FindFolder>"#
        func found() throws -> [XMLElementView] {
            try Answer(post(fake, davmail(find))).messages[0].firstChild(NS.m, "RootFolder")?.firstChild(NS.t, "Folders")?.children ?? []
        }
        #expect(try found().isEmpty)
        let create = #"<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="msgfolderroot"/></m:ParentFolderId><m:Folders><t:Folder><t:FolderClass>IPF.Appointment</t:FolderClass><t:DisplayName>davmailtemp</t:DisplayName></t:Folder></m:Folders></m:CreateFolder>"#
        let created = try Answer(post(fake, davmail(create)))
        let folder = try #require(created.messages[0].firstChild(NS.m, "Folders")?.children.first)
        #expect(folder.localName == "CalendarFolder")
        let folderID = try #require(folder.firstChild(NS.t, "FolderId")?.attribute("Id"))
        #expect(try Answer(post(fake, davmail(create))).code() == "ErrorFolderExists")
        let listed = try found()
        #expect(listed.count == 1)
        #expect(extendedValues(listed[0])["0x3613"] == "IPF.Appointment")

        let item = #"<m:CreateItem SendMeetingInvitations="SendToNone" MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:FolderId Id="\#(folderID)" ChangeKey="RlhGQ0sBMQ=="/></m:SavedItemFolderId><m:Items><t:CalendarItem><t:Start>2026-12-04T02:33:26</t:Start><t:End>2026-12-05T02:33:26</t:End><t:StartTimeZone Id="Eastern Standard Time"></t:StartTimeZone></t:CalendarItem></m:Items></m:CreateItem>"#
        let madeItem = try Answer(post(fake, davmail(item)))
        #expect(madeItem.responseClass() == "Success")
        // The item is in the temporary folder, not in the Calendar.
        #expect(foundItems(try Answer(post(fake, davmail(davmailFindItem(davmailCalendarRestriction))))).count == 4)
        let inTemp = try Answer(post(fake, davmail(davmailFindItem(davmailCalendarRestriction, folder: #"<t:FolderId Id="\#(folderID)"/>"#))))
        #expect(foundItems(inTemp).count == 1)
        #expect(extendedValues(try found()[0])["0x3602"] == "1")

        let delete = #"<m:DeleteFolder DeleteType="HardDelete"><m:FolderIds><t:FolderId Id="\#(folderID)" ChangeKey="RlhGQ0sBMQ=="/></m:FolderIds></m:DeleteFolder>"#
        #expect(try Answer(post(fake, davmail(delete))).responseClass() == "Success")
        #expect(try found().isEmpty)
        #expect(try Answer(post(fake, davmail(delete))).code() == "ErrorFolderNotFound")
        let itemID = try #require(madeItem.messages[0].descendant([(NS.m, "Items"), (NS.t, "CalendarItem"), (NS.t, "ItemId")])?.attribute("Id"))
        let get = #"<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="\#(itemID)"/></m:ItemIds></m:GetItem>"#
        #expect(try Answer(post(fake, davmail(get))).code() == "ErrorItemNotFound")
    }

    @Test func distinguishedFoldersCannotBeDeletedAndOthersMailboxesAreGuarded() throws {
        let fake = try makeFake()
        let delete = #"<m:DeleteFolder DeleteType="HardDelete"><m:FolderIds><t:DistinguishedFolderId Id="calendar"/></m:FolderIds></m:DeleteFolder>"#
        #expect(try Answer(post(fake, davmail(delete))).code() == "ErrorDeleteDistinguishedFolder")
        // Bob is only a Reviewer of alice's calendar: he cannot make folders in her mailbox.
        let create = #"<m:CreateFolder><m:ParentFolderId>\#(distinguished("calendar", mailbox: "alice@contoso.com"))</m:ParentFolderId><m:Folders><t:CalendarFolder><t:DisplayName>Bob's</t:DisplayName></t:CalendarFolder></m:Folders></m:CreateFolder>"#
        #expect(try Answer(post(fake, davmail(create), user: "bob@contoso.com", password: "bob-secret")).code() == "ErrorAccessDenied")
    }

    @Test func deepTraversalListsTheWholeHierarchy() throws {
        let fake = try makeFake()
        let body = #"<m:FindFolder Traversal="Deep"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id="root"/></m:ParentFolderIds></m:FindFolder>"#
        let folders = try Answer(post(fake, davmail(body))).messages[0].firstChild(NS.m, "RootFolder")?.firstChild(NS.t, "Folders")?.children ?? []
        let names = folders.compactMap { $0.firstChild(NS.t, "DisplayName")?.text }
        #expect(names.first == "Top of Information Store")
        #expect(names.contains("Calendar") && names.contains("Inbox"))
        #expect(names.count == DistinguishedFolder.allCases.count - 1)
    }
}

@Suite struct DavMailPutTests {
    /// DavMail's envelope for a PUT: the session's zone as TimeZoneContext.
    func davmailPut(_ body: String) -> String {
        davmail(body).replacingOccurrences(
            of: #"<t:RequestServerVersion Version="Exchange2013_SP1"/>"#,
            with: #"<t:RequestServerVersion Version="Exchange2013_SP1"/><t:TimeZoneContext><t:TimeZoneDefinition Id="Eastern Standard Time"/></t:TimeZoneContext>"#)
    }

    /// The iCalendar DavMail sends after its fixups: METHOD:PUBLISH, an Exchange TZID, ORGANIZER added.
    let ics = [
        "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//a4b-calendar//davmail interop//EN", "METHOD:PUBLISH",
        "BEGIN:VTIMEZONE", "TZID:Eastern Standard Time", "BEGIN:STANDARD", "DTSTART:16010101T020000", "TZOFFSETFROM:-0400",
        "TZOFFSETTO:-0500", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=1SU;BYMONTH=11", "END:STANDARD", "BEGIN:DAYLIGHT",
        "DTSTART:16010101T020000", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "RRULE:FREQ=YEARLY;INTERVAL=1;BYDAY=2SU;BYMONTH=3",
        "END:DAYLIGHT", "END:VTIMEZONE", "BEGIN:VEVENT", "UID:davmail-put-1", "DTSTAMP:20261204T023835Z",
        "DTSTART;TZID=Eastern Standard Time:20261208T100000", "DTEND;TZID=Eastern Standard Time:20261208T104500",
        "SUMMARY:Planning\\, round 2", "CLASS:PRIVATE", "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3",
        "ORGANIZER:MAILTO:alice@contoso.com", "X-MICROSOFT-CDO-ALLDAYEVENT:FALSE", "END:VEVENT", "END:VCALENDAR", "",
    ].joined(separator: "\r\n")

    func create(_ fake: FakeExchange, ics: String) throws -> Answer {
        let mime = Data(ics.utf8).base64EncodedString()
        let body = #"<m:CreateItem SendMeetingInvitations="SendToNone" MessageDisposition="SaveOnly"><m:SavedItemFolderId><t:DistinguishedFolderId Id="calendar"/></m:SavedItemFolderId><m:Items><t:CalendarItem><t:MimeContent>\#(mime)</t:MimeContent><t:ReminderIsSet>false</t:ReminderIsSet><t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/><t:Value>davmail-put-1.EML</t:Value></t:ExtendedProperty><t:ExtendedProperty><t:ExtendedFieldURI DistinguishedPropertySetId="Appointment" PropertyId="33303" PropertyType="Integer"/><t:Value>0</t:Value></t:ExtendedProperty><t:LegacyFreeBusyStatus>Busy</t:LegacyFreeBusyStatus></t:CalendarItem></m:Items></m:CreateItem>"#
        return try Answer(post(fake, davmailPut(body)))
    }

    func stored(_ fake: FakeExchange, uid: String) throws -> CalendarEvent {
        try #require(fake.withState { $0.calendars["alice@contoso.com"]?.first { $0.uid == uid } })
    }

    @Test func createItemBuildsTheEventFromTheICalendar() throws {
        let fake = try makeFake()
        let answer = try create(fake, ics: ics)
        #expect(answer.responseClass() == "Success")
        let event = try stored(fake, uid: "davmail-put-1")
        #expect(event.subject == "Planning, round 2")
        #expect(event.sensitivity == "Private")
        #expect(event.start == utc("2026-12-08T15:00:00Z"))
        #expect(event.end == utc("2026-12-08T15:45:00Z"))
        #expect(event.recurrence == RecurrencePattern(frequency: .weekly, daysOfWeek: [3], range: .count(3)))
        #expect(event.reminderIsSet == false)
        #expect(event.urlName == "davmail-put-1.EML")
        // Served back: the same series in the MIME, found by its URL name.
        let found = foundItems(try Answer(post(fake, davmail(davmailFindItem(urlNameRestriction("davmail-put-1.EML"))))))
        #expect(found.count == 1)
    }

    @Test func anICalendarTheFakeCannotStoreIsRefusedNotDropped() throws {
        let fake = try makeFake()
        let answer = try create(fake, ics: ics.replacingOccurrences(of: "RRULE:FREQ=WEEKLY;BYDAY=TU;COUNT=3", with: "RRULE:FREQ=MONTHLY;BYDAY=TU;BYSETPOS=2"))
        #expect(answer.code() == "ErrorMimeContentConversionFailed")
        #expect(fake.withState { $0.calendars["alice@contoso.com"]?.contains { $0.uid == "davmail-put-1" } } == false)
    }

    @Test func updateItemFieldByFieldAsDavMailSendsIt() throws {
        let fake = try makeFake()
        let id = try #require(try create(fake, ics: ics).messages[0].descendant([(NS.m, "Items"), (NS.t, "CalendarItem"), (NS.t, "ItemId")])?.attribute("Id"))
        let before = try stored(fake, uid: "davmail-put-1")
        let update = #"<m:UpdateItem MessageDisposition="SaveOnly" ConflictResolution="AutoResolve" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="\#(id)" ChangeKey="RlhDSwEx"/><t:Updates><t:SetItemField><t:FieldURI FieldURI="calendar:Start"/><t:CalendarItem><t:Start>2026-12-08T14:00:00</t:Start></t:CalendarItem></t:SetItemField><t:SetItemField><t:FieldURI FieldURI="calendar:End"/><t:CalendarItem><t:End>2026-12-08T14:45:00</t:End></t:CalendarItem></t:SetItemField><t:SetItemField><t:FieldURI FieldURI="calendar:StartTimeZone"/><t:CalendarItem><t:StartTimeZone Id="Eastern Standard Time"></t:StartTimeZone></t:CalendarItem></t:SetItemField><t:SetItemField><t:FieldURI FieldURI="calendar:EndTimeZone"/><t:CalendarItem><t:EndTimeZone Id="Eastern Standard Time"></t:EndTimeZone></t:CalendarItem></t:SetItemField><t:SetItemField><t:FieldURI FieldURI="calendar:IsAllDayEvent"/><t:CalendarItem><t:IsAllDayEvent>false</t:IsAllDayEvent></t:CalendarItem></t:SetItemField><t:SetItemField><t:FieldURI FieldURI="item:Sensitivity"/><t:Item><t:Sensitivity>Normal</t:Sensitivity></t:Item></t:SetItemField><t:SetItemField><t:ExtendedFieldURI PropertyTag="0x1000" PropertyType="String"/><t:Item><t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x1000" PropertyType="String"/><t:Value>Agenda: budget</t:Value></t:ExtendedProperty></t:Item></t:SetItemField><t:SetItemField><t:ExtendedFieldURI PropertyTag="0x37" PropertyType="String"/><t:Item><t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x37" PropertyType="String"/><t:Value>Planning, round 3</t:Value></t:ExtendedProperty></t:Item></t:SetItemField><t:DeleteItemField><t:FieldURI FieldURI="calendar:Location"/></t:DeleteItemField><t:DeleteItemField><t:FieldURI FieldURI="calendar:RequiredAttendees"/></t:DeleteItemField><t:SetItemField><t:FieldURI FieldURI="item:ReminderIsSet"/><t:Item><t:ReminderIsSet>false</t:ReminderIsSet></t:Item></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>"#
        let answer = try Answer(post(fake, davmailPut(update)))
        #expect(answer.responseClass() == "Success")
        let after = try stored(fake, uid: "davmail-put-1")
        #expect(after.subject == "Planning, round 3")
        #expect(after.body == "Agenda: budget")
        #expect(after.sensitivity == "Normal")
        #expect(after.start == utc("2026-12-08T19:00:00Z"))
        #expect(after.lastModified > before.lastModified)
        // An end in another zone than the item's cannot be kept: refused, not ignored.
        let otherZone = update.replacingOccurrences(of: #"<t:EndTimeZone Id="Eastern Standard Time">"#, with: #"<t:EndTimeZone Id="Pacific Standard Time">"#)
        #expect(try Answer(post(fake, davmailPut(otherZone))).faultCode == "ErrorInvalidRequest")
    }

    @Test func anExcludedDateIsDeletedThroughItsOccurrence() throws {
        // DavMail's handleExcludedDates: GetItem OccurrenceItemId n until OriginalStart matches, then DeleteItem.
        let fake = try makeFake()
        let id = try #require(try create(fake, ics: ics).messages[0].descendant([(NS.m, "Items"), (NS.t, "CalendarItem"), (NS.t, "ItemId")])?.attribute("Id"))
        let get = #"<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="calendar:OriginalStart"/></t:AdditionalProperties></m:ItemShape><m:ItemIds><t:OccurrenceItemId RecurringMasterId="\#(id)" InstanceIndex="2"/></m:ItemIds></m:GetItem>"#
        let occurrence = try #require(try Answer(post(fake, davmail(get))).messages[0].firstChild(NS.m, "Items")?.children.first)
        #expect(occurrence.firstChild(NS.t, "OriginalStart")?.text == "2026-12-15T15:00:00Z")
        let occurrenceID = try #require(occurrence.firstChild(NS.t, "ItemId")?.attribute("Id"))
        let delete = #"<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToAllAndSaveCopy"><m:ItemIds><t:ItemId Id="\#(occurrenceID)"/></m:ItemIds></m:DeleteItem>"#
        #expect(try Answer(post(fake, davmail(delete))).responseClass() == "Success")
        #expect(try stored(fake, uid: "davmail-put-1").deletedOccurrences == [utc("2026-12-15T15:00:00Z")])
        // The MIME now carries the EXDATE.
        let mimeRequest = #"<m:GetItem><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:IncludeMimeContent>true</t:IncludeMimeContent></m:ItemShape><m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds></m:GetItem>"#
        let item = try #require(try Answer(post(fake, davmail(mimeRequest))).messages[0].firstChild(NS.m, "Items")?.children.first)
        let mime = try #require(item.firstChild(NS.t, "MimeContent").flatMap { Data(base64Encoded: $0.text) }.flatMap { String(data: $0, encoding: .utf8) })
        #expect(mime.contains("EXDATE;TZID=Eastern Standard Time:20261215T100000"))
        #expect(mime.contains("RRULE:FREQ=WEEKLY"))
    }
}

/// Elements the fake does not implement are refused by name, never answered as if they were absent.
@Suite struct RefusedElementTests {
    @Test func headersTheFakeCannotHonourAreFaults() throws {
        let fake = try makeFake()
        let body = getFolderBody(distinguished("calendar"))
        let milliseconds = try Answer(post(fake, envelope(body, header: #"<t:RequestServerVersion Version="Exchange2013"/><t:DateTimePrecision>Milliseconds</t:DateTimePrecision>"#)))
        #expect(milliseconds.faultCode == "ErrorInvalidRequest")
        #expect(milliseconds.fault?.firstChild(nil, "faultstring")?.text.contains("DateTimePrecision") == true)
        let seconds = try Answer(post(fake, envelope(body, header: #"<t:RequestServerVersion Version="Exchange2013"/><t:DateTimePrecision>Seconds</t:DateTimePrecision>"#)))
        #expect(seconds.responseClass() == "Success")
        let unknownZone = try Answer(post(fake, envelope(body, header: #"<t:RequestServerVersion Version="Exchange2013"/><t:TimeZoneContext><t:TimeZoneDefinition Id="Mars Standard Time"/></t:TimeZoneContext>"#)))
        #expect(unknownZone.fault?.firstChild(nil, "faultstring")?.text.contains("Mars Standard Time") == true)
        let role = try Answer(post(fake, envelope(body, header: #"<t:RequestServerVersion Version="Exchange2013"/><t:ManagementRole><t:UserRoles><t:Role><t:Name>UserCalendars</t:Name></t:Role></t:UserRoles></t:ManagementRole>"#)))
        #expect(role.fault?.firstChild(nil, "faultstring")?.text.contains("ManagementRole") == true)
    }

    @Test func shapeOptionsTheFakeCannotHonourAreFaults() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        let truncated = #"<m:GetItem><m:ItemShape><t:BaseShape>Default</t:BaseShape><t:MaximumBodySize>10</t:MaximumBodySize></m:ItemShape><m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds></m:GetItem>"#
        let answer = try Answer(post(fake, envelope(truncated)))
        #expect(answer.fault?.firstChild(nil, "faultstring")?.text.contains("MaximumBodySize") == true)
        let filtered = truncated.replacingOccurrences(of: "<t:MaximumBodySize>10</t:MaximumBodySize>", with: "<t:FilterHtmlContent>true</t:FilterHtmlContent>")
        #expect(try Answer(post(fake, envelope(filtered))).responseClass() == "Success")
    }

    @Test func associatedAndSoftDeletedTraversalsFindNothing() throws {
        let fake = try makeFake()
        for traversal in ["Associated", "SoftDeleted"] {
            let body = #"<m:FindItem Traversal="\#(traversal)"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:IndexedPageItemView Offset="0" BasePoint="Beginning"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#
            let answer = try Answer(post(fake, envelope(body)))
            #expect(answer.responseClass() == "Success")
            #expect(foundItems(answer).isEmpty, "\(traversal)")
        }
    }

    @Test func indexedPagingFromTheEnd() throws {
        let fake = try makeFake()
        let body = #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape><t:AdditionalProperties><t:FieldURI FieldURI="item:Subject"/></t:AdditionalProperties></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="2" Offset="1" BasePoint="End"/><m:SortOrder><t:FieldOrder Order="Ascending"><t:FieldURI FieldURI="item:Subject"/></t:FieldOrder></m:SortOrder><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#
        let answer = try Answer(post(fake, envelope(body)))
        // Sorted: Café…, Dentist, Offsite, Standup; one back from the end, two entries.
        #expect(foundItems(answer).map { $0.firstChild(NS.t, "Subject")?.text } == ["Dentist", "Offsite"])
        let root = answer.messages[0].firstChild(NS.m, "RootFolder")
        #expect(root?.attribute("IncludesLastItemInRange") == "false")
        #expect(root?.attribute("IndexedPagingOffset") == "3")
    }
}

extension RefusedElementTests {
    @Test func recurrenceElementsTheFakeDoesNotKnowAreRefused() throws {
        let fake = try makeFake()
        func create(_ recurrence: String) throws -> Answer {
            let body = #"<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>Series</t:Subject><t:Start>2026-12-07T10:00:00Z</t:Start><t:End>2026-12-07T11:00:00Z</t:End><t:Recurrence>\#(recurrence)<t:NoEndRecurrence><t:StartDate>2026-12-07</t:StartDate></t:NoEndRecurrence></t:Recurrence></t:CalendarItem></m:Items></m:CreateItem>"#
            return try Answer(post(fake, envelope(body)))
        }
        #expect(try create("<t:WeeklyRecurrence><t:Interval>2</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek><t:FirstDayOfWeek>Monday</t:FirstDayOfWeek></t:WeeklyRecurrence>").code()
                == "ErrorCalendarInvalidRecurrence")
        #expect(try create("<t:WeeklyRecurrence><t:Interval>1</t:Interval><t:DaysOfWeek>Monday</t:DaysOfWeek><t:FirstDayOfWeek>Monday</t:FirstDayOfWeek></t:WeeklyRecurrence>").responseClass()
                == "Success")
        #expect(try create("<t:HourlyRecurrence><t:Interval>1</t:Interval></t:HourlyRecurrence>").code() == "ErrorCalendarInvalidRecurrence")
        // A range that starts on another day than the item cannot be kept.
        let laterRange = #"<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>Series</t:Subject><t:Start>2026-12-07T10:00:00Z</t:Start><t:End>2026-12-07T11:00:00Z</t:End><t:Recurrence><t:DailyRecurrence><t:Interval>1</t:Interval></t:DailyRecurrence><t:NumberedRecurrence><t:StartDate>2026-12-09</t:StartDate><t:NumberOfOccurrences>3</t:NumberOfOccurrences></t:NumberedRecurrence></t:Recurrence></t:CalendarItem></m:Items></m:CreateItem>"#
        #expect(try Answer(post(fake, envelope(laterRange))).code() == "ErrorCalendarInvalidRecurrence")
    }

    @Test func appendWorksOnlyWhereExchangeAllowsIt() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        func append(_ field: String, _ value: String) throws -> Answer {
            let body = #"<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="\#(id)"/><t:Updates><t:AppendToItemField><t:FieldURI FieldURI="\#(field)"/><t:CalendarItem>\#(value)</t:CalendarItem></t:AppendToItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>"#
            return try Answer(post(fake, envelope(body)))
        }
        #expect(try append("item:Subject", "<t:Subject> again</t:Subject>").code() == "ErrorInvalidPropertyAppend")
        #expect(try append("item:Body", #"<t:Body BodyType="Text"> And the form.</t:Body>"#).responseClass() == "Success")
        #expect(fake.withState { $0.calendars["alice@contoso.com"]?.first { $0.number == 2 }?.body } == "Bring the insurance card. And the form.")
    }

    @Test func oneViewPerFindItem() throws {
        let fake = try makeFake()
        let body = #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:IndexedPageItemView Offset="0" BasePoint="Beginning"/><m:CalendarView StartDate="2026-11-20T00:00:00Z" EndDate="2026-11-30T00:00:00Z"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#
        #expect(try Answer(post(fake, envelope(body))).faultCode == "ErrorSchemaValidation")
    }
}

/// What the review of the DavMail change found; each would otherwise be a silent wrong answer.
@Suite struct StrictnessTests {
    @Test func hugePagesDoNotOverflow() throws {
        let fake = try makeFake()
        for base in ["Beginning", "End"] {
            let body = #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:IndexedPageItemView MaxEntriesReturned="9223372036854775807" Offset="1" BasePoint="\#(base)"/><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#
            let answer = try Answer(post(fake, envelope(body)))
            #expect(foundItems(answer).count == 3, "\(base)")
        }
    }

    @Test func aRestrictionInTheWrongNamespaceOrTwiceIsRefused() throws {
        let fake = try makeFake()
        let restriction = urlNameRestriction("none.EML")
        let typesNamespace = davmailFindItem(restriction).replacingOccurrences(of: "<m:Restriction>", with: "<t:Restriction>")
            .replacingOccurrences(of: "</m:Restriction>", with: "</t:Restriction>")
        #expect(try Answer(post(fake, davmail(typesNamespace))).faultCode == "ErrorInvalidRequest")
        let twice = davmailFindItem(restriction).replacingOccurrences(
            of: "</m:Restriction>", with: "</m:Restriction><m:Restriction>\(restriction)</m:Restriction>")
        #expect(try Answer(post(fake, davmail(twice))).faultCode == "ErrorSchemaValidation")
    }

    @Test func unevaluablePathsAreErrorsEvenWhereNothingWouldBeRead() throws {
        let fake = try makeFake()
        // An And whose first part matches nothing would never read its second part.
        let shortCircuit = #"<t:And>\#(urlNameRestriction("none.EML"))<t:IsEqualTo><t:FieldURI FieldURI="message:IsRead"/><t:FieldURIOrConstant><t:Constant Value="true"/></t:FieldURIOrConstant></t:IsEqualTo></t:And>"#
        #expect(try Answer(post(fake, davmail(davmailFindItem(shortCircuit)))).code() == "ErrorUnsupportedPathForQuery")
        // An empty folder, and a constant of the wrong type for a MAPI property.
        let empty = #"<t:DistinguishedFolderId Id="inbox"/>"#
        let badConstant = #"<t:IsGreaterThan><t:ExtendedFieldURI PropertyTag="0x3008" PropertyType="SystemTime"/><t:FieldURIOrConstant><t:Constant Value="yesterday"/></t:FieldURIOrConstant></t:IsGreaterThan>"#
        #expect(try Answer(post(fake, davmail(davmailFindItem(badConstant, folder: empty)))).code() == "ErrorInvalidRestriction")
    }

    @Test func sortOrdersTheFakeCannotApplyAreErrors() throws {
        let fake = try makeFake()
        func sorted(by path: String) throws -> Answer {
            let body = #"<m:FindItem Traversal="Shallow"><m:ItemShape><t:BaseShape>IdOnly</t:BaseShape></m:ItemShape><m:IndexedPageItemView Offset="0" BasePoint="Beginning"/><m:SortOrder><t:FieldOrder Order="Ascending">\#(path)</t:FieldOrder></m:SortOrder><m:ParentFolderIds><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderIds></m:FindItem>"#
            return try Answer(post(fake, envelope(body)))
        }
        #expect(try sorted(by: #"<t:FieldURI FieldURI="message:IsRead"/>"#).code() == "ErrorUnsupportedPathForSortGroup")
        #expect(try sorted(by: #"<t:ExtendedFieldURI DistinguishedPropertySetId="PublicStrings" PropertyName="Keywords" PropertyType="StringArray"/>"#).responseClass()
                == "Success")
    }

    @Test func aPropertySetNamedByItsGUIDIsTheSameSet() throws {
        let fake = try makeFake()
        let restriction = #"<t:IsEqualTo><t:ExtendedFieldURI PropertySetId="00062002-0000-0000-C000-000000000046" PropertyId="33315" PropertyType="Boolean"/><t:FieldURIOrConstant><t:Constant Value="true"/></t:FieldURIOrConstant></t:IsEqualTo>"#
        let found = foundItems(try Answer(post(fake, davmail(davmailFindItem(restriction)))))
        #expect(found.map { extendedValues($0)["0x37"] } == ["Standup"])
    }

    @Test func computedPropertiesCannotBeSet() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        let recurring = #"<t:ExtendedFieldURI DistinguishedPropertySetId="Appointment" PropertyId="33315" PropertyType="Boolean"/>"#
        let body = #"<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="\#(id)"/><t:Updates><t:SetItemField>\#(recurring)<t:CalendarItem><t:ExtendedProperty>\#(recurring)<t:Value>true</t:Value></t:ExtendedProperty></t:CalendarItem></t:SetItemField></t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>"#
        #expect(try Answer(post(fake, envelope(body))).code() == "ErrorInvalidPropertySet")
    }

    @Test func aChangeCarriesExactlyTheNamedPropertyAndRequiredOnesStay() throws {
        let fake = try makeFake()
        func update(_ change: String, item: String = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded) throws -> Answer {
            let body = #"<m:UpdateItem ConflictResolution="AlwaysOverwrite" SendMeetingInvitationsOrCancellations="SendToNone"><m:ItemChanges><t:ItemChange><t:ItemId Id="\#(item)"/><t:Updates>\#(change)</t:Updates></t:ItemChange></m:ItemChanges></m:UpdateItem>"#
            return try Answer(post(fake, envelope(body)))
        }
        let two = #"<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject>New</t:Subject><t:Location>Elsewhere</t:Location></t:CalendarItem></t:SetItemField>"#
        #expect(try update(two).code() == "ErrorIncorrectUpdatePropertyCount")
        let other = #"<t:SetItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Location>Elsewhere</t:Location></t:CalendarItem></t:SetItemField>"#
        #expect(try update(other).code() == "ErrorIncorrectUpdatePropertyCount")
        #expect(fake.withState { $0.calendars["alice@contoso.com"]?.first { $0.number == 2 }?.subject } == "Dentist")
        #expect(try update(#"<t:DeleteItemField><t:FieldURI FieldURI="calendar:Start"/></t:DeleteItemField>"#).code() == "ErrorInvalidPropertyDelete")
        let extendedAppend = #"<t:AppendToItemField><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/><t:CalendarItem><t:ExtendedProperty><t:ExtendedFieldURI PropertyTag="0x10f3" PropertyType="String"/><t:Value>x</t:Value></t:ExtendedProperty></t:CalendarItem></t:AppendToItemField>"#
        #expect(try update(extendedAppend).code() == "ErrorInvalidPropertyAppend")
        // On an occurrence too: an append is checked before anything else.
        let occurrence = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 1, originalStart: utc("2026-11-25T14:00:00Z")).encoded
        let subjectAppend = #"<t:AppendToItemField><t:FieldURI FieldURI="item:Subject"/><t:CalendarItem><t:Subject> more</t:Subject></t:CalendarItem></t:AppendToItemField>"#
        #expect(try update(subjectAppend, item: occurrence).code() == "ErrorInvalidPropertyAppend")
    }

    @Test func badCalendarItemValuesAreRefused() throws {
        let fake = try makeFake()
        func create(_ children: String) throws -> Answer {
            try Answer(post(fake, envelope(#"<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>x</t:Subject>\#(children)</t:CalendarItem></m:Items></m:CreateItem>"#)))
        }
        #expect(try create(#"<t:Start>2026-12-07T10:00:00</t:Start><t:StartTimeZone Id="Mars Standard Time"/>"#).faultCode == "ErrorInvalidRequest")
        #expect(try create(#"<t:Start>2026-12-07T10:00:00</t:Start><t:StartTimeZone Id="Eastern Standard Time"/><t:EndTimeZone Id="Pacific Standard Time"/>"#).faultCode
                == "ErrorInvalidRequest")
        #expect(try create("<t:ReminderMinutesBeforeStart>soon</t:ReminderMinutesBeforeStart>").faultCode == "ErrorSchemaValidation")
        #expect(try create("<t:RequiredAttendees><t:Attendee><t:Mailbox><t:Name>Nobody</t:Name></t:Mailbox></t:Attendee></t:RequiredAttendees>").faultCode
                == "ErrorSchemaValidation")
    }

    @Test func aCopyOfSomeoneElsesMeetingSendsNoInvitations() throws {
        let fake = try makeFake()
        let ics = [
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//test//EN", "BEGIN:VEVENT", "UID:bobs-meeting", "DTSTAMP:20261204T000000Z",
            "DTSTART:20261208T150000Z", "DTEND:20261208T160000Z", "SUMMARY:Bob's review", "ORGANIZER:mailto:bob@contoso.com",
            "ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:alice@contoso.com", "ATTENDEE;ROLE=REQ-PARTICIPANT:mailto:carol@contoso.com",
            "END:VEVENT", "END:VCALENDAR", "",
        ].joined(separator: "\r\n")
        let body = #"<m:CreateItem SendMeetingInvitations="SendToAllAndSaveCopy"><m:Items><t:CalendarItem><t:MimeContent>\#(Data(ics.utf8).base64EncodedString())</t:MimeContent></t:CalendarItem></m:Items></m:CreateItem>"#
        #expect(try Answer(post(fake, envelope(body))).responseClass() == "Success")
        #expect(fake.sentMail.isEmpty)
        // A series in the MIME with its times also given as properties: which one holds is ambiguous.
        let series = ics.replacingOccurrences(of: "SUMMARY:Bob's review", with: "SUMMARY:Series\r\nRRULE:FREQ=DAILY;COUNT=3")
            .replacingOccurrences(of: "UID:bobs-meeting", with: "UID:series")
        let both = #"<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:MimeContent>\#(Data(series.utf8).base64EncodedString())</t:MimeContent><t:Start>2026-12-09T15:00:00Z</t:Start></t:CalendarItem></m:Items></m:CreateItem>"#
        #expect(try Answer(post(fake, envelope(both))).code() == "ErrorInvalidPropertySet")
    }
}

extension DavMailFolderTests {
    @Test func onlyTheOwnerOrFullAccessMakesFolders() throws {
        let fake = try makeFake()
        // svc-full is an Editor of alice's Calendar: that grants no folder creation.
        let create = #"<m:CreateFolder><m:ParentFolderId>\#(distinguished("calendar", mailbox: "alice@contoso.com"))</m:ParentFolderId><m:Folders><t:CalendarFolder><t:DisplayName>Team</t:DisplayName></t:CalendarFolder></m:Folders></m:CreateFolder>"#
        #expect(try Answer(post(fake, envelope(create), user: "svc-full@contoso.com", password: "full-secret")).code() == "ErrorAccessDenied")
        // FullAccess on bob's mailbox does.
        let onBob = create.replacingOccurrences(of: "alice@contoso.com", with: "bob@contoso.com")
        #expect(try Answer(post(fake, envelope(onBob), user: "svc-full@contoso.com", password: "full-secret")).responseClass() == "Success")
    }

    @Test func delegatesDoNotSeeTheOwnersFoldersAndResetForgetsThem() throws {
        let fake = try makeFake()
        let create = #"<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="calendar"/></m:ParentFolderId><m:Folders><t:CalendarFolder><t:DisplayName>Private plans</t:DisplayName></t:CalendarFolder></m:Folders></m:CreateFolder>"#
        let folderID = try #require(try Answer(post(fake, envelope(create))).messages[0].descendant([(NS.m, "Folders"), (NS.t, "CalendarFolder"), (NS.t, "FolderId")])?.attribute("Id"))
        let find = #"<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:ParentFolderIds>\#(distinguished("calendar", mailbox: "alice@contoso.com"))</m:ParentFolderIds></m:FindFolder>"#
        func names(_ user: String, _ password: String) throws -> [String] {
            let answer = try Answer(post(fake, envelope(find), user: user, password: password))
            return answer.messages[0].firstChild(NS.m, "RootFolder")?.firstChild(NS.t, "Folders")?.children.compactMap { $0.firstChild(NS.t, "DisplayName")?.text } ?? []
        }
        #expect(try names("alice@contoso.com", "secret") == ["Private plans"])
        #expect(try names("bob@contoso.com", "bob-secret").isEmpty)
        // An item in the created folder changes that folder's ctag, not the Calendar's.
        func ctag(_ folder: String) throws -> String? {
            let body = #"<m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape>"# + davmailFolderProperties + "</m:FolderShape><m:FolderIds>\(folder)</m:FolderIds></m:GetFolder>"
            return try Answer(post(fake, davmail(body))).messages[0].firstChild(NS.m, "Folders")?.children.first.map(extendedValues)?["0x670a"]
        }
        let calendarBefore = try ctag(#"<t:DistinguishedFolderId Id="calendar"/>"#)
        let folderBefore = try ctag(#"<t:FolderId Id="\#(folderID)"/>"#)
        let item = #"<m:CreateItem SendMeetingInvitations="SendToNone"><m:SavedItemFolderId><t:FolderId Id="\#(folderID)"/></m:SavedItemFolderId><m:Items><t:CalendarItem><t:Subject>Plan</t:Subject></t:CalendarItem></m:Items></m:CreateItem>"#
        #expect(try Answer(post(fake, envelope(item))).responseClass() == "Success")
        #expect(try ctag(#"<t:DistinguishedFolderId Id="calendar"/>"#) == calendarBefore)
        #expect(try ctag(#"<t:FolderId Id="\#(folderID)"/>"#) != folderBefore)
        fake.reset()
        #expect(try names("alice@contoso.com", "secret").isEmpty)
    }
}

@Suite struct DeletedItemsTests {
    @Test func moveToDeletedItemsMovesTheItemUnderANewId() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 2).encoded
        // DavMail's DELETE of an event it does not organize.
        let delete = #"<m:DeleteItem DeleteType="MoveToDeletedItems" SendMeetingCancellations="SendToAllAndSaveCopy" AffectedTaskOccurrences="AllOccurrences"><m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds></m:DeleteItem>"#
        #expect(try Answer(post(fake, davmail(delete))).responseClass() == "Success")
        let inCalendar = foundItems(try Answer(post(fake, davmail(davmailFindItem(davmailCalendarRestriction)))))
        #expect(!inCalendar.contains { extendedValues($0)["0x37"] == "Dentist" })
        let deleted = foundItems(try Answer(post(fake, davmail(davmailFindItem(davmailCalendarRestriction, folder: #"<t:DistinguishedFolderId Id="deleteditems"/>"#)))))
        #expect(deleted.map { extendedValues($0)["0x37"] } == ["Dentist"])
        #expect(try Answer(post(fake, davmail(delete))).code() == "ErrorItemNotFound")
        // Deleting it from Deleted Items removes it.
        let newID = try #require(deleted.first?.firstChild(NS.t, "ItemId")?.attribute("Id"))
        let again = delete.replacingOccurrences(of: id, with: newID)
        #expect(try Answer(post(fake, davmail(again))).responseClass() == "Success")
        #expect(fake.withState { $0.calendars["alice@contoso.com"]?.contains { $0.subject == "Dentist" } } == false)
    }

    @Test func moveToDeletedItemsMovesAFolderWithItsContent() throws {
        let fake = try makeFake()
        let create = #"<m:CreateFolder><m:ParentFolderId><t:DistinguishedFolderId Id="msgfolderroot"/></m:ParentFolderId><m:Folders><t:CalendarFolder><t:DisplayName>Old plans</t:DisplayName></t:CalendarFolder></m:Folders></m:CreateFolder>"#
        let folderID = try #require(try Answer(post(fake, envelope(create))).messages[0].descendant([(NS.m, "Folders"), (NS.t, "CalendarFolder"), (NS.t, "FolderId")])?.attribute("Id"))
        func children(of parent: String) throws -> [String] {
            let find = #"<m:FindFolder Traversal="Shallow"><m:FolderShape><t:BaseShape>Default</t:BaseShape></m:FolderShape><m:ParentFolderIds><t:DistinguishedFolderId Id="\#(parent)"/></m:ParentFolderIds></m:FindFolder>"#
            let answer = try Answer(post(fake, envelope(find)))
            return answer.messages[0].firstChild(NS.m, "RootFolder")?.firstChild(NS.t, "Folders")?.children.compactMap { $0.firstChild(NS.t, "DisplayName")?.text } ?? []
        }
        let delete = #"<m:DeleteFolder DeleteType="MoveToDeletedItems"><m:FolderIds><t:FolderId Id="\#(folderID)"/></m:FolderIds></m:DeleteFolder>"#
        #expect(try Answer(post(fake, envelope(delete))).responseClass() == "Success")
        #expect(try !children(of: "msgfolderroot").contains("Old plans"))
        #expect(try children(of: "deleteditems") == ["Old plans"])
        #expect(try Answer(post(fake, envelope(delete))).responseClass() == "Success")
        #expect(try children(of: "deleteditems").isEmpty)
    }
}

@Suite struct PropertyLookupTests {
    @Test func theSupportedFieldsAreExactlyTheOnesTheLookupReads() throws {
        let fake = try makeFake()
        let instance = try #require(fake.withState { state -> CalendarItemInstance? in
            guard let owner = state.directory.primary("alice@contoso.com"), let event = state.calendars[owner.key]?.first else { return nil }
            return CalendarItemInstance(owner: owner, event: event, occurrence: nil)
        })
        for uri in ItemPropertyLookup.supportedFields {
            #expect(throws: Never.self, "\(uri)") { _ = try ItemPropertyLookup.field(uri, of: instance) }
        }
        for uri in ["message:IsRead", "calendar:When", "item:Attachments"] {
            #expect(ItemPropertyLookup.supports(.field(uri)) == false)
            #expect(throws: RestrictionError.self) { _ = try ItemPropertyLookup.field(uri, of: instance) }
        }
    }
}
