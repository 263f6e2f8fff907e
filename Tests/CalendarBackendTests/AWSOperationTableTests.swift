// AWSOperationTableTests: the README's table of AWS API operations names exactly the operations the front-end answers,
// and every one of them is an operation of the alexaforbusiness model.
import Foundation
import Testing
@testable import CalendarBackend

@Suite struct AWSOperationTableTests {
    @Test func theReadmeTableIsTheOperationsServed() throws {
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let readme = try String(contentsOf: root.appendingPathComponent("README.md"), encoding: .utf8)
        let table = try #require(readme.components(separatedBy: "| Operations | Notes |").dropFirst().first, "the README has no operations table")
        let rows = table.split(separator: "\n").dropFirst().prefix { $0.hasPrefix("|") }
        let named = rows.flatMap { row in
            row.split(separator: "|").first.map { cell in cell.matches(of: /`([A-Za-z]+)`/).map { String($0.1) } } ?? []
        }
        #expect(named.sorted() == AWSAPI.supportedOperations)
        #expect(Set(AWSAPI.supportedOperations).isSubset(of: AWSModel.operations))
        #expect(AWSAPI.supportedOperations.count == 27, "users 7, rooms 5, profiles 5, conference providers 7, tags 3")
    }
}
