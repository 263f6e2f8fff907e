// CaptureShapeTests: the fake's answers have the shape of responses captured from real Exchange servers.
import Foundation
import Testing
import XMLSupport

@testable import FakeExchange

/// Element names of `element`'s children (local names; namespaces are compared by `skeleton`).
private func childNames(_ element: XMLElementView) -> [String] { element.children.map(\.localName) }

/// True when every pair of names present in both lists appears in the same relative order.
private func sameRelativeOrder(_ ours: [String], _ theirs: [String]) -> Bool {
    let common = ours.filter { theirs.contains($0) }
    let theirsCommon = theirs.filter { ours.contains($0) }
    return common == theirsCommon
}

private func capture(_ name: String) throws -> XMLTree {
    try XMLTree.parse(try load(fixtureNamed: name))
}

private func firstCalendarItem(_ tree: XMLTree, where predicate: (XMLElementView) -> Bool = { _ in true }) -> XMLElementView? {
    func walk(_ element: XMLElementView) -> XMLElementView? {
        if element.isElement(NS.t, "CalendarItem"), predicate(element) { return element }
        for child in element.children {
            if let found = walk(child) { return found }
        }
        return nil
    }
    return walk(tree.root)
}

@Suite struct CaptureShapeTests {
    @Test func emptyCalendarViewMatchesExchangeOnline() throws {
        let fake = try makeFake()
        let ours = try Answer(post(fake, envelope(calendarViewBody(start: "2030-01-01T00:00:00Z", end: "2030-01-02T00:00:00Z"))))
        let theirs = try capture("finditem-calendarview-empty.exchange-online.xml")
        #expect(skeleton(ours.tree.root) == skeleton(theirs.root))
    }

    @Test func getFolderCalendarMatchesExchangeOnline() throws {
        let fake = try makeFake()
        let ours = try Answer(post(fake, envelope(getFolderBody(distinguished("calendar")))))
        let theirs = try capture("getfolder-calendar.exchange-online.xml")
        #expect(skeleton(ours.tree.root) == skeleton(theirs.root))
    }

    @Test func createItemMatchesExchange2019() throws {
        let fake = try makeFake()
        let body = #"<m:CreateItem SendMeetingInvitations="SendToNone"><m:Items><t:CalendarItem><t:Subject>x</t:Subject><t:Start>2026-12-01T10:00:00Z</t:Start><t:End>2026-12-01T11:00:00Z</t:End></t:CalendarItem></m:Items></m:CreateItem>"#
        let ours = try Answer(post(fake, envelope(body)))
        let theirs = try capture("createitem-calendaritem.exchange-2019.xml")
        #expect(skeleton(ours.tree.root) == skeleton(theirs.root))
    }

    @Test func deleteItemNotFoundMatchesTheItemErrorChannel() throws {
        let fake = try makeFake()
        let missing = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 999).encoded
        let body = #"<m:DeleteItem DeleteType="HardDelete" SendMeetingCancellations="SendToNone"><m:ItemIds><t:ItemId Id="\#(missing)"/></m:ItemIds></m:DeleteItem>"#
        let ours = try Answer(post(fake, envelope(body)))
        #expect(ours.response.status == 200)
        let theirs = try capture("deleteitem-error-itemnotfound.exchange-online.xml")
        #expect(skeleton(ours.tree.root) == skeleton(theirs.root))
    }

    @Test func schemaValidationFaultMatchesExchange2010() throws {
        let fake = try makeFake()
        let ours = try Answer(post(fake, envelope(getFolderBody(distinguished("invalidparentid")))))
        #expect(ours.response.status == 500)
        let theirs = try capture("fault-schema-validation.exchange-2010-sp2.xml")
        #expect(skeleton(ours.tree.root) == skeleton(theirs.root))
    }

    @Test func serverBusyFaultMatchesExchangeOnline() throws {
        let fake = try makeFake()
        _ = fake.handle(FakeHTTPRequest(method: "POST", path: "/_fake/faults", body: Data(#"{"fault": "serverBusy"}"#.utf8)))
        let ours = try Answer(post(fake, envelope(getFolderBody(distinguished("calendar")))))
        let theirs = try capture("fault-serverbusy.exchange-online.xml")
        #expect(skeleton(ours.tree.root) == skeleton(theirs.root))
    }

    @Test func convertIdProbeMatchesTheCapturedProbe() throws {
        let fake = try makeFake()
        let probe = #"<m:ConvertId DestinationFormat="EntryId"><m:SourceIds><t:AlternateId Format="EwsId" Id="DUMMY" Mailbox="DUMMY"/></m:SourceIds></m:ConvertId>"#
        let ours = try Answer(post(fake, envelope(probe)))
        let theirs = try capture("convertid-version-probe.xml")
        #expect(skeleton(ours.tree.root) == skeleton(theirs.root))
    }

    @Test func resolveNamesErrorAndWarningMatchCaptures() throws {
        let fake = try makeFake()
        let none = try Answer(post(fake, envelope(#"<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>ghost@contoso.com</m:UnresolvedEntry></m:ResolveNames>"#)))
        #expect(skeleton(none.tree.root) == skeleton(try capture("resolvenames-error-no-results.exchange-2013.xml").root))
        let several = try Answer(post(fake, envelope(#"<m:ResolveNames ReturnFullContactData="false"><m:UnresolvedEntry>svc</m:UnresolvedEntry></m:ResolveNames>"#)))
        let theirs = try capture("resolvenames-warning-two-results.xml")
        // That capture carries no header; compare the bodies, one Resolution each.
        #expect(skeleton(several.body, maxChildrenPerName: 1) == skeleton(theirs.root.firstChild(NS.soap, "Body")!, maxChildrenPerName: 1))
    }

    @Test func calendarViewItemsFollowTheCapturedElementOrder() throws {
        let fake = try makeFake()
        let ours = try Answer(post(fake, envelope(calendarViewBody(
            start: "2026-11-25T00:00:00Z", end: "2026-11-26T00:00:00Z", shape: "AllProperties", fields: []))))
        for name in ["finditem-calendarview.exchange-online.xml", "finditem-calendarview-recurring.exchange-2019.xml"] {
            let theirs = try capture(name)
            let theirSingle = try #require(firstCalendarItem(theirs))
            let ourSingle = try #require(firstCalendarItem(ours.tree) { $0.firstChild(NS.t, "CalendarItemType")?.text == "Single" })
            #expect(sameRelativeOrder(childNames(ourSingle), childNames(theirSingle)), "\(name)")
            // Everything Exchange returned for an item, the fake returns too.
            let missing = Set(childNames(theirSingle)).subtracting(childNames(ourSingle)).subtracting(["Location"])
            #expect(missing.isEmpty, "\(name): \(missing)")
        }
        let theirs = try capture("finditem-calendarview-recurring.exchange-2019.xml")
        let theirOccurrence = try #require(firstCalendarItem(theirs) { $0.firstChild(NS.t, "CalendarItemType")?.text == "Occurrence" })
        let ourOccurrence = try #require(firstCalendarItem(ours.tree) { $0.firstChild(NS.t, "CalendarItemType")?.text == "Occurrence" })
        #expect(sameRelativeOrder(childNames(ourOccurrence), childNames(theirOccurrence)))
        #expect(Set(childNames(theirOccurrence)).subtracting(childNames(ourOccurrence)).isEmpty)
        #expect(theirOccurrence.firstChild(NS.t, "ItemClass")?.text == ourOccurrence.firstChild(NS.t, "ItemClass")?.text)
        // The RootFolder attributes and the envelope around the items are the same.
        let ourRoot = ours.messages[0].firstChild(NS.m, "RootFolder")!
        let theirRoot = try #require(Answer.messages(of: theirs).first?.firstChild(NS.m, "RootFolder"))
        #expect(ourRoot.attributes.map(\.localName).sorted() == theirRoot.attributes.map(\.localName).sorted())
        #expect(skeleton(ours.header!) == skeleton(theirs.root.firstChild(NS.soap, "Header")!))
    }

    @Test func recurringMasterFollowsTheCapturedShape() throws {
        let fake = try makeFake()
        let id = ItemReference(kind: .calendarItem, mailbox: "alice@contoso.com", number: 1).encoded
        let body = #"<m:GetItem><m:ItemShape><t:BaseShape>AllProperties</t:BaseShape></m:ItemShape><m:ItemIds><t:ItemId Id="\#(id)"/></m:ItemIds></m:GetItem>"#
        let ours = try #require(firstCalendarItem(try Answer(post(fake, envelope(body))).tree))
        let theirs = try #require(firstCalendarItem(try capture("getitem-recurring-master.exchange-2019.xml")))
        #expect(sameRelativeOrder(childNames(ours), childNames(theirs)))
        let missing = Set(childNames(theirs)).subtracting(childNames(ours)).subtracting(["ResponseObjects"])
        #expect(missing.isEmpty, "\(missing)")
        for name in ["Recurrence", "FirstOccurrence", "LastOccurrence"] {
            #expect(skeleton(ours.firstChild(NS.t, name)!) == skeleton(theirs.firstChild(NS.t, name)!), "\(name)")
        }
        #expect(ours.firstChild(NS.t, "IsRecurring")?.text == theirs.firstChild(NS.t, "IsRecurring")?.text)
    }

    @Test func serverTimeZonesShortFormMatchesTheCapture() throws {
        let fake = try makeFake()
        let ours = try Answer(post(fake, envelope(#"<m:GetServerTimeZones ReturnFullTimeZoneData="false"/>"#)))
        let theirs = try capture("getservertimezones.exchange-online.xml")
        #expect(skeleton(ours.body, maxChildrenPerName: 1) == skeleton(theirs.root.firstChild(NS.soap, "Body")!, maxChildrenPerName: 1))
        // Every zone the fake knows carries the display name Exchange Online uses.
        let names = Dictionary(uniqueKeysWithValues: (Answer.messages(of: theirs).first?.firstChild(NS.m, "TimeZoneDefinitions")?.children ?? [])
            .compactMap { definition in definition.attribute("Id").map { ($0, definition.attribute("Name") ?? "") } })
        for zone in WindowsTimeZone.all {
            #expect(names[zone.id] == zone.displayName, "\(zone.id)")
        }
    }

    @Test func malformedCaptureIsATypedParseError() throws {
        let data = try load(fixtureNamed: "resolvenames-success.malformed.exchange-2013.xml")
        #expect {
            try XMLTree.parse(data)
        } throws: { error in
            guard let error = error as? XMLParseError, case .malformed = error else { return false }
            return true
        }
    }
}

extension Answer {
    /// The ResponseMessages of any captured document.
    static func messages(of tree: XMLTree) -> [XMLElementView] {
        tree.root.firstChild(NS.soap, "Body")?.children.first?.firstChild(NS.m, "ResponseMessages")?.children ?? []
    }
}
