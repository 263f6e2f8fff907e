// `a4b-calendar ask`: a mock Alexa device: one question, or a conversation on the terminal, against a running service.
import ArgumentParser
import Foundation
import Glibc
import MockDevice

struct AskCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ask",
        abstract: "Talk to the service as an Alexa device: print the spoken answer.",
        discussion: """
            With an utterance, sends it and prints the answer; when the answer asks back ("What time?"), the next \
            line of standard input answers it, until the session ends. With no utterance, holds a conversation: \
            each line you type is one turn (an empty line or end of input ends the session). By default turns go \
            to POST /v1/organizations/{orgId}/voice; with --alexa they go to POST /v1/organizations/{orgId}/alexa as \
            Alexa Skills Kit envelopes, the device standing in for the Alexa service (it maps your words to intents \
            and slots, follows Dialog.ElicitSlot and Dialog.ConfirmIntent, and opens with a LaunchRequest when there \
            is no utterance). --room speaks as the device in a meeting room: plain turns go to \
            POST /v1/organizations/{orgId}/rooms/{roomId}/voice ("is this room free", "book this room for 30 minutes"); \
            with --alexa, set --device-id to the device placed in the room instead. Exits 0 when the service answered, 1 when it could not be reached or refused the \
            request (the reason is printed), 64 for a bad argument.
            Example: a4b-calendar ask --org org_… --key a4b_… --user alice@contoso.com "what's on my calendar tomorrow"
            """
    )

    @Option(help: "The service's base URL. [env: A4B_SERVER] (default: http://127.0.0.1:8080)")
    var server: String?

    @Option(help: "The organization id (org_…). [env: A4B_ORG]")
    var org: String?

    @Option(help: "The organization's API key (a4b_…). [env: A4B_API_KEY]")
    var key: String?

    @Option(help: "The user speaking: e-mail or user id. [env: A4B_USER] (not needed with --room)")
    var user: String?

    @Option(help: "Speak as the device in this room (rm_…): turns go to …/rooms/{roomId}/voice.")
    var room: String?

    @Option(help: "With --alexa: the device id sent as context.System.device.deviceId (a device placed in a room answers about the room).")
    var deviceId: String?

    @Flag(help: "Send Alexa Skills Kit envelopes to …/alexa instead of plain JSON to …/voice.")
    var alexa = false

    @Option(help: "With --alexa: the Alexa account speaking (amzn1.ask.account.…); default: the one the user joined with.")
    var alexaUser: String?

    @Option(help: "With --alexa: the skill id the requests are for (context.System.application.applicationId).")
    var skillId: String?

    @Option(help: "IANA time zone for this conversation (default: the user's).")
    var timeZone: String?

    @Option(help: "Testing aid: the device's clock, an ISO 8601 instant (match the service's --clock-file).")
    var now: String?

    @Flag(help: "Print each answer's whole HTTP body (the ASK response envelope or the REST JSON) instead of the speech.")
    var json = false

    @Argument(help: "What to say, e.g. \"what's on my calendar tomorrow\". Leave out for a conversation.")
    var utterance: [String] = []

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        func required(_ value: String?, _ name: String, _ variable: String) throws -> String {
            guard let text = value ?? environment[variable], !text.isEmpty else {
                throw ValidationError("missing --\(name) (or \(variable))")
            }
            return text
        }
        let organization = try required(org, "org", "A4B_ORG")
        let apiKey = try required(key, "key", "A4B_API_KEY")
        let speaker = room != nil && !alexa ? (user ?? environment["A4B_USER"] ?? "") : try required(user, "user", "A4B_USER")
        let base = server ?? environment["A4B_SERVER"] ?? "http://127.0.0.1:8080"
        guard let url = URL(string: base), url.scheme == "http" || url.scheme == "https", url.host != nil else {
            throw ValidationError("--server must be an http(s) URL such as http://127.0.0.1:8080, not \(base)")
        }
        var clock: @Sendable () -> Date = { Date() }
        if let now {
            guard let fixed = try? Date(now, strategy: Date.ISO8601FormatStyle()) else {
                throw ValidationError("--now must be an ISO 8601 instant such as 2026-12-02T09:00:00Z")
            }
            // The device's clock runs on from --now, as a real one would.
            let offset = fixed.timeIntervalSinceNow
            clock = { Date().addingTimeInterval(offset) }
        }
        if let timeZone, TimeZone(identifier: timeZone) == nil { throw ValidationError("--time-zone \(timeZone) is not an IANA time zone") }

        var configuration = MockDevice.Configuration(organizationID: organization, user: speaker, mode: alexa ? .alexa : .rest,
                                                     alexaUserID: alexaUser, timeZone: timeZone, clock: clock)
        if let skillId { configuration.applicationID = skillId }
        if !alexa { configuration.room = room }
        if let deviceId { configuration.deviceID = deviceId }
        let device = MockDevice(connection: DeviceConnection(server: base, apiKey: apiKey), configuration: configuration)
        let interactive = isatty(STDIN_FILENO) == 1
        do {
            var reply: DeviceReply
            if utterance.isEmpty {
                reply = try await device.launch()
            } else {
                reply = try await device.say(utterance.joined(separator: " "))
            }
            show(reply)
            // Follow-up questions (or the whole conversation): one line of input per turn.
            while device.sessionIsOpen {
                if interactive { FileHandle.standardOutput.write(Data("you> ".utf8)) }
                guard let line = readLine(), !line.trimmingCharacters(in: .whitespaces).isEmpty else {
                    try await device.endSession()
                    break
                }
                reply = try await device.say(line)
                show(reply)
            }
        } catch let error as DeviceError {
            FileHandle.standardError.write(Data("a4b-calendar ask: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func show(_ reply: DeviceReply) {
        let text = json ? reply.body : reply.speech
        print(text)
    }
}
