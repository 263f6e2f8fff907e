// The REST voice answer, written by JSONWriter, is byte for byte what HTTPResponse.json (JSONEncoder) would write.
import Foundation
import HTTPServer
import Testing
@testable import CalendarBackend

@Suite struct VoiceAnswerJSONTests {
    private func viaEncoder(_ body: VoiceRoutes.AnswerBody) -> String {
        String(decoding: HTTPResponse.json(body).body, as: UTF8.self)
    }

    private func written(_ body: VoiceRoutes.AnswerBody) -> String {
        String(decoding: VoiceRoutes.json(of: body), as: UTF8.self)
    }

    private static let events = [
        VoiceEventView(id: "AAMk/1+x==", subject: "Lunch \"with\" Sam & <Co>", start: Date(timeIntervalSince1970: 1_764_937_800),
                       end: Date(timeIntervalSince1970: 1_764_941_400), isAllDay: false, location: "Café Rio\n2nd floor",
                       organizer: "sam@contoso.com"),
        VoiceEventView(id: "b", subject: "Company offsite", start: Date(timeIntervalSince1970: 1_764_892_800),
                       end: Date(timeIntervalSince1970: 1_764_979_200.5), isAllDay: true, location: nil, organizer: nil),
    ]

    static let answers: [VoiceRoutes.AnswerBody] = [
        .init(speech: "Tomorrow you have 2 events.", ssml: "<speak>Tomorrow &amp; more</speak>", reprompt: nil,
              card: .init(title: "Tomorrow", text: "All day: Company offsite\n12:30 PM–1:30 PM: Lunch"),
              shouldEndSession: true, sessionId: "vs_1", intent: .init(name: "GetEventsIntent", slots: ["date": "2026-12-05", "time": "AF"]),
              dialog: nil, events: events),
        .init(speech: "What time?", ssml: "<speak>What time?</speak>", reprompt: "What time should it start?", card: nil,
              shouldEndSession: false, sessionId: "vs_2", intent: .init(name: "AddEventIntent", slots: [:]),
              dialog: .init(type: "ElicitSlot", slot: "time"), events: []),
        .init(speech: "Should I add it?", ssml: "<speak>Should I add it?</speak>", reprompt: "Say yes or no.", card: nil,
              shouldEndSession: false, sessionId: "vs_3", intent: nil, dialog: .init(type: "ConfirmIntent", slot: nil), events: []),
        .init(speech: "", ssml: "", reprompt: nil, card: nil, shouldEndSession: true, sessionId: "vs_\u{1}\t/", intent: nil,
              dialog: nil, events: []),
    ]

    @Test(arguments: answers.indices)
    func theWrittenAnswerIsWhatJSONEncoderWrites(index: Int) {
        let answer = Self.answers[index]
        #expect(written(answer) == viaEncoder(answer))
    }
}
