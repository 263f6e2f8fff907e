// The flags that decide which Exchange endpoints the service may call, and how.
import ArgumentParser
import CalendarBackend
import Foundation

struct EWSOptions: ParsableArguments {
    @Flag(help: "Allow EWS hosts that resolve to loopback, private, link-local or metadata addresses (tests, demo). [env: A4B_ALLOW_PRIVATE_EWS=true]")
    var allowPrivateEws = false

    @Flag(help: "Allow plain http:// EWS endpoints (tests, demo); passwords then travel unencrypted. [env: A4B_ALLOW_INSECURE_EWS=true]")
    var allowInsecureEws = false

    @Option(help: "Comma-separated EWS hosts that may be linked or tested, e.g. mail.contoso.com,*.contoso.net; unset: any. [env: A4B_EWS_ALLOWED_HOSTS]")
    var ewsAllowedHosts: String?

    @Option(help: "Extra CA bundle (PEM) to trust for EWS besides the system store, for private CAs. [env: A4B_EWS_CA_FILE]")
    var ewsCaFile: String?

    @Option(help: "Seconds each EWS call of a link check or a user's calendar link may take. [env: A4B_EWS_TIMEOUT] (default: 10)")
    var ewsTimeout: Double?

    func stepTimeout() throws -> Duration {
        let seconds = try Setting.resolve(ewsTimeout, env: "A4B_EWS_TIMEOUT", default: 10)
        guard seconds > 0 && seconds <= 300 else { throw ValidationError("ews-timeout must be between 0 and 300 seconds") }
        return .milliseconds(Int(seconds * 1000))
    }

    func policy() throws -> EWSPolicy {
        var policy = EWSPolicy()
        policy.allowPrivateAddresses = try allowPrivateEws || Setting.flag(env: "A4B_ALLOW_PRIVATE_EWS")
        policy.allowInsecureHTTP = try allowInsecureEws || Setting.flag(env: "A4B_ALLOW_INSECURE_EWS")
        let hosts = try Setting.resolve(ewsAllowedHosts, env: "A4B_EWS_ALLOWED_HOSTS", default: "")
        policy.allowedHosts = hosts.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let caFile = try Setting.resolve(ewsCaFile, env: "A4B_EWS_CA_FILE", default: "")
        if !caFile.isEmpty {
            guard FileManager.default.isReadableFile(atPath: caFile) else { throw ValidationError("EWS CA file \(caFile) cannot be read") }
            policy.caFile = caFile
        }
        return policy
    }
}
