// LoopbackHost: whether a host name or address stays on this machine.

public enum LoopbackHost {
    /// `localhost`, `127.x.x.x` or `::1` (brackets allowed), case-insensitive.
    public static func contains(_ host: String) -> Bool {
        let name = host.lowercased().trimmingCharacters(in: ["[", "]"])
        return name == "localhost" || name == "::1" || name.hasPrefix("127.")
    }
}
