// Tokenizer: the byte-level path for ASCII text splits and normalises exactly as the Character path does.
import Foundation
import Testing
@testable import Voice

@Suite struct TokenizerShortcutTests {
    @Test func asciiTextGivesTheSameWordsEitherWay() {
        let pieces = ["what's", "on", "my", "calendar", "tomorrow", "at", "3pm", "10:30am", "p.m.", "twenty-first", "check-in", "Sam's",
                      "o'clock", "`til", " ", "  ", "\t", "\r\n", "\n", ",", ".", "?", "!", "(", ")", "\"", "[x]", "{y}", ";", ":", "-", "'",
                      "12/3", "Q1/Q2", "_", "#", "@", "~", "\u{B}", "\u{C}", "\u{1F}", "\u{7F}", "e.g", "DON'T", "IM", "a"]
        var generator = SystemRandomNumberGenerator()
        var samples = ["", " ", "what's on my calendar tomorrow", "Add lunch with Sam on Friday at noon for an hour."]
        for _ in 0..<3000 {
            samples.append((0..<Int.random(in: 0...10, using: &generator)).map { _ in pieces.randomElement(using: &generator)! }.joined(separator: Bool.random(using: &generator) ? " " : ""))
        }
        for text in samples {
            let bytes = Tokenizer.asciiWords(text), characters = Tokenizer.characterWords(text)
            #expect(bytes.map(\.norm) == characters.map(\.norm), "\(text.debugDescription)")
            #expect(bytes.map { text[$0.range] } == characters.map { text[$0.range] }, "\(text.debugDescription)")
        }
    }
}
