// ExchangeVersion: the ordered RequestServerVersion values of the EWS schema.

/// A `RequestServerVersion@Version` value, ordered from oldest to newest.
enum ExchangeVersion: Int, Comparable, Sendable, CaseIterable {
    case exchange2007, exchange2007SP1, exchange2009, exchange2010, exchange2010SP1, exchange2010SP2, exchange2012,
        exchange2013, exchange2013SP1, exchange2015, exchange2016, v2015_10_05, v2016_01_06, v2016_04_13,
        v2016_07_13, v2016_10_10, v2017_01_07, v2017_04_14, v2017_07_11, v2018_01_08

    static let newest = ExchangeVersion.v2018_01_08

    /// The schema spelling of the value.
    var name: String {
        switch self {
        case .exchange2007: return "Exchange2007"
        case .exchange2007SP1: return "Exchange2007_SP1"
        case .exchange2009: return "Exchange2009"
        case .exchange2010: return "Exchange2010"
        case .exchange2010SP1: return "Exchange2010_SP1"
        case .exchange2010SP2: return "Exchange2010_SP2"
        case .exchange2012: return "Exchange2012"
        case .exchange2013: return "Exchange2013"
        case .exchange2013SP1: return "Exchange2013_SP1"
        case .exchange2015: return "Exchange2015"
        case .exchange2016: return "Exchange2016"
        case .v2015_10_05: return "V2015_10_05"
        case .v2016_01_06: return "V2016_01_06"
        case .v2016_04_13: return "V2016_04_13"
        case .v2016_07_13: return "V2016_07_13"
        case .v2016_10_10: return "V2016_10_10"
        case .v2017_01_07: return "V2017_01_07"
        case .v2017_04_14: return "V2017_04_14"
        case .v2017_07_11: return "V2017_07_11"
        case .v2018_01_08: return "V2018_01_08"
        }
    }

    /// Parses a schema value (exact spelling, as the schema enumeration requires).
    init?(name: String) {
        guard let match = Self.allCases.first(where: { $0.name == name }) else { return nil }
        self = match
    }

    static func < (lhs: ExchangeVersion, rhs: ExchangeVersion) -> Bool { lhs.rawValue < rhs.rawValue }
}
