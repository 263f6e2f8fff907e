// SpeechRenderer.spoken: its shortcut for plain ASCII fields gives what the full cleanup gives, for any text.
import Foundation
import Testing
@testable import Voice

@Suite struct SpokenFieldTests {
    /// The cleanup without the shortcut, as `spoken` was written before it.
    private func fullCleanup(_ text: String) -> String {
        var result = text.split(whereSeparator: { $0.isWhitespace || $0.unicodeScalars.allSatisfy { $0.properties.generalCategory == .control } })
            .joined(separator: " ")
        if result.count > SpeechRenderer.maxFieldLength {
            let cut = result.prefix(SpeechRenderer.maxFieldLength)
            if let space = cut.lastIndex(of: " "), cut.distance(from: cut.startIndex, to: space) > SpeechRenderer.maxFieldLength / 2 {
                result = String(cut[..<space])
            } else {
                result = String(cut)
            }
        }
        while let last = result.last, ".,;:".contains(last) { result.removeLast() }
        return result.trimmingCharacters(in: .whitespaces)
    }

    @Test func anyTextIsCleanedUpAsTheFullCleanupDoes() {
        let pieces = ["a", "Lunch", "with", "Sam", " ", "  ", ".", ",", ";", ":", "\t", "\n", "\u{1}", "\u{7F}", "é", "–", "\u{A0}", "x.y", "Room 4"]
        var generator = SystemRandomNumberGenerator()
        var samples = ["", " ", "Standup", "Lunch with Sam", "Lunch with Sam.", " Lunch", "Lunch  with", String(repeating: "word ", count: 60),
                       String(repeating: "a", count: 200), String(repeating: "a", count: 201)]
        for _ in 0..<3000 {
            samples.append((0..<Int.random(in: 0...12, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined())
        }
        for text in samples {
            #expect(SpeechRenderer.spoken(text) == fullCleanup(text), "\(text.debugDescription)")
        }
    }
}
