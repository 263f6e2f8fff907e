// swift-tools-version:6.0
// a4b-calendar: the Alexa for Business calendar backend for Microsoft Exchange, as a Swift service.
// No SwiftNIO anywhere in the graph: the HTTP server is our own (epoll), EWS goes through libcurl,
// XML through libxml2, storage through libsqlite3 (or libpq, for replicas sharing PostgreSQL).
import PackageDescription

let package = Package(
    name: "a4b-calendar",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "a4b-calendar", targets: ["a4b-calendar"]),
        .executable(name: "fake-exchange", targets: ["fake-exchange"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
    ],
    targets: [
        // System libraries (Debian packages named in `providers`; scripts/ensure-system-packages installs them).
        .systemLibrary(name: "CSQLite", pkgConfig: "sqlite3", providers: [.apt(["libsqlite3-dev"])]),
        .systemLibrary(name: "CPostgreSQL", pkgConfig: "libpq", providers: [.apt(["libpq-dev"])]),
        .systemLibrary(name: "CLibCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        // Typed wrappers for libcurl's variadic functions.
        .target(name: "CurlShim", dependencies: ["CCurl"]),
        // Glibc's Swift module does not export <sys/epoll.h> or <sys/eventfd.h>.
        .target(name: "CEpoll"),
        // What an event-loop thread offers code running on it (descriptors, timers, hand-ins): the HTTP server's
        // loops provide it, the libcurl driver uses it, neither knows the other.
        .target(name: "IOReactor"),

        // JSON log lines and the buffered sink, for every module and executable that logs.
        .target(
            name: "Observability",
            dependencies: [.product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "HTTPServer",
            dependencies: ["CEpoll", "IOReactor", "Observability", "TextSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .target(
            name: "Storage",
            dependencies: ["CSQLite", "CPostgreSQL", "CLibCrypto", "TextSupport", .product(name: "Logging", package: "swift-log")],
            plugins: ["EmbedMigrations"]
        ),
        .target(
            name: "XMLSupport",
            dependencies: ["CLibXML2", "TextSupport"]
        ),
        // The libcurl multi driver (one thread, continuations, cancellation, deadlines, address policy),
        // shared by EWS and, next, SMTP.
        .target(name: "Curl", dependencies: ["CCurl", "CurlShim", "IOReactor"]),
        .target(
            name: "EWS",
            dependencies: ["Curl", "XMLSupport", "TextSupport", .product(name: "Logging", package: "swift-log")]
        ),
        // AWS Signature Version 4: verifying what boto3 signs (and signing, for the service's own clients and tests).
        .target(name: "AWSSigV4", dependencies: ["CLibCrypto", "TextSupport"]),
        // Language, dates and speech for voice queries: pure functions over Foundation, no I/O, no EWS or Storage.
        .target(name: "TextSupport"),
        .target(name: "Voice", dependencies: ["TextSupport"]),
        .target(
            name: "CalendarBackend",
            dependencies: ["HTTPServer", "Storage", "Curl", "EWS", "Voice", "TextSupport", "AWSSigV4", .product(name: "Logging", package: "swift-log")]
        ),
        // The mock Alexa device: talks to the service as a device (REST) or as the Alexa service (ASK envelopes).
        .target(name: "MockDevice", dependencies: ["Curl", "Voice"]),
        .target(
            name: "FakeExchange",
            dependencies: ["HTTPServer", "XMLSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .executableTarget(
            name: "a4b-calendar",
            dependencies: [
                "CalendarBackend", "HTTPServer", "Observability", "Storage", "Curl", "EWS", "MockDevice", "Voice",
                // `serve --demo` runs a fake Exchange in the same process.
                "FakeExchange",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "fake-exchange",
            dependencies: [
                "FakeExchange", "HTTPServer", "Observability",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        // Load generators for the benchmarks (scripts/bench-ews, scripts/bench-voice) and their shared latency samples.
        .target(name: "BenchSupport"),
        .executableTarget(name: "ews-bench", dependencies: ["BenchSupport", "Curl", "EWS", .product(name: "Logging", package: "swift-log")]),
        .executableTarget(name: "voice-bench", dependencies: [
            "BenchSupport", "Curl", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),
        .executableTarget(name: "soak-load", dependencies: [
            "BenchSupport", "Curl", "MockDevice", "AWSSigV4", .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ]),

        // Build tool: turns Migrations/*.sql into Swift string literals inside `Storage`, so the binary
        // carries its schema and needs no files beside it.
        .executableTarget(name: "migrations-embedder", path: "Plugins/MigrationsEmbedderTool"),
        .plugin(name: "EmbedMigrations", capability: .buildTool(), dependencies: ["migrations-embedder"]),

        .testTarget(
            name: "HTTPServerTests",
            dependencies: ["HTTPServer", "Observability", "CEpoll", "TestSupport", .product(name: "InMemoryLogging", package: "swift-log")]
        ),
        .testTarget(
            name: "ObservabilityTests",
            dependencies: ["Observability", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "StorageTests",
            dependencies: ["Storage", "CSQLite", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(
            name: "EWSTests",
            // The fake is the client's independent witness: tests run the client against it.
            dependencies: ["EWS", "Curl", "HTTPServer", "FakeExchange", "TestSupport", .product(name: "Logging", package: "swift-log")],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CurlTests",
            // The project's own HTTP server is the transport's loopback peer.
            dependencies: ["Curl", "HTTPServer", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        .testTarget(name: "XMLSupportTests", dependencies: ["XMLSupport"]),
        .testTarget(name: "VoiceTests", dependencies: ["Voice"]),
        .testTarget(name: "AWSSigV4Tests", dependencies: ["AWSSigV4"]),
        .testTarget(name: "TextSupportTests", dependencies: ["TextSupport"]),
        .testTarget(
            name: "FakeExchangeTests",
            dependencies: ["FakeExchange", "XMLSupport", "HTTPServer", "TestSupport"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(
            name: "CalendarBackendTests",
            // fake-exchange is the SMTP mailer's loopback relay, as it is the EWS client's server.
            dependencies: ["CalendarBackend", "HTTPServer", "Storage", "Curl", "EWS", "FakeExchange", "TestSupport", .product(name: "Logging", package: "swift-log")]
        ),
        // Starts the real binaries on loopback ports; depending on them makes `swift test` build them.
        .testTarget(name: "EndToEndTests", dependencies: ["a4b-calendar", "fake-exchange", "ews-bench", "Storage", "TestSupport", "MockDevice", "Voice",
                                                         "AWSSigV4"]),
        // Raw HTTP client and process launcher shared by the test targets.
        .target(name: "TestSupport", dependencies: ["BenchSupport"], path: "Tests/TestSupport"),
    ]
)
