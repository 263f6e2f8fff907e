// TrimmingTests: the same answers as Foundation's trimmingCharacters(in:) for both whitespace sets.
import Foundation
import Testing
import TextSupport

@Suite struct TrimmingTests {
    static let samples: [String] = [
        "", " ", "\t", "\n", "\r\n", "a", " a ", "\ta b\t", "\n a \n", "\r\nline\r\n", "  two  words  ",
        "\u{00A0}nbsp\u{00A0}", "\u{2003}em\u{3000}", "\u{0085}nel\u{2028}", "\u{2029}", "\u{000B}\u{000C}vt ff",
        "caf\u{00E9} ", " e\u{0301} ", " \u{0301}", "日本 ", "\u{200B}zero width\u{200B}", "👩‍👩‍👧 ", " \u{FEFF}bom",
        "2026-12-03T09:00:00Z", "  Bearer token  ",
    ]

    @Test(arguments: samples) func sameAsFoundation(_ text: String) {
        #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "\(Array(text.unicodeScalars))")
        #expect(text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines), "\(Array(text.unicodeScalars))")
        let sub = text[...]
        #expect(sub.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces))
    }

    /// Every scalar of the Basic Multilingual Plane and the supplementary planes' first block, alone and around a word.
    @Test func everyScalarIsClassifiedAsFoundationDoes() {
        for value in 0..<0x1_1000 {
            guard let scalar = Unicode.Scalar(value) else { continue }
            let text = "\(scalar)x\(scalar)"
            #expect(text.trimmingWhitespace() == text.trimmingCharacters(in: .whitespaces), "U+\(String(value, radix: 16))")
            #expect(text.trimmingWhitespaceAndNewlines() == text.trimmingCharacters(in: .whitespacesAndNewlines), "U+\(String(value, radix: 16))")
        }
    }
}
