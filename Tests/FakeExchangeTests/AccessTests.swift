// AccessTests: impersonation (faults) and delegate access (per-item errors), the two error channels.
import Foundation
import Testing

@testable import FakeExchange

@Suite struct ImpersonationTests {
    private func asService(_ fake: FakeExchange, _ sid: String, user: String = "svc@contoso.com", password: String = "svc-secret",
                           mailbox: String? = nil) throws -> Answer {
        try Answer(post(
            fake, envelope(calendarViewBody(start: "2026-11-25T13:00:00Z", end: "2026-11-25T15:00:00Z", mailbox: mailbox),
                           header: impersonationHeader(sid)),
            user: user, password: password))
    }

    @Test(arguments: [
        "<t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress>",
        "<t:SmtpAddress>a.jones@contoso.com</t:SmtpAddress>",
        "<t:PrincipalName>alice@corp.contoso.com</t:PrincipalName>",
        "<t:SID>S-1-5-21-1-2-3-1001</t:SID>",
        // exchangelib sends two children after `account.identity.upn = ...`
        "<t:PrincipalName>alice@corp.contoso.com</t:PrincipalName><t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress>",
        "<t:PrincipalName>nobody@corp.contoso.com</t:PrincipalName><t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress>",
    ])
    func impersonationActsAsTheTarget(sid: String) throws {
        let fake = try makeFake()
        let answer = try asService(fake, sid)
        #expect(answer.response.status == 200)
        #expect(viewItems(answer).map(\.subject) == ["Standup"])
        // exchangelib also names the mailbox under impersonation.
        #expect(viewItems(try asService(fake, sid, mailbox: "alice@contoso.com")).map(\.subject) == ["Standup"])
    }

    @Test func noRoleIsImpersonationDeniedFault() throws {
        let fake = try makeFake()
        let answer = try asService(fake, "<t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress>", user: "svc-full@contoso.com", password: "full-secret")
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorImpersonationDenied")
        #expect(answer.header == nil)
    }

    @Test func outsideTheScopeIsImpersonateUserDeniedFault() throws {
        let fake = try makeFake()
        let room = try asService(fake, "<t:PrimarySmtpAddress>room1@contoso.com</t:PrimarySmtpAddress>")
        #expect(room.response.status == 500)
        #expect(room.faultCode == "ErrorImpersonateUserDenied")
        let scoped = try asService(fake, "<t:PrimarySmtpAddress>alice@contoso.com</t:PrimarySmtpAddress>",
                                   user: "svc-scoped@contoso.com", password: "scoped-secret")
        #expect(scoped.faultCode == "ErrorImpersonateUserDenied")
        let inScope = try asService(fake, "<t:PrimarySmtpAddress>carol@contoso.com</t:PrimarySmtpAddress>",
                                    user: "svc-scoped@contoso.com", password: "scoped-secret")
        #expect(inScope.response.status == 200)
        let all = try asService(fake, "<t:PrimarySmtpAddress>room1@contoso.com</t:PrimarySmtpAddress>",
                                user: "svc-all@contoso.com", password: "all-secret")
        #expect(all.response.status == 200)
    }

    @Test func unknownTargetIsNonExistentMailboxFault() throws {
        let fake = try makeFake()
        let answer = try asService(fake, "<t:PrimarySmtpAddress>ghost@contoso.com</t:PrimarySmtpAddress>")
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorNonExistentMailbox")
        // PrimarySmtpAddress must be the primary address; an alias does not name a mailbox there.
        let alias = try asService(fake, "<t:PrimarySmtpAddress>a.jones@contoso.com</t:PrimarySmtpAddress>")
        #expect(alias.faultCode == "ErrorNonExistentMailbox")
    }

    @Test func emptyConnectingSIDIsInvalidHeaderData() throws {
        let fake = try makeFake()
        #expect(try asService(fake, "").faultCode == "ErrorInvalidExchangeImpersonationHeaderData")
    }
}

@Suite struct DelegateAccessTests {
    private func getFolder(_ fake: FakeExchange, _ folder: String, mailbox: String?, user: String, password: String) throws -> Answer {
        try Answer(post(fake, envelope(getFolderBody(distinguished(folder, mailbox: mailbox), shape: "IdOnly",
                                                     additional: ["folder:DisplayName", "folder:EffectiveRights"])),
                        user: user, password: password))
    }

    @Test func editorReachesTheCalendarWithEditorRights() throws {
        let fake = try makeFake()
        let answer = try getFolder(fake, "calendar", mailbox: "alice@contoso.com", user: "svc-full@contoso.com", password: "full-secret")
        #expect(answer.responseClass() == "Success")
        let rights = try #require(answer.messages[0].firstChild(NS.m, "Folders")?.firstChild(NS.t, "CalendarFolder")?.firstChild(NS.t, "EffectiveRights"))
        #expect(rights.firstChild(NS.t, "CreateContents")?.text == "true")
        #expect(rights.firstChild(NS.t, "Modify")?.text == "true")
        #expect(rights.firstChild(NS.t, "Read")?.text == "true")
    }

    @Test func reviewerRightsShowInEffectiveRights() throws {
        let fake = try makeFake()
        let answer = try getFolder(fake, "calendar", mailbox: "alice@contoso.com", user: "bob@contoso.com", password: "bob-secret")
        let rights = try #require(answer.messages[0].firstChild(NS.m, "Folders")?.children.first?.firstChild(NS.t, "EffectiveRights"))
        #expect(rights.firstChild(NS.t, "CreateContents")?.text == "false")
        #expect(rights.firstChild(NS.t, "Modify")?.text == "false")
        #expect(rights.firstChild(NS.t, "Read")?.text == "true")
    }

    @Test func calendarOnlyDelegateIsDeniedRoot() throws {
        let fake = try makeFake()
        let root = try getFolder(fake, "root", mailbox: "alice@contoso.com", user: "svc-full@contoso.com", password: "full-secret")
        #expect(root.response.status == 200)
        #expect(root.responseClass() == "Error")
        #expect(root.code() == "ErrorAccessDenied")
        #expect(root.messages[0].firstChild(NS.m, "Folders") != nil)
        // FullAccess on Bob's mailbox reaches his root.
        let bobRoot = try getFolder(fake, "root", mailbox: "bob@contoso.com", user: "svc-full@contoso.com", password: "full-secret")
        #expect(bobRoot.messages[0].firstChild(NS.m, "Folders")?.children.first?.localName == "Folder")
    }

    @Test func noPermissionIsFolderNotFound() throws {
        let fake = try makeFake()
        let answer = try getFolder(fake, "calendar", mailbox: "carol@contoso.com", user: "svc-full@contoso.com", password: "full-secret")
        #expect(answer.code() == "ErrorFolderNotFound")
        let view = try Answer(post(fake, envelope(calendarViewBody(start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z", mailbox: "carol@contoso.com")),
                                   user: "svc-full@contoso.com", password: "full-secret"))
        #expect(view.response.status == 200)
        #expect(view.code() == "ErrorFolderNotFound")
    }

    @Test func unknownMailboxIsAPerItemNonExistentMailbox() throws {
        let fake = try makeFake()
        let answer = try getFolder(fake, "calendar", mailbox: "ghost@contoso.com", user: "svc-full@contoso.com", password: "full-secret")
        #expect(answer.response.status == 200)
        #expect(answer.code() == "ErrorNonExistentMailbox")
    }

    @Test func accountWithoutMailboxMustNameOne() throws {
        let fake = try makeFake()
        let missing = try getFolder(fake, "calendar", mailbox: nil, user: "svc-nombx@contoso.com", password: "nombx-secret")
        #expect(missing.response.status == 200)
        #expect(missing.code() == "ErrorMissingEmailAddress")
        let named = try getFolder(fake, "calendar", mailbox: "alice@contoso.com", user: "svc-nombx@contoso.com", password: "nombx-secret")
        #expect(named.responseClass() == "Success")
    }

    @Test func oneMessagePerFolderInOrder() throws {
        let fake = try makeFake()
        let folders = distinguished("calendar", mailbox: "alice@contoso.com") + distinguished("root", mailbox: "alice@contoso.com")
            + distinguished("calendar", mailbox: "carol@contoso.com")
        let answer = try Answer(post(fake, envelope(getFolderBody(folders)), user: "svc-full@contoso.com", password: "full-secret"))
        #expect(answer.messages.map { $0.firstChild(NS.m, "ResponseCode")?.text } == ["NoError", "ErrorAccessDenied", "ErrorFolderNotFound"])
    }

    @Test func distinguishedFoldersHaveTheRightTags() throws {
        let fake = try makeFake()
        let folders = ["root", "msgfolderroot", "calendar", "inbox", "sentitems"].map { distinguished($0) }.joined()
        let answer = try Answer(post(fake, envelope(getFolderBody(folders))))
        #expect(answer.messages.compactMap { $0.firstChild(NS.m, "Folders")?.children.first?.localName } == [
            "Folder", "Folder", "CalendarFolder", "Folder", "Folder",
        ])
    }

    @Test func invalidDistinguishedIdIsASchemaFault() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(getFolderBody(distinguished("invalidparentid")))))
        #expect(answer.response.status == 500)
        #expect(answer.faultCode == "ErrorSchemaValidation")
    }

    @Test func ownerSeesPermissionSetAndFolderIdRoundTrips() throws {
        let fake = try makeFake()
        let answer = try Answer(post(fake, envelope(getFolderBody(distinguished("calendar"), shape: "AllProperties"))))
        let folder = try #require(answer.messages[0].firstChild(NS.m, "Folders")?.children.first)
        let permissions = folder.firstChild(NS.t, "PermissionSet")?.firstChild(NS.t, "CalendarPermissions")?.children ?? []
        #expect(permissions.contains { $0.firstChild(NS.t, "CalendarPermissionLevel")?.text == "Editor" })
        let id = try #require(folder.firstChild(NS.t, "FolderId")?.attribute("Id"))
        let again = try Answer(post(fake, envelope(getFolderBody(#"<t:FolderId Id="\#(id)"/>"#))))
        #expect(again.messages[0].firstChild(NS.m, "Folders")?.children.first?.localName == "CalendarFolder")
    }
}
