// Responses captured from real Exchange servers (2007 to Exchange Online), parsed into values or
// typed errors. The files are in Fixtures/, listed in Fixtures/INDEX.md.
import Foundation
import Testing

@testable import Curl
@testable import EWS

@Suite struct CaptureParsingTests {
    static func capture(_ name: String, status: Int = 200) throws -> TransportResponse {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return TransportResponse(status: status, headers: [(name: "Content-Type", value: "text/xml; charset=utf-8")],
                                 body: Array(try Data(contentsOf: url)), newConnections: 0, remoteAddress: "127.0.0.1")
    }

    static func parse(_ name: String, status: Int = 200) throws -> SOAPResponse {
        try SOAPResponse.parse(try capture(name, status: status))
    }

    static func error(_ name: String, status: Int = 200, _ body: (SOAPResponse) throws(EWSError) -> Void = { _ in }) throws -> EWSError? {
        do {
            try body(try SOAPResponse.parse(try capture(name, status: status)))
            return nil
        } catch let error as EWSError {
            return error
        }
    }

    @Test func calendarViewFromExchangeOnline() throws {
        let view = try EWSClient.calendarView(from: try Self.parse("finditem-calendarview.exchange-online.xml"))
        #expect(view.events.count == 2)
        #expect(view.totalInWindow == 2 && view.includesLast)
        #expect(Set(view.events.map(\.subject)) == ["Test Get Item 1", "Test Get Item 2"])
        let first = try #require(view.events.first)
        #expect(first.start == Date(timeIntervalSince1970: 1_435_737_600))  // 2015-07-01T08:00:00Z
        #expect(first.end == Date(timeIntervalSince1970: 1_435_741_200))
        #expect(first.itemType == "Single")
        #expect(first.id.changeKey != nil && first.id.id.hasPrefix("AAMkAD"))
        // The organizer is an Exchange legacy DN, not SMTP: the name is what can be spoken.
        #expect(first.organizer?.name == "Gareth Parker")
        #expect(first.organizer?.routingType == "EX")
    }

    @Test func recurringOccurrencesAndNonASCIISubjectsFromExchange2019() throws {
        let response = try Self.parse("finditem-calendarview-recurring.exchange-2019.xml")
        #expect(response.serverVersion == ServerVersion(major: 15, minor: 2, majorBuild: 1748, minorBuild: 10, name: "V2017_07_11"))
        let view = try EWSClient.calendarView(from: response)
        #expect(view.events.count == 6)
        #expect(view.events.filter { $0.itemType == "Occurrence" }.count == 4)
        #expect(view.events.contains { $0.subject == "Réunion équipe - Café & Discusion" })
        #expect(Set(view.events.filter { $0.itemType == "Occurrence" }.map(\.id)).count == 4, "each occurrence has its own id")
        #expect(view.events == view.events.sorted { $0.start < $1.start })
    }

    @Test func emptyCalendarView() throws {
        let view = try EWSClient.calendarView(from: try Self.parse("finditem-calendarview-empty.exchange-online.xml"))
        #expect(view.events.isEmpty && view.totalInWindow == 0 && view.includesLast)
    }

    @Test(arguments: ["createitem-calendaritem.exchange-2019.xml", "createitem-calendaritem.exchange-online.xml"])
    func createdItemIDs(file: String) throws {
        let id = try EWSClient.createdItemID(from: try Self.parse(file))
        #expect(!id.id.isEmpty && id.changeKey?.isEmpty == false)
    }

    @Test func itemNotFoundIsAPerItemErrorWithHTTP200() throws {
        #expect(try Self.error("deleteitem-error-itemnotfound.exchange-online.xml") { response throws(EWSError) in _ = try response.onlyMessage() } == .itemNotFound)
    }

    @Test(arguments: [
        ("createfolder-error-folderexists.exchange-2010-sp2.xml", ServerVersion(major: 14, minor: 2, majorBuild: 328, minorBuild: 9, name: "Exchange2010_SP2")),
        ("createfolder-error-folderexists.exchange-2007-sp1.xml", ServerVersion(major: 8, minor: 1, majorBuild: 436, minorBuild: 0, name: "Exchange2007_SP1")),
    ])
    func serversBefore2013AreRefused(file: String, version: ServerVersion) throws {
        #expect(try Self.error(file) == .exchangeTooOld(version))
        #expect(version.productName.hasPrefix("Exchange 20"))
    }

    @Test(arguments: ["fault-schema-validation.exchange-2010-sp2.xml", "fault-schema-validation.exchange-2007-sp1.xml"])
    func schemaValidationFaults(file: String) throws {
        let error = try #require(try Self.error(file, status: 500))
        #expect(error.responseCode == "ErrorSchemaValidation")
    }

    @Test func serverBusyFaultCarriesItsBackOff() throws {
        #expect(try Self.error("fault-serverbusy.exchange-online.xml", status: 500) == .throttled(backOffMilliseconds: 297_749))
    }

    @Test func faultsAreReadFromTheBodyEvenWithHTTP200() throws {
        #expect(try Self.error("fault-serverbusy.exchange-online.xml", status: 200) == .throttled(backOffMilliseconds: 297_749))
    }

    @Test func versionProbeAnswerCarriesTheVersionDespiteItsError() throws {
        let response = try Self.parse("convertid-version-probe.xml")
        #expect(response.serverVersion?.build == "15.1.2345.6789")
        #expect(response.serverVersion?.productName == "Exchange 2016")
        #expect(response.messages.first?.responseCode == "ErrorInvalidSmtpAddress")
    }

    @Test func resolveNamesWarningStillCarriesData() throws {
        let response = try Self.parse("resolvenames-warning-two-results.xml")
        #expect(response.messages.first?.responseClass == "Warning")
        #expect(try EWSClient.resolvedMailbox(from: response, address: "john@example.com").name == "John Deer")
        #expect(try EWSClient.resolvedMailbox(from: response, address: "someone@example.com").address == "anne@example.com")
    }

    @Test func germanNoResultsIsMatchedOnTheCodeNotTheText() throws {
        let error = try Self.error("resolvenames-error-no-results.exchange-2013.xml") { response throws(EWSError) in
            _ = try EWSClient.resolvedMailbox(from: response, address: "nobody@example.com")
        }
        #expect(error == .nameNotResolved)
    }

    @Test func malformedAnswerIsATypedErrorNotACrash() throws {
        let error = try #require(try Self.error("resolvenames-success.malformed.exchange-2013.xml"))
        guard case .malformedResponse = error else {
            Issue.record("expected malformedResponse, got \(error)")
            return
        }
    }
}
