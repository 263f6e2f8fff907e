// DockerFilesTests: no Docker engine runs here, so docker/Dockerfile and docker/compose.yaml are kept in step by
// reading them: every command they run exists with every flag it passes (checked against the binaries' --help),
// and the run stage installs exactly the Debian packages of the system libraries the binaries link.
import Foundation
import TestSupport
import Testing

@Suite struct DockerFilesTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func text(_ path: String) throws -> String {
        try String(contentsOf: root.appendingPathComponent(path), encoding: .utf8)
    }

    /// Every command line the files run: JSON arrays (`CMD [...]`, compose `command: [...]`, also over several lines)
    /// and the `docker run … a4b-calendar …` examples in comments.
    static func commands() throws -> [[String]] {
        var found: [[String]] = []
        for file in ["docker/Dockerfile", "docker/compose.yaml"] {
            let text = try text(file)
            var rest = Substring(text)
            while let open = rest.firstIndex(of: "[") {
                guard let close = rest[open...].firstIndex(of: "]") else { break }
                let candidate = String(rest[open...close])
                if let array = try? JSONSerialization.jsonObject(with: Data(candidate.utf8)) as? [String],
                   let first = array.first, ["a4b-calendar", "fake-exchange"].contains(first) {
                    found.append(array)
                }
                rest = rest[rest.index(after: open)...]
            }
            for line in text.split(separator: "\n") where line.hasPrefix("#") && line.contains("a4b-calendar:local a4b-calendar ") {
                let words = line.components(separatedBy: "a4b-calendar:local ")[1].split(separator: " ").map(String.init)
                found.append(words)
            }
        }
        return found
    }

    @Test func everyCommandAndFlagTheDockerFilesUseExists() async throws {
        let commands = try Self.commands()
        #expect(commands.count >= 4, "found \(commands)")
        for command in commands {
            let binary = ServiceProcess.buildDirectory.appendingPathComponent(command[0])
            let subcommand = command[0] == "a4b-calendar" ? [command[1]] : []
            let help = try await runProgram(binary, subcommand + ["--help"])
            #expect(help.status == 0, "\(command[0]) \(subcommand) --help: \(help.error)")
            for flag in command.dropFirst() where flag.hasPrefix("--") {
                #expect(help.output.contains(flag + " ") || help.output.contains(flag + "\n"), "\(command.joined(separator: " ")): \(flag) is not in --help")
            }
        }
    }

    /// The run stage's `apt-get install` list.
    static func runtimePackages() throws -> Set<String> {
        let dockerfile = try text("docker/Dockerfile")
        let runStage = try #require(dockerfile.components(separatedBy: "FROM debian:").last)
        let install = try #require(runStage.components(separatedBy: "apt-get install -y --no-install-recommends ").dropFirst().first)
        return Set(install.prefix { $0 != "\\" && $0 != "&" && $0 != "\n" }.split(separator: " ").map(String.init))
    }

    @Test func theRunStageInstallsThePackagesOfTheSystemLibrariesTheBinariesLink() async throws {
        // Always in debian:bookworm-slim; and the Swift runtime is linked in statically by the build stage.
        let base: Set<String> = ["libc6", "libgcc-s1", "libstdc++6", "zlib1g"]
        var needed = Set<String>()
        for binary in ["a4b-calendar", "fake-exchange"] {
            let path = ServiceProcess.buildDirectory.appendingPathComponent(binary).path
            let libraries = try await runProgram(URL(fileURLWithPath: "/usr/bin/ldd"), [path])
            let direct = try await runProgram(URL(fileURLWithPath: "/usr/bin/readelf"), ["-d", path])
            let sonames = direct.output.split(separator: "\n").compactMap { line -> String? in
                guard line.contains("(NEEDED)"), let open = line.firstIndex(of: "["), let close = line.lastIndex(of: "]") else { return nil }
                return String(line[line.index(after: open)..<close])
            }
            for soname in sonames {
                guard let resolved = libraries.output.split(separator: "\n").first(where: { $0.contains(soname + " => ") })?
                    .components(separatedBy: " => ").last?.split(separator: " ").first else { continue }
                let real = URL(fileURLWithPath: String(resolved)).resolvingSymlinksInPath().path
                let owner = try await runProgram(URL(fileURLWithPath: "/usr/bin/dpkg"), ["-S", real])
                // Libraries no Debian package owns are the Swift toolchain's (linked statically in the image).
                guard owner.status == 0, let package = owner.output.split(separator: ":").first else { continue }
                needed.insert(String(package))
            }
        }
        needed.subtract(base)
        #expect(needed == ["libcurl4", "libxml2", "libsqlite3-0", "libpq5", "libssl3"], "the binaries link the libraries of \(needed.sorted())")
        #expect(try Self.runtimePackages() == needed.union(["ca-certificates"]))
    }
}
