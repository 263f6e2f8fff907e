// Date+WholeSeconds: times rounded down to the second, the precision the stores keep.
import Foundation

extension Date {
    /// Whole seconds: stored times have second precision, so answers match what is stored.
    var roundedToSeconds: Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
