// ExchangeFaultLoadTests: 32 mock devices (half over REST, half as Alexa envelopes) ask at once while fake-exchange
// injects each fault in turn: server busy with a back-off, HTTP 503, a delay far beyond the voice deadline, malformed
// XML, a closed connection. Every answer is the polite one within the deadline (the service's own access log times
// it, so the test runner's load cannot blur it), nothing hangs, no descriptor leaks, and once the fault is cleared
// every device hears its calendar again.
import Foundation
import Glibc
import MockDevice
import TestSupport
import Testing
import Voice

@Suite(.serialized) struct ExchangeFaultLoadTests {
    static let devices = 32
    static let turnsPerDevice = 3
    /// --voice-deadline, in seconds.
    static let deadline = 1.0

    @Test(arguments: [
        #"{"fault": "serverBusy", "backOffMilliseconds": 200}"#, #"{"fault": "http503"}"#, #"{"fault": "delay", "delayMs": 15000}"#,
        #"{"fault": "malformedXml"}"#, #"{"fault": "closeConnection"}"#,
    ])
    func thirtyTwoDevicesHearThePoliteAnswerInTimeAndTheirCalendarOnceTheFaultClears(fault: String) async throws {
        try await VoiceEnvironment.with(serviceFlags: ["--voice-deadline", "\(Self.deadline)"]) { voice in
            let org = try await voice.organization("impersonation")
            let service = voice.env.service, pid = service.process.processIdentifier

            // Warm: every device right twice; then the descriptors at rest (the devices' connections closed).
            for _ in 0..<2 {
                let warm = try await Self.ask(voice, org, expecting: VoiceEndToEndTests.tomorrow, turns: 1)
                #expect(warm.wrong.isEmpty, "before the fault: \(warm.wrong.prefix(3))")
            }
            let before = try await Self.descriptorsAtRest(pid: pid, fakePort: voice.fakePort)

            let added = try await voice.fake("POST", "/_fake/faults", fault)
            try #require(added.status == 201, "\(added.body)")
            let logged = service.lines.count
            let faulty = try await Self.ask(voice, org, expecting: Prompts.calendarUnreachable, turns: Self.turnsPerDevice)
            #expect(faulty.wrong.isEmpty, "\(fault): \(faulty.wrong.count) wrong answers, e.g. \(faulty.wrong.prefix(3))")
            // Nothing hangs: every turn came back, and well within the client's patience.
            #expect(faulty.answered == Self.devices * Self.turnsPerDevice)
            #expect(faulty.slowest < .seconds(10), "\(fault): the slowest turn took \(faulty.slowest)")
            // Within the deadline as the service measured it (its access log, written a moment after each answer): the
            // deadline plus rendering and scheduling on 2 cores.
            var durations: [Double] = []
            _ = await eventually(timeout: 10) {
                durations = Self.voiceDurations(service.lines.dropFirst(logged))
                return durations.count >= Self.devices * Self.turnsPerDevice
            }
            #expect(durations.count == Self.devices * Self.turnsPerDevice, "\(durations.count) voice lines in the access log")
            let longest = durations.max() ?? 0
            #expect(longest < Self.deadline * 1000 + 500, "\(fault): the longest voice request took \(longest) ms (deadline \(Self.deadline) s)")

            _ = try await voice.fake("DELETE", "/_fake/faults")
            for _ in 0..<2 {
                let healed = try await Self.ask(voice, org, expecting: VoiceEndToEndTests.tomorrow, turns: 1)
                #expect(healed.wrong.isEmpty, "\(fault): after clearing it, \(healed.wrong.count) wrong answers, e.g. \(healed.wrong.prefix(3))")
            }
            // Every descriptor the fault's transfers used is closed. Kept-alive connections to Exchange are the
            // transport's cache (at most 64 per I/O thread) and are counted apart: their number follows the peak
            // concurrency, not a leak.
            let after = try await Self.descriptorsAtRest(pid: pid, fakePort: voice.fakePort, atMost: before.other)
            print("faults under load: \(fault): \(faulty.answered) turns, slowest \(faulty.slowest), longest in the service \(longest) ms; "
                  + "descriptors at rest \(before.other) + \(before.exchange) to Exchange before, \(after.other) + \(after.exchange) after")
            #expect(after.other <= before.other, "\(fault): \(before.other) descriptors besides Exchange connections before the fault, \(after.other) after")
            #expect(after.exchange <= 2 * 64, "\(after.exchange) connections to Exchange kept")
            // Faults make the service log Exchange's failures: never with the credentials it sent.
            var search = SecretSearch()
            search.add("the API key", org.key)
            search.addPassword("svc's password", upn: "svc@contoso.com", password: "Svc-Secret-Plain-42!")
            let leaks = search.leaks(logs: service.lines + (voice.env.fake?.lines ?? []))
            #expect(leaks.isEmpty, "\(leaks)")
        }
    }

    /// The service's descriptors once the devices' connections are gone: connections to Exchange, and the others
    /// (with `atMost`, waits up to 20 s for the others to fall to it).
    static func descriptorsAtRest(pid: Int32, fakePort: Int, atMost: Int? = nil) async throws -> (other: Int, exchange: Int) {
        var reading = (other: Int.max, exchange: 0)
        for _ in 0..<80 {
            try await Task.sleep(for: .milliseconds(250))
            let total = try #require(ProcessUsage.openDescriptors(pid: pid))
            let exchange = try #require(ProcessUsage.connections(pid: pid, remotePort: fakePort))
            reading = (total - exchange, exchange)
            if reading.other <= atMost ?? Int.max { break }
        }
        return reading
    }

    struct Round {
        var answered = 0
        var wrong: [String] = []
        var slowest: Duration = .zero
    }

    /// `devices` devices, each on a connection of its own, each taking `turns` turns at once with the others;
    /// the devices' connections are closed at the end.
    static func ask(_ voice: VoiceEnvironment, _ org: VoiceEnvironment.Organization, expecting speech: String, turns: Int) async throws -> Round {
        let server = "http://127.0.0.1:\(voice.env.port)"
        return await withTaskGroup(of: Round.self) { group in
            for index in 0..<devices {
                group.addTask {
                    let connection = DeviceConnection(server: server, apiKey: org.key, timeout: .seconds(30), maxConnections: 1)
                    let device = MockDevice(connection: connection, configuration: MockDevice.Configuration(
                        organizationID: org.id, user: "alice@contoso.com", mode: index % 2 == 0 ? .rest : .alexa, alexaUserID: org.aliceAccount,
                        clock: { voiceNow }))
                    var round = Round()
                    for _ in 0..<turns {
                        let started = ContinuousClock.now
                        do {
                            let reply = try await device.say("what's on my calendar tomorrow")
                            round.answered += 1
                            if reply.speech != speech { round.wrong.append(reply.speech) }
                        } catch {
                            round.wrong.append("\(error)")
                        }
                        round.slowest = max(round.slowest, ContinuousClock.now - started)
                    }
                    connection.close()
                    return round
                }
            }
            var total = Round()
            for await round in group {
                total.answered += round.answered
                total.wrong += round.wrong
                total.slowest = max(total.slowest, round.slowest)
            }
            return total
        }
    }

    /// `duration_ms` of the access-log lines of voice requests (REST and Alexa).
    static func voiceDurations(_ lines: some Sequence<String>) -> [Double] {
        lines.compactMap { line -> Double? in
            guard line.contains(#""msg":"request""#), line.contains(#"/voice""#) || line.contains(#"/alexa""#),
                  let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any] else { return nil }
            return (object["duration_ms"] as? String).flatMap(Double.init)
        }
    }
}
