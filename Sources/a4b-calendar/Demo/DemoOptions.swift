// The `serve --demo` flags: a service that shows the product on its first start.
import ArgumentParser
import CalendarBackend
import Foundation

struct DemoOptions: ParsableArguments {
    @Flag(help: "Demo: run a fake Exchange in this process (from --demo-fixture, events around today) and, on a data dir that has no demo yet, seed an organization \"Contoso\" linked to it with impersonation, two users registered with their calendars linked, and a service-account password that expires in 10 days. Prints the organization's key and commands to try at every start (the key is kept in <data-dir>/demo-credentials.json, mode 0600). Needs no network; loopback --host only, unless --demo-public.")
    var demo = false

    @Flag(help: "With --demo: allow a --host other than loopback (the demo's key is printed and kept in a file).")
    var demoPublic = false

    @Option(help: "With --demo: the fake Exchange's fixture. (default: Examples/contoso.json)")
    var demoFixture: String = "Examples/contoso.json"

    /// Refuses a demo reachable from other machines unless asked for.
    func validate(host: String) throws {
        guard demo else {
            if demoPublic { throw ValidationError("--demo-public only goes with --demo") }
            return
        }
        if !LoopbackHost.contains(host) && !demoPublic {
            throw ValidationError("--demo prints its API key and relaxes the EWS address checks; it listens on loopback only. Add --demo-public to listen on \(host).")
        }
    }
}
