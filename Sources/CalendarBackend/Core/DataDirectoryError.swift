// DataDirectoryError: why the data folder could not be used, naming its path.
import Foundation
import Glibc

public struct DataDirectoryError: Error, CustomStringConvertible {
    public let description: String
    init(_ description: String) { self.description = description }
}
