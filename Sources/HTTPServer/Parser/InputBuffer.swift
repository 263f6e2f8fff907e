// A connection's receive buffer: bytes read from the socket and not yet consumed by the parser.

/// Bytes received and not yet parsed. Consuming advances an index instead of shifting bytes;
/// `compact()` reclaims the consumed prefix when it is worth the copy.
struct InputBuffer {
    private(set) var bytes: [UInt8] = []
    private(set) var readIndex = 0

    var readableCount: Int { bytes.count - readIndex }
    var isEmpty: Bool { readableCount == 0 }

    mutating func append(_ pointer: UnsafeRawBufferPointer) {
        bytes.append(contentsOf: pointer)
    }

    mutating func append<S: Sequence>(contentsOf sequence: S) where S.Element == UInt8 {
        bytes.append(contentsOf: sequence)
    }

    mutating func consume(_ count: Int) {
        readIndex += count
        if readIndex == bytes.count {
            bytes.removeAll(keepingCapacity: true)
            readIndex = 0
        }
    }

    /// Drops consumed bytes once they are at least half the buffer, so pipelined or slow input
    /// cannot grow it without bound while keeping copies amortised O(1).
    mutating func compact() {
        if readIndex > 0 && readIndex * 2 >= bytes.count {
            bytes.removeFirst(readIndex)
            readIndex = 0
        }
    }

    subscript(offset: Int) -> UInt8 { bytes[readIndex + offset] }

    /// The readable bytes from `offset` (relative to the read index) for `count` bytes.
    func slice(_ offset: Int, _ count: Int) -> ArraySlice<UInt8> {
        bytes[(readIndex + offset)..<(readIndex + offset + count)]
    }

    /// Offset (relative to the read index) of the first `\r\n\r\n` at or after `from`, or nil.
    func firstHeaderTerminator(from: Int) -> Int? {
        let start = readIndex + from
        guard bytes.count - start >= 4 else { return nil }
        return bytes.withUnsafeBufferPointer { buffer -> Int? in
            var index = start
            let end = buffer.count - 3
            while index < end {
                // Skip quickly to the next CR; most bytes are not.
                if buffer[index] == 13 && buffer[index + 1] == 10 && buffer[index + 2] == 13 && buffer[index + 3] == 10 {
                    return index - readIndex
                }
                index += 1
            }
            return nil
        }
    }

    /// Offset (relative to the read index) of the first bare line-break byte at or after `from`: an LF
    /// not preceded by CR, or a CR followed by anything but LF. A CR at the very end is not yet bare.
    func firstBareLineBreak(from: Int) -> Int? {
        var index = readIndex + max(0, from)
        while index < bytes.count {
            switch bytes[index] {
            case 10 where index == readIndex || bytes[index - 1] != 13: return index - readIndex
            case 13 where index + 1 < bytes.count && bytes[index + 1] != 10: return index - readIndex
            default: index += 1
            }
        }
        return nil
    }

    /// Offset (relative to the read index) of the first `\r\n` at or after `from` within `limit` bytes.
    func firstLineEnd(from: Int, limit: Int) -> Int? {
        let start = readIndex + from
        let end = min(bytes.count - 1, start + limit)
        var index = start
        while index < end {
            if bytes[index] == 13 && bytes[index + 1] == 10 { return index - readIndex }
            index += 1
        }
        return nil
    }
}
