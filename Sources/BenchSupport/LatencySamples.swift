// LatencySamples: one caller's fixed-size latency buffer (no locks, no growth on the hot path) and the merged summary,
// shared by the load generators (ews-bench, voice-bench).

/// Latencies one caller recorded, in nanoseconds. Preallocated (and touched) before the run so that
/// recording is a store and an increment; calls past the capacity still count in `count` and `sumNanos`
/// but keep no sample.
public struct LatencySamples: Sendable {
    public private(set) var nanos: [Int64]
    public private(set) var kept = 0
    public private(set) var count = 0
    public private(set) var sumNanos: Int64 = 0
    public private(set) var maxNanos: Int64 = 0

    public init(capacity: Int) {
        nanos = [Int64](repeating: 0, count: max(1, capacity))
    }

    @inline(__always)
    public mutating func record(_ value: Int64) {
        if kept < nanos.count {
            nanos[kept] = value
            kept += 1
        }
        count += 1
        sumNanos &+= value
        if value > maxNanos { maxNanos = value }
    }

    public var dropped: Int { count - kept }

    /// The samples of every caller, merged and sorted, with the totals.
    public static func summary(of callers: [LatencySamples]) -> Summary {
        var all: [Int64] = []
        all.reserveCapacity(callers.reduce(0) { $0 + $1.kept })
        for caller in callers { all.append(contentsOf: caller.nanos[0..<caller.kept]) }
        all.sort()
        return Summary(sorted: all, count: callers.reduce(0) { $0 + $1.count },
                       sumNanos: callers.reduce(0) { $0 &+ $1.sumNanos }, maxNanos: callers.map(\.maxNanos).max() ?? 0)
    }

    public struct Summary: Sendable {
        public let sorted: [Int64]
        public let count: Int
        public let sumNanos: Int64
        public let maxNanos: Int64

        /// Nearest-rank percentile (p in 0...1) in milliseconds; 0 without samples.
        public func percentileMS(_ p: Double) -> Double {
            guard !sorted.isEmpty else { return 0 }
            let rank = Int((p * Double(sorted.count)).rounded(.up))
            return Double(sorted[min(max(rank, 1), sorted.count) - 1]) / 1e6
        }

        public var meanMS: Double { count == 0 ? 0 : Double(sumNanos) / Double(count) / 1e6 }
        public var maxMS: Double { Double(maxNanos) / 1e6 }
    }
}

extension Duration {
    /// Whole nanoseconds (saturating is not needed: single calls last far less than 292 years).
    public var nanoseconds: Int64 {
        let parts = components
        return parts.seconds * 1_000_000_000 + parts.attoseconds / 1_000_000_000
    }
}
