// ZeroPaddingTests: the same text as String(format: "%0Nd").
import Foundation
import Testing
import TextSupport

@Suite struct ZeroPaddingTests {
    @Test(arguments: [0, 1, 9, 10, 99, 100, 999, 2026, 12345, -1, -42, Int.max, Int.min + 1])
    func sameAsPrintf(_ value: Int) {
        for width in 0...6 {
            #expect(String(value, zeroPaddedTo: width) == String(format: "%0\(width)ld", value), "\(value) width \(width)")
        }
    }
}
