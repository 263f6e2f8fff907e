// The Exchange build a server announces in ServerVersionInfo.

/// `ServerVersionInfo` from a response header. 15.x is Exchange 2013 or later (15.0 2013, 15.1 2016,
/// 15.2 2019, 15.20+ Exchange Online), 14.x is 2010, 8.x is 2007.
public struct ServerVersion: Sendable, Equatable, CustomStringConvertible {
    public let major: Int
    public let minor: Int
    public let majorBuild: Int
    public let minorBuild: Int
    /// The `Version` attribute (`V2017_07_11`, `Exchange2010_SP2`); informational only, may be absent.
    public let name: String?

    public init(major: Int, minor: Int, majorBuild: Int, minorBuild: Int, name: String? = nil) {
        self.major = major
        self.minor = minor
        self.majorBuild = majorBuild
        self.minorBuild = minorBuild
        self.name = name
    }

    /// A4B required Exchange 2013 or later.
    public var isSupported: Bool { major >= 15 }

    /// `15.1.2507.6`
    public var build: String { "\(major).\(minor).\(majorBuild).\(minorBuild)" }

    /// The product, for messages: "Exchange 2016", "Exchange Online", "Exchange 2010".
    public var productName: String {
        switch (major, minor) {
        case (15, 0): return "Exchange 2013"
        case (15, 1): return "Exchange 2016"
        case (15, 2): return "Exchange 2019"
        case (15, 20...): return "Exchange Online"
        case (14, _): return "Exchange 2010"
        case (8, _): return "Exchange 2007"
        default: return "Exchange \(major).\(minor)"
        }
    }

    public var description: String { "\(productName) (\(build))" }
}
