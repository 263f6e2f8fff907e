// JSONWriter writes what Foundation's JSONEncoder (sorted keys, unescaped slashes, ISO 8601 dates) writes.
import Foundation
import Testing
import TextSupport

@Suite struct JSONWriterTests {
    private static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .iso8601
        return encoder
    }()

    private func encoded<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try Self.encoder.encode(value), as: UTF8.self)
    }

    private func written(_ body: (inout JSONWriter) -> Void) -> String {
        var json = JSONWriter()
        body(&json)
        return String(decoding: json.bytes, as: UTF8.self)
    }

    @Test func everyASCIICharacterIsEscapedAsJSONEncoderEscapesIt() throws {
        for code in UInt8(0)...UInt8(127) {
            let text = "a\(Character(Unicode.Scalar(code)))b"
            #expect(written { $0.string(text) } == (try encoded(text)), "character \(code)")
        }
    }

    @Test func unicodeSlashesAndEmptyStringsPassThroughAsJSONEncoderWritesThem() throws {
        for text in ["", "/v1/organizations", "Café Rio – 12:30 PM", "日本語", "emoji 🎉 and \u{2028} \u{2029}", "\u{7F}", "\\\"\n"] {
            #expect(written { $0.string(text) } == (try encoded(text)), "\(text.debugDescription)")
        }
    }

    @Test func instantsAreWrittenAsJSONEncodersISO8601() throws {
        // From the Gregorian reform on: before 1582-10-15 Foundation's calendar turns Julian, where ISO 8601 (and this
        // writer) stay proleptic Gregorian.
        var seconds: [Double] = [0, 1, 59, 86_399, 86_400, 951_782_400, 1_764_892_800, 1_798_675_199, 4_102_444_800,
                                 253_402_300_799, -1, -86_400, -86_401, -12_219_292_800]
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<500 { seconds.append(Double(Int.random(in: -12_219_292_800...253_402_300_799, using: &generator))) }
        for value in seconds {
            let date = Date(timeIntervalSince1970: value)
            #expect(written { $0.instant(secondsSince1970: Int(value)) } == (try encoded(date)), "\(value)")
        }
        #expect(written { $0.instant(secondsSince1970: -62_167_219_200) } == #""0000-01-01T00:00:00Z""#)
        #expect(written { $0.instant(secondsSince1970: -12_219_292_801) } == #""1582-10-14T23:59:59Z""#)
        // A fraction of a second is dropped, as .iso8601 drops it.
        let fractional = Date(timeIntervalSince1970: 1_764_892_800.75)
        #expect(written { $0.instant(secondsSince1970: Int(fractional.timeIntervalSince1970.rounded(.down))) } == (try encoded(fractional)))
    }

    private struct Shape: Encodable {
        struct Inner: Encodable { let b: Bool; let s: String? }
        let list: [Inner]
        let name: String
        let none: String?
        let on: Bool
    }

    @Test func objectsArraysAndOptionalsNestAsJSONEncoderNestsThem() throws {
        let shape = Shape(list: [.init(b: true, s: "x"), .init(b: false, s: nil)], name: "n", none: nil, on: false)
        let text = written { json in
            json.object { json in
                json.field("list") { json in
                    json.array { json in
                        for inner in shape.list {
                            json.element { json in
                                json.object { json in
                                    json.field("b") { $0.bool(inner.b) }
                                    if let s = inner.s { json.field("s") { $0.string(s) } }
                                }
                            }
                        }
                    }
                }
                json.field("name") { $0.string(shape.name) }
                json.field("on") { $0.bool(shape.on) }
            }
        }
        #expect(text == (try encoded(shape)))
        #expect(written { json in json.array { _ in } } == "[]")
        #expect(written { json in json.object { $0.field("k") { $0.null() } } } == #"{"k":null}"#)
    }
}
