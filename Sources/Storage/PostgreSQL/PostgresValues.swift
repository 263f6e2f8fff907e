// PostgresValues: SQLValue to libpq parameters and back, by type OID.
import CPostgreSQL

/// The parameter arrays `PQsendQueryParams` takes, built from bindings.
///
/// Each value is sent with its type, so a text bound where an integer is stored is an error rather than a silent
/// cast: integers as `int8`, reals as `float8`, text as `text`, all in text format; blobs as `bytea` in binary
/// format (bytes exactly, zeros included). NULL goes untyped, so it fits any column; PostgreSQL then takes the type
/// from the context, which a bare `? IS NULL` does not give (write `CAST(? AS TEXT) IS NULL` there).
struct PostgresParameters {
    private(set) var types: [Oid] = []
    private var buffers: [[UInt8]] = []
    private var isNull: [Bool] = []
    private var formats: [Int32] = []
    private var lengths: [Int32] = []

    init(_ bindings: [SQLValue]) {
        for value in bindings {
            switch value {
            case .null: append(0, [], format: 0, null: true)
            case .integer(let integer): append(PostgresValues.int8, Array(String(integer).utf8), format: 0)
            case .real(let real): append(PostgresValues.float8, Array(PostgresValues.text(of: real).utf8), format: 0)
            case .text(let text): append(PostgresValues.text, Array(text.utf8), format: 0)
            case .blob(let bytes): append(PostgresValues.bytea, bytes, format: 1)
            }
        }
    }

    private mutating func append(_ type: Oid, _ bytes: [UInt8], format: Int32, null: Bool = false) {
        types.append(type)
        // Text parameters are read up to a NUL; binary ones by length, and an empty one still needs a non-NULL
        // pointer (NULL would read as SQL NULL), hence the NUL either way.
        buffers.append(bytes + [0])
        lengths.append(format == 1 ? Int32(bytes.count) : 0)
        isNull.append(null)
        formats.append(format)
    }

    /// Calls `body` with the four arrays (nil when there are no parameters), valid only during the call.
    func withPointers<R>(
        _ body: (UnsafePointer<Oid>?, UnsafePointer<UnsafePointer<CChar>?>?, UnsafePointer<Int32>?, UnsafePointer<Int32>?) -> R
    ) -> R {
        guard !types.isEmpty else { return body(nil, nil, nil, nil) }
        return withPointers(buffers[...], collected: []) { values in
            types.withUnsafeBufferPointer { types in
                lengths.withUnsafeBufferPointer { lengths in
                    formats.withUnsafeBufferPointer { formats in
                        values.withUnsafeBufferPointer { values in
                            body(types.baseAddress, values.baseAddress, lengths.baseAddress, formats.baseAddress)
                        }
                    }
                }
            }
        }
    }

    /// Pins each buffer in turn (recursion keeps every pointer valid until the innermost call returns).
    private func withPointers<R>(_ rest: ArraySlice<[UInt8]>, collected: [UnsafePointer<CChar>?],
                                 _ body: ([UnsafePointer<CChar>?]) -> R) -> R {
        guard let first = rest.first else { return body(collected) }
        let index = collected.count
        if isNull[index] { return withPointers(rest.dropFirst(), collected: collected + [nil], body) }
        return first.withUnsafeBufferPointer { buffer in
            let pointer = buffer.baseAddress.map { UnsafeRawPointer($0).assumingMemoryBound(to: CChar.self) }
            return withPointers(rest.dropFirst(), collected: collected + [pointer], body)
        }
    }
}

/// Type OIDs (pg_type.oid, fixed since PostgreSQL 7) and the text forms of results.
enum PostgresValues {
    static let bool: Oid = 16
    static let bytea: Oid = 17
    static let int8: Oid = 20
    static let int2: Oid = 21
    static let int4: Oid = 23
    static let text: Oid = 25
    static let oid: Oid = 26
    static let float4: Oid = 700
    static let float8: Oid = 701
    static let numeric: Oid = 1700

    /// A real in a form PostgreSQL reads back exactly (Swift's shortest round-trip form; `Infinity`, `NaN`).
    static func text(of real: Double) -> String {
        if real.isNaN { return "NaN" }
        if real.isInfinite { return real < 0 ? "-Infinity" : "Infinity" }
        return "\(real)"
    }

    /// One result value in text format, as the storage class SQLite would have returned for it.
    static func decode(_ bytes: UnsafeRawBufferPointer, type: Oid) -> SQLValue {
        let text = String(decoding: bytes, as: UTF8.self)
        switch type {
        case int8, int4, int2, oid:
            return Int64(text).map(SQLValue.integer) ?? .text(text)
        case bool:
            return .integer(text == "t" ? 1 : 0)
        case float4, float8:
            return Double(text).map(SQLValue.real) ?? .text(text)
        case numeric:
            // SUM and AVG of integers are numeric; a whole number reads as INTEGER, as SQLite's would.
            if let integer = Int64(text) { return .integer(integer) }
            return Double(text).map(SQLValue.real) ?? .text(text)
        case bytea:
            return .blob(hexBytes(text) ?? Array(bytes))
        default:
            return .text(text)
        }
    }

    /// bytea's text output (`\x` then two hex digits per byte).
    static func hexBytes(_ text: String) -> [UInt8]? {
        let utf8 = Array(text.utf8)
        guard utf8.count >= 2, utf8[0] == UInt8(ascii: "\\"), utf8[1] == UInt8(ascii: "x"), utf8.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity((utf8.count - 2) / 2)
        var index = 2
        while index < utf8.count {
            guard let high = nibble(utf8[index]), let low = nibble(utf8[index + 1]) else { return nil }
            bytes.append(high << 4 | low)
            index += 2
        }
        return bytes
    }

    private static func nibble(_ character: UInt8) -> UInt8? {
        switch character {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): character - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): character - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): character - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
