// LoopbackURL: the one check the load generators make before sending anything: the target is on this machine.
import Foundation

public enum LoopbackURL {
    /// True when `url` names 127.0.0.1, localhost or ::1.
    public static func isLoopback(_ url: String) -> Bool {
        guard let host = URL(string: url)?.host else { return false }
        return ["127.0.0.1", "localhost", "::1"].contains(host)
    }
}
