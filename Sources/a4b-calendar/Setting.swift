// Resolving a setting from its flag, then its A4B_* environment variable, then its default.
import ArgumentParser
import Foundation

/// A setting's value: the command-line flag wins over the environment variable, which wins over the
/// default. A malformed environment value is an error naming the variable, never silently ignored.
enum Setting {
    static func resolve<T: LosslessStringConvertible>(_ flag: T?, env name: String, default fallback: T,
                                                      environment: [String: String] = ProcessInfo.processInfo.environment) throws -> T {
        if let flag { return flag }
        guard let raw = environment[name], !raw.isEmpty else { return fallback }
        guard let value = T(raw.trimmingCharacters(in: .whitespaces)) else {
            throw ValidationError("\(name)=\(raw) is not a valid \(String(describing: T.self).lowercased())")
        }
        return value
    }

    /// A boolean environment variable: true/1/yes or false/0/no (unset: false).
    static func flag(env name: String, environment: [String: String] = ProcessInfo.processInfo.environment) throws -> Bool {
        guard let raw = environment[name]?.lowercased(), !raw.isEmpty else { return false }
        switch raw {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw ValidationError("\(name)=\(raw) must be true or false")
        }
    }
}
