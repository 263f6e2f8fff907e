// Starts a real HTTPServer on a loopback port with routes that exercise the server's behaviour.
import Foundation
import HTTPServer
import InMemoryLogging
import Logging
import Synchronization
import TestSupport

struct Greeting: Decodable, Sendable {
    let name: String
    let count: Int
}

/// A server on 127.0.0.1:<free port>, with an in-memory log, stopped at the end of `run`.
struct TestServer {
    let server: HTTPServer
    let logs: InMemoryLogHandler
    let slowStarted: Counter
    let slowFinished: Counter
    /// Lets every `/held` handler finish; until raised (or for 30 s) they wait.
    let release: TestSignal
    var port: Int { server.port }

    static func run(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
                    _ body: (TestServer) async throws -> Void) async throws {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configuration.drainTimeout = 5
        configure(&configuration)
        let logs = InMemoryLogHandler()
        let logger = Logger(label: "test") { _ in logs }
        let routes = RouterBuilder(errors: .testJSON, logger: logger)
        let slowStarted = Counter(), slowFinished = Counter(), release = TestSignal()
        registerRoutes(on: routes.group(access: .none), slowStarted: slowStarted, slowFinished: slowFinished, release: release)
        let server = HTTPServer(configuration: configuration, router: routes.build(), logger: logger)
        let test = TestServer(server: server, logs: logs, slowStarted: slowStarted, slowFinished: slowFinished, release: release)
        try server.start()
        do {
            try await body(test)
        } catch {
            await server.shutdown()
            throw error
        }
        await server.shutdown()
    }

    private static func registerRoutes(on router: RouteGroup<Void>, slowStarted: Counter, slowFinished: Counter, release: TestSignal) {
        router.immediate(.get, "/health") { _ in .json(raw: #"{"status":"ok"}"#) }
        router.get("/hello/{name}") { request in .text("hello \(try request.parameter("name"))") }
        router.post("/echo") { request in
            HTTPResponse(status: .ok, headers: ["Content-Type": "application/octet-stream"], body: request.body)
        }
        router.put("/echo") { request in HTTPResponse(body: request.body) }
        router.post("/greetings") { request in
            let greeting = try request.decode(Greeting.self)
            return .text("\(greeting.name) x\(greeting.count)", status: .created)
        }
        let started = slowStarted, finished = slowFinished
        router.get("/slow/{ms}") { request in
            started.value.add(1, ordering: .relaxed)
            let milliseconds = Int(try request.parameter("ms")) ?? 0
            try await Task.sleep(for: .milliseconds(milliseconds))
            finished.value.add(1, ordering: .relaxed)
            return .text("slept \(milliseconds)")
        }
        // Waits (without a thread) until the test raises `release`: in flight for as long as the test needs.
        router.get("/held") { _ in
            started.value.add(1, ordering: .relaxed)
            let released = await release.wait(timeout: 30)
            finished.value.add(1, ordering: .relaxed)
            return .text(released ? "released" : "never released")
        }
        // Which threads the handler ran on, before and after an await that another thread (the timer's) resumes.
        router.get("/thread") { _ in
            let before = currentThreadName()
            try await Task.sleep(for: .milliseconds(5))
            return .text("\(before) \(currentThreadName())")
        }
        // Answered inline on the I/O thread: how many /slow and /held handlers are between start and finish now.
        router.immediate(.get, "/slow-in-flight") { _ in
            .text("\(started.value.load(ordering: .relaxed) - finished.value.load(ordering: .relaxed))")
        }
        router.get("/fail") { _ in throw TestFailure() }
    }

    struct TestFailure: Error {}
}

/// The calling thread's name as the kernel knows it (`http-io-0` for the server's first I/O thread).
func currentThreadName() -> String {
    let comm = (try? String(contentsOfFile: "/proc/thread-self/comm", encoding: .utf8)) ?? "?"
    return comm.trimmingCharacters(in: .whitespacesAndNewlines)
}

/// A shared counter tests can watch from outside a handler.
final class Counter: Sendable {
    let value = Atomic<Int>(0)
    func load(ordering _: AtomicLoadOrdering = .relaxed) -> Int { value.load(ordering: .relaxed) }
}

extension ErrorRenderer {
    /// `{"error": {"code", "message"}}`, like the service's REST renderer, so tests can read bodies as JSON.
    static let testJSON = ErrorRenderer { error, request in
        let httpError = (error as? HTTPError) ?? .internal("internal error; request id \(request.requestID)")
        let message = String(decoding: try! JSONEncoder().encode(httpError.message), as: UTF8.self)
        var response = HTTPResponse.json(raw: #"{"error":{"code":"\#(httpError.code)","message":\#(message)}}"#, status: httpError.status)
        for field in httpError.headers { response.headers.add(field.name, field.value) }
        return response
    }
}

extension HTTPServer {
    /// A started server on 127.0.0.1:<free port> with a silent log and the caller's routes, for tests
    /// that need routes of their own and stop the server themselves.
    static func startedForTest(_ configure: (inout HTTPServerConfiguration) -> Void = { _ in },
                               routes: (RouteGroup<Void>) -> Void) throws -> HTTPServer {
        var configuration = HTTPServerConfiguration()
        configuration.port = 0
        configure(&configuration)
        let builder = RouterBuilder(errors: .testJSON)
        routes(builder.group(access: .none))
        let server = HTTPServer(configuration: configuration, router: builder.build(), logger: Logger(label: "test") { _ in SwiftLogNoOpLogHandler() })
        try server.start()
        return server
    }
}
