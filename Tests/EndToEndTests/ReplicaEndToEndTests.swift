// ReplicaEndToEndTests: several `serve` replicas on one PostgreSQL database, as behind a load balancer: any replica
// answers any request, a replica killed mid-write loses nothing acknowledged, password-expiry notices go out once
// across replicas that die and come back, and PostgreSQL going away and coming back during load.
import Foundation
import Glibc
import MockDevice
import Synchronization
import TestSupport
import Testing

@Suite(.serialized) struct ReplicaEndToEndTests {
    @Test func eitherReplicaServesOrganizationsLinksUsersAndOneVoiceDialog() async throws {
        let url = try await TestPostgres.newDatabase()
        try await VoiceEnvironment.with(replicas: 2, databaseURL: url) { voice in
            let env = voice.env
            // Each step through the other replica than the step before.
            env.replica = 0
            let org = try await env.createOrganization("Contoso", timeZone: "America/Los_Angeles")
            env.replica = 1
            try await env.linkExchange(org.id, key: org.key)
            env.replica = 0
            let alice = try #require(try await env.createUser(org.id, key: org.key, email: "alice@contoso.com")["id"] as? String)
            env.replica = 1
            let invitation = try await env.invite(org.id, key: org.key, alice)
            env.replica = 0
            let account = "amzn1.ask.account.alice-replicas"
            let accepted = try await env.accept(try #require(invitation["token"] as? String), alexaUserId: account)
            #expect(accepted.status == 200, "\(accepted.body)")
            env.replica = 1
            let linked = try await env.call("PUT", env.userPath(org.id, alice) + "/calendar", token: org.key)
            #expect(linked.status == 200, "\(linked.body)")
            for index in 0..<2 {
                env.replica = index
                #expect(try await env.getUser(org.id, key: org.key, alice)["enrollmentStatus"] as? String == "REGISTERED", "replica \(index)")
                let exchange = try await env.call("GET", "/v1/organizations/\(org.id)/exchange", token: org.key)
                #expect(exchange.status == 200 && exchange.body.contains("svc@contoso.com"), "replica \(index): \(exchange.body)")
            }

            // One dialog, its turns alternating between the replicas, as a load balancer without affinity sends them.
            let organization = VoiceEnvironment.Organization(id: org.id, key: org.key, aliceID: alice, aliceAccount: account)
            let connections = env.services.map { DeviceConnection(server: "http://127.0.0.1:\($0.port)", apiKey: org.key) }
            var added = 0
            for mode in [MockDevice.Mode.rest, .alexa] {
                let device = voice.device(organization, mode: mode)
                device.connection = connections[0]
                #expect(try await device.turn("add lunch with Sam to my calendar on Friday").speech == "What time?", "\(mode)")
                device.connection = connections[1]
                #expect(try await device.turn("at noon").speech == "Lunch with Sam, Friday at noon, for an hour. Should I add it?", "\(mode)")
                device.connection = connections[0]
                #expect(try await device.turn("yes").speech == "Done. Lunch with Sam is on your calendar, Friday at noon.", "\(mode)")
                added += 1
                device.connection = connections[1]
                let tomorrow = try await device.turn("what's on my calendar tomorrow")
                #expect(tomorrow.speech.hasPrefix("Tomorrow you have 5 events."), "\(mode): \(tomorrow.speech)")
            }
            #expect(try await voice.aliceEventCount() == 8 + added)
        }
    }

    @Test func aReplicaKilledDuringWritesLosesNoAcknowledgedWriteWhileTheOtherKeepsServing() async throws {
        let url = try await TestPostgres.newDatabase()
        let env = try await EnrollmentEnvironment(replicas: 2, databaseURL: url)
        defer { Task { await env.stop() } }
        let ports = env.services.map(\.port)
        let token = env.adminToken
        let killed = Flag()
        // 160 creates over both replicas, four at a time; replica 0 is killed a little way in.
        let outcomes = Task {
            try await boundedConcurrently(Array(0..<160), width: 4) { index -> (replica: Int, status: Int, id: String?, afterKill: Bool) in
                let replica = index % 2
                let afterKill = killed.isSet
                do {
                    let response = try await RawClient.request(port: ports[replica], "POST", "/v1/organizations", headers: [
                        "Authorization": "Bearer \(token)", "Content-Type": "application/json",
                    ], body: EnrollmentEnvironment.json(["name": "Org \(index)"]))
                    let id = response.status == 201 ? (try? EnrollmentEnvironment.object(response.body))?["id"] as? String : nil
                    return (replica, response.status, id, afterKill)
                } catch {
                    return (replica, 0, nil, afterKill)  // refused or cut: replica 0 is gone
                }
            }
        }
        try await Task.sleep(for: .milliseconds(300))
        killed.set()
        await env.kill(replica: 0)
        let results = try await outcomes.value
        let survivor = results.filter { $0.replica == 1 }
        #expect(survivor.allSatisfy { $0.status == 201 }, "the other replica kept serving: \(survivor.map(\.status))")
        #expect(results.filter { $0.replica == 0 && $0.afterKill }.allSatisfy { $0.status == 0 }, "nothing answered for the dead replica")
        #expect(results.contains { $0.replica == 0 && $0.status == 201 }, "replica 0 was killed after it had acknowledged writes")
        let acknowledged = results.compactMap(\.id)
        env.replica = 1
        for id in acknowledged {
            #expect(try await env.call("GET", "/v1/organizations/\(id)", token: token).status == 200, "acknowledged \(id) is there")
        }
        // Restarted on its data dir, the killed replica serves the same data.
        try await env.restart(replica: 0)
        env.replica = 0
        for id in acknowledged.prefix(20) {
            #expect(try await env.call("GET", "/v1/organizations/\(id)", token: token).status == 200)
        }
    }

    @Test func postgreSQLStoppedAndStartedDuringLoad() async throws {
        let directory = "/tmp/a4b-replicas-\(UUID().uuidString.prefix(8))"
        let url = try await TestPostgres.control("start", directory)
        do {
            try await Self.outageUnderLoad(url: url, directory: directory)
        } catch {
            _ = try? await TestPostgres.control("stop", directory)
            throw error
        }
        try await TestPostgres.control("stop", directory)
    }

    private static func outageUnderLoad(url: String, directory: String) async throws {
        let env = try await EnrollmentEnvironment(replicas: 2, databaseURL: url)
        defer { Task { await env.stop() } }
        let token = env.adminToken
        let ports = env.services.map(\.port)
        let orgID = try await env.createOrganization("Before the outage").id
        let answers = Answers()
        let stop = Flag()
        // Two clients per replica, alternating a read and a write, until told to stop.
        let load = Task {
            await withTaskGroup(of: Void.self) { group in
                for client in 0..<4 {
                    group.addTask {
                        var round = 0
                        while !stop.isSet {
                            let port = ports[client % 2]
                            let write = round % 2 == 1
                            let started = ContinuousClock.now
                            let response = try? await RawClient.request(
                                port: port, write ? "POST" : "GET", write ? "/v1/organizations" : "/v1/organizations/\(orgID)",
                                headers: ["Authorization": "Bearer \(token)", "Content-Type": "application/json"],
                                body: write ? EnrollmentEnvironment.json(["name": "Load \(client)-\(round)"]) : nil)
                            let id = write && response?.status == 201 ? (try? EnrollmentEnvironment.object(response!.body))?["id"] as? String : nil
                            let answer = Answer(status: response?.status ?? 0, retryAfter: response?.headers["retry-after"],
                                                seconds: (ContinuousClock.now - started) / .seconds(1), at: .now, id: id)
                            answers.append(answer)
                            round += 1
                            try? await Task.sleep(for: .milliseconds(20))
                        }
                    }
                }
            }
        }
        try await Task.sleep(for: .seconds(1))
        try await TestPostgres.control("pause", directory)
        let down = ContinuousClock.now
        try await Task.sleep(for: .seconds(2))
        // While it is down: readiness names the database check.
        let ready = try await RawClient.request(port: ports[1], "GET", "/health/ready")
        #expect(ready.status == 503)
        let checks = try EnrollmentEnvironment.object(ready.body)["checks"] as? [String: Any]
        #expect((checks?["database"] as? String).map { $0 != "ok" } == true, "\(ready.body)")
        let resuming = ContinuousClock.now
        try await TestPostgres.control("resume", directory)
        let back = ContinuousClock.now
        try await Task.sleep(for: .seconds(3))
        stop.set()
        await load.value

        let all = answers.all
        #expect(all.allSatisfy { [200, 201, 503].contains($0.status) }, "only answers, 503s or successes: \(Set(all.map(\.status)))")
        #expect(all.filter { $0.status == 503 }.allSatisfy { $0.retryAfter != nil }, "every 503 says when to retry")
        #expect(all.allSatisfy { $0.seconds < 5 }, "no request waited 5 s: the slowest took \(all.map(\.seconds).max() ?? 0) s")
        let during = all.filter { $0.at > down.advanced(by: .milliseconds(500)) && $0.at < resuming }
        #expect(!during.isEmpty && during.allSatisfy { $0.status == 503 }, "while down: \(during.map(\.status))")
        // Back without a restart: within 15 s (here, 3) every request succeeds again.
        let recovered = all.filter { $0.at > back.advanced(by: .seconds(1)) }
        #expect(!recovered.isEmpty && recovered.allSatisfy { $0.status == 200 || $0.status == 201 }, "after: \(recovered.map(\.status))")
        for (index, port) in ports.enumerated() {
            #expect(try await RawClient.request(port: port, "GET", "/health/ready").status == 200, "replica \(index) ready again")
        }
        // No acknowledged write was lost.
        for id in all.compactMap(\.id) {
            #expect(try await env.call("GET", "/v1/organizations/\(id)", token: token).status == 200, "\(id)")
        }
    }

    @Test func aReplicaStartedBeforeItsDatabaseListensAnswersStartingAndMigratesWhenItAppears() async throws {
        let directory = "/tmp/a4b-late-\(UUID().uuidString.prefix(8))"
        let url = try await TestPostgres.control("start", directory)
        try await TestPostgres.control("pause", directory)
        let data = try TemporaryFolder()
        defer { data.remove() }
        let token = "late-admin-token-0123456789abcdef"
        let key = Data(repeating: 9, count: 32).base64EncodedString()
        let service = try await ServiceProcess(executable: "a4b-calendar", arguments: ["serve", "--port", "0", "--data-dir", data.path + "/data"],
                                               environment: ["A4B_DATABASE_URL": url, "A4B_ADMIN_TOKEN": token, "A4B_SECRET_KEY": key])
        do {
            #expect(try await RawClient.request(port: service.port, "GET", "/health").status == 200, "alive while it waits")
            let early = try await RawClient.request(port: service.port, "GET", "/v1/organizations", headers: ["Authorization": "Bearer \(token)"])
            #expect(early.status == 503 && early.body.contains("STARTING") && early.headers["retry-after"] != nil, "\(early.status) \(early.body)")
            #expect(try await RawClient.request(port: service.port, "GET", "/health/ready").status == 503)
            let waiting = await eventually(timeout: 10) { service.lines.contains { $0.contains("the database cannot be reached") } }
            #expect(waiting, "it says why it waits: \(service.lines)")
            #expect(!service.lines.joined().contains(token) && !service.lines.joined().contains(key), "no secret in the log")
            try await TestPostgres.control("resume", directory)
            try await service.waitUntilReady(timeout: 15)
            let created = try await RawClient.request(port: service.port, "POST", "/v1/organizations", headers: [
                "Authorization": "Bearer \(token)", "Content-Type": "application/json",
            ], body: #"{"name": "Late"}"#)
            #expect(created.status == 201, "\(created.body)")
        } catch {
            service.signal(SIGKILL)
            _ = try? await TestPostgres.control("stop", directory)
            throw error
        }
        service.signal(SIGTERM)
        #expect(await service.waitForExit(timeout: 10) == 0)
        try await TestPostgres.control("stop", directory)
    }

    /// On a shared database a replica never makes up the secrets the others must share; a URL that is not one is
    /// refused before anything starts.
    @Test func aReplicaWithoutTheSharedSecretsOrWithABadURLRefusesToStart() async throws {
        let data = try TemporaryFolder()
        defer { data.remove() }
        let url = try await TestPostgres.newDatabase()
        let missing = try await runProgram(ServiceProcess.buildDirectory.appendingPathComponent("a4b-calendar"),
                                           ["serve", "--port", "0", "--data-dir", data.path + "/data"],
                                           environment: ["A4B_DATABASE_URL": url, "PATH": "/usr/bin:/bin"], timeout: 30)
        #expect(missing.status == 1)
        #expect(missing.error.contains("A4B_SECRET_KEY is not set"), "\(missing.error)")
        #expect(!FileManager.default.fileExists(atPath: data.path + "/data/secret.key"), "no key was made up")
        let bad = try await runProgram(ServiceProcess.buildDirectory.appendingPathComponent("a4b-calendar"),
                                       ["serve", "--port", "0", "--data-dir", data.path + "/data", "--database-url", "/var/lib/a4b/db.sqlite"],
                                       environment: ["PATH": "/usr/bin:/bin"], timeout: 30)
        #expect(bad.status != 0)
        #expect(bad.error.contains("--database-url must be a PostgreSQL URL"), "\(bad.error)")
    }

    /// What one request of the load got.
    struct Answer: Sendable {
        let status: Int
        let retryAfter: String?
        let seconds: Double
        let at: ContinuousClock.Instant
        let id: String?
    }

    final class Answers: Sendable {
        private let list = Mutex<[Answer]>([])
        func append(_ answer: Answer) { list.withLock { $0.append(answer) } }
        var all: [Answer] { list.withLock { $0 } }
    }

    final class Flag: Sendable {
        private let value = Atomic<Bool>(false)
        func set() { value.store(true, ordering: .releasing) }
        var isSet: Bool { value.load(ordering: .acquiring) }
    }

    @Test func fortyDaysOfNoticesOnTwoReplicasKilledAtRandomGoOutOnceEach() async throws {
        let url = try await TestPostgres.newDatabase()
        var generator = SystemRandomNumberGenerator()
        // Every replica also runs passes of its own, once a second, racing the one each clock move runs.
        try await ExpiryEnvironment.with(replicas: 2, databaseURL: url, notifyInterval: 1) { env in
            try await env.setClock(ExpiryEndToEndTests.start)
            _ = try await env.linkedOrganization(expires: ExpiryEndToEndTests.expiry)
            let step = ExpiryEndToEndTests.step
            let dueSteps = ExpiryEndToEndTests.expected
                .map { Int((ExpiryEndToEndTests.dueAt($0).timeIntervalSince(ExpiryEndToEndTests.start) / step).rounded(.up)) }
                .filter { $0 < 150 }
            let killSteps = Set(dueSteps.shuffled(using: &generator).prefix(5) + (0..<5).map { _ in Int.random(in: 1..<150, using: &generator) })
            var kills = 0
            for index in 0..<160 {
                let now = ExpiryEndToEndTests.start.addingTimeInterval(Double(index) * step)
                env.replica = Int.random(in: 0..<2, using: &generator)
                if killSteps.contains(index) {
                    // Kill one replica while a move (and the passes it sets off on both) is in flight.
                    let victim = Int.random(in: 0..<2, using: &generator)
                    let port = env.services[env.replica].port
                    let move = Task {
                        try? await RawClient.request(port: port, "POST", "/v1/admin/clock", headers: [
                            "Authorization": "Bearer \(ExpiryEnvironment.adminToken)", "Content-Type": "application/json",
                        ], body: EnrollmentEnvironment.json(["now": Instant.format(now)]))
                    }
                    try await Task.sleep(for: .microseconds(Int.random(in: 0..<30_000, using: &generator)))
                    try await env.killAndRestart(replica: victim)
                    _ = await move.value
                    kills += 1
                }
                try await env.setClock(now)
            }
            // A claim held by a killed replica waits out its lease on the test clock: one more move delivers it.
            try await env.setClock(ExpiryEndToEndTests.start.addingTimeInterval(159 * step + 3600))
            try await Task.sleep(for: .seconds(2))  // the replicas' own passes at that time, too
            let inbox = try await env.inbox("svc@contoso.com")
            #expect(kills == killSteps.count)
            #expect(inbox.map(ExpiryEnvironment.notice(of:)) == ExpiryEndToEndTests.expected, "after \(kills) kills")
            // A repeat can only come from a kill between the relay's 250 and the ledger write; the inbox dropped it.
            #expect(try await env.duplicatesDropped("svc@contoso.com") <= kills)
        }
    }
}
