// ServerBuild: the Exchange build the fake claims and the request versions that build accepts.

/// The server build announced in `ServerVersionInfo`. `15.x` is Exchange 2013+ (15.0 2013, 15.1 2016,
/// 15.2 2019, 15.20 Exchange Online); `14.x` is Exchange 2010; `8.x` is Exchange 2007.
public struct ServerBuild: Sendable, Equatable {
    public var major: Int
    public var minor: Int
    public var majorBuild: Int
    public var minorBuild: Int
    /// The `Version` attribute of ServerVersionInfo (nil omits it, as some servers do).
    public var versionName: String?

    /// Parses `15.1.2507.6`; nil when it is not four dot-separated integers.
    public init?(_ text: String, versionName: String? = nil) {
        let parts = text.split(separator: ".").map { Int($0) }
        guard parts.count == 4, parts.allSatisfy({ $0 != nil && $0! >= 0 }) else { return nil }
        major = parts[0]!
        minor = parts[1]!
        majorBuild = parts[2]!
        minorBuild = parts[3]!
        self.versionName = versionName ?? ServerBuild.defaultVersionName(major: parts[0]!, minor: parts[1]!)
    }

    static func defaultVersionName(major: Int, minor: Int) -> String? {
        switch (major, minor) {
        case (8, 0): return nil
        case (8, _): return "Exchange2007_SP1"
        case (14, 0): return "Exchange2010"
        case (14, 1): return "Exchange2010_SP1"
        case (14, _): return "Exchange2010_SP2"
        case (15, 0): return "V2_23"
        case (15, 1), (15, 2): return "V2017_07_11"
        case (15, _): return "V2018_01_08"
        default: return nil
        }
    }

    /// The newest `RequestServerVersion` this build accepts.
    var newestAcceptedVersion: ExchangeVersion {
        switch (major, minor) {
        case (..<14, _): return minor == 0 ? .exchange2007 : .exchange2007SP1
        case (14, 0): return .exchange2010
        case (14, 1): return .exchange2010SP1
        case (14, _): return .exchange2010SP2
        case (15, 0): return majorBuild >= 847 ? .exchange2013SP1 : .exchange2013
        case (15, 1), (15, 2): return .v2017_07_11
        default: return .newest
        }
    }

    public var dotted: String { "\(major).\(minor).\(majorBuild).\(minorBuild)" }
}
