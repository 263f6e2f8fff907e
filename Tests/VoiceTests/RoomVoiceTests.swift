// RoomVoiceTests: what is said to a device in a meeting room, understood (RoomUtteranceParser, the model's samples)
// and answered (RoomSpeech).
import Foundation
import Testing
import Voice

@Suite struct RoomVoiceTests {
    static let today = CalendarDay(year: 2026, month: 12, day: 4)!
    static let utc = TimeZone(identifier: "UTC")!
    static func at(_ hour: Int, _ minute: Int = 0) -> Date { today.at(hour: hour, minute: minute, in: utc) }

    @Test(arguments: [
        ("is this room free", IntentName.roomAvailability), ("is the room available at 3 PM", .roomAvailability),
        ("is this room booked tomorrow at 10", .roomAvailability), ("when is this room free", .roomFreeTime),
        ("when will the room be available", .roomFreeTime), ("what's on this room's calendar today", .roomSchedule),
        ("who booked this room", .roomSchedule), ("book this room for 30 minutes", .bookRoom), ("reserve the room", .bookRoom),
        ("end this meeting", .endMeeting), ("we're done with the room", .endMeeting), ("Alexa, ask work calendar to end the meeting", .endMeeting),
    ])
    func roomRequestsAreUnderstood(_ text: String, _ intent: IntentName) {
        #expect(RoomUtteranceParser.parse(text, today: Self.today)?.name == intent, "\(text)")
    }

    @Test func slotsComeFromTheWords() {
        let availability = RoomUtteranceParser.parse("is this room free at 3 PM", today: Self.today)
        #expect(availability?.time == .clock(hour: 15, minute: 0) && availability?.date == nil)
        #expect(RoomUtteranceParser.parse("is this room free tomorrow", today: Self.today)?.date == .day(Self.today.adding(days: 1)))
        #expect(RoomUtteranceParser.parse("book this room for an hour and a half", today: Self.today)?.durationSeconds == 5400)
        #expect(RoomUtteranceParser.parse("book this room", today: Self.today)?.durationSeconds == nil, "the profile's length")
    }

    @Test func personalRequestsAndNoiseAreNotRoomRequests() {
        for text in ["what's on my calendar tomorrow", "book lunch with Sam on Friday", "yes", "stop", "", "🎉", String(repeating: "room ", count: 5000)] {
            #expect(RoomUtteranceParser.parse(text, today: Self.today) == nil, "\(text.prefix(40))")
        }
    }

    @Test func everyRoomSampleOfTheModelIsUnderstoodAsItsIntent() throws {
        let model = try InteractionModelTests.load().interactionModel.languageModel
        let fills = ["{time}": "3 PM", "{date}": "tomorrow", "{duration}": "30 minutes"]
        for intent in model.intents {
            guard let name = IntentName(rawValue: intent.name), name.isAboutRoom else { continue }
            for sample in intent.samples {
                let text = fills.reduce(sample) { $0.replacingOccurrences(of: $1.key, with: $1.value) }
                #expect(RoomUtteranceParser.parse(text, today: Self.today)?.name == name, "\(intent.name): \(text)")
            }
        }
    }

    @Test func roomSpeechSaysFreeBusyAndBookings() {
        let speech = RoomSpeech(roomName: "Boardroom", now: Self.at(10), timeZone: Self.utc)
        let planning = SpokenEvent(subject: "Quarterly planning", start: Self.at(13), end: Self.at(14, 30))
        let secret = SpokenEvent(subject: "Layoffs", start: Self.at(14, 30), end: Self.at(15), isPrivate: true)
        #expect(speech.availability(at: Self.at(10), events: [planning], askedTime: false).plain == "Boardroom is free until 1 PM.")
        #expect(speech.availability(at: Self.at(13, 30), events: [planning, secret], askedTime: true).plain
                == "At 1:30 PM, Boardroom is booked until 3 PM, for Quarterly planning.")
        #expect(speech.availability(at: Self.at(14, 45), events: [secret], askedTime: true).plain
                == "At 2:45 PM, Boardroom is booked until 3 PM, for a private meeting.")
        #expect(speech.availability(at: Self.at(16), events: [], askedTime: true).plain == "At 4 PM, Boardroom is free for the rest of the day.")
        #expect(speech.nextFree(events: [planning], dayEnd: Self.at(23, 59)).plain == "Boardroom is free now, until 1 PM.")
        let busyNow = RoomSpeech(roomName: "Boardroom", now: Self.at(13, 15), timeZone: Self.utc)
        #expect(busyNow.nextFree(events: [planning, secret], dayEnd: Self.at(23, 59)).plain == "Boardroom is booked now; it's free from 3 PM.")
        #expect(speech.schedule([secret, planning], day: Self.today).plain
                == "Boardroom has 2 meetings today: Quarterly planning from 1 PM to 2:30 PM, and a private meeting from 2:30 PM to 3 PM.")
        #expect(speech.schedule([], day: Self.today.adding(days: 1)).plain == "Nothing is booked in Boardroom tomorrow.")
        #expect(speech.confirmBooking(until: Self.at(10, 30)).plain == "Book Boardroom now, until 10:30 AM?")
        #expect(busyNow.cannotBook(seconds: 1800, conflict: planning).plain == "Boardroom is booked until 2:30 PM, so I can't book it for 30 minutes now.")
        #expect(speech.cannotBook(seconds: 3600 * 4, conflict: planning).plain
                == "Boardroom is booked from 1 PM to 2:30 PM, so I can't book it for 4 hours now.")
    }
}
