// Which resolved addresses the transport may connect to.
import Foundation
import Glibc

/// Decides, for each address the transport is about to connect to, whether it may. The check runs on
/// the address actually connected to (inside libcurl's socket-open callback), so a DNS answer cannot
/// change between the check and the connection.
public struct AddressPolicy: Sendable {
    /// Whether loopback, private, link-local, CGNAT, unique-local and metadata addresses are allowed.
    public var allowPrivate: Bool

    public init(allowPrivate: Bool) {
        self.allowPrivate = allowPrivate
    }

    public static let allowAll = AddressPolicy(allowPrivate: true)

    func allows(ipv4 bytes: (UInt8, UInt8, UInt8, UInt8)) -> Bool {
        allowPrivate || !Self.isPrivate(ipv4: bytes)
    }

    func allows(ipv6 bytes: [UInt8]) -> Bool {
        allowPrivate || !Self.isPrivate(ipv6: bytes)
    }

    static func isPrivate(ipv4 b: (UInt8, UInt8, UInt8, UInt8)) -> Bool {
        switch (b.0, b.1) {
        case (0, _), (10, _), (127, _): return true                 // this network, private, loopback
        case (169, 254): return true                                // link-local, cloud metadata
        case (172, 16...31), (192, 168): return true                // private
        case (100, 64...127): return true                           // carrier-grade NAT
        case (192, 0) where b.2 == 0: return true                   // IETF protocol assignments
        case (198, 18...19): return true                            // benchmarking
        case (224...255, _): return true                            // multicast, reserved, broadcast
        default: return false
        }
    }

    static func isPrivate(ipv6 bytes: [UInt8]) -> Bool {
        guard bytes.count == 16 else { return true }
        if bytes[0..<15].allSatisfy({ $0 == 0 }) { return true }                     // :: and ::1
        if bytes[0..<10].allSatisfy({ $0 == 0 }) && bytes[10] == 0xff && bytes[11] == 0xff {
            return isPrivate(ipv4: (bytes[12], bytes[13], bytes[14], bytes[15]))      // IPv4-mapped
        }
        // Prefixes that carry an IPv4 address which the stack or a NAT64/6to4 gateway delivers to: judge that address.
        let embedded = (bytes[12], bytes[13], bytes[14], bytes[15])
        if bytes[0..<12].allSatisfy({ $0 == 0 }) { return isPrivate(ipv4: embedded) }              // ::a.b.c.d (IPv4-compatible)
        if bytes[0..<8].allSatisfy({ $0 == 0 }) && bytes[8...11].elementsEqual([0xff, 0xff, 0, 0]) {
            return isPrivate(ipv4: embedded)                                                       // ::ffff:0:a.b.c.d (translated)
        }
        if bytes[0..<12].elementsEqual([0, 0x64, 0xff, 0x9b, 0, 0, 0, 0, 0, 0, 0, 0]) {
            return isPrivate(ipv4: embedded)                                                       // 64:ff9b::/96 NAT64
        }
        if bytes[0..<6].elementsEqual([0, 0x64, 0xff, 0x9b, 0, 1]) { return true }                 // 64:ff9b:1::/48 local NAT64
        if bytes[0] == 0x20 && bytes[1] == 0x02 { return isPrivate(ipv4: (bytes[2], bytes[3], bytes[4], bytes[5])) }  // 2002::/16 6to4
        if bytes[0] & 0xfe == 0xfc { return true }                                    // fc00::/7 unique local
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0x80 { return true }                // fe80::/10 link-local
        if bytes[0] == 0xfe && bytes[1] & 0xc0 == 0xc0 { return true }                // fec0::/10 site-local (deprecated)
        if bytes[0] == 0xff { return true }                                           // multicast
        return false
    }
}

extension AddressPolicy {
    /// RFC 6761: names under `.invalid` never resolve, so callers answer without asking any DNS server.
    public static func neverResolves(_ host: String) -> Bool {
        let host = host.lowercased()
        return host == "invalid" || host.hasSuffix(".invalid")
    }

    /// Whether a textual IPv4 or IPv6 address is allowed; nil when `text` is not an IP address.
    public func allows(address text: String) -> Bool? {
        var ipv4 = in_addr()
        if inet_pton(AF_INET, text, &ipv4) == 1 {
            let value = UInt32(bigEndian: ipv4.s_addr)
            return allows(ipv4: (UInt8(value >> 24), UInt8((value >> 16) & 0xff), UInt8((value >> 8) & 0xff), UInt8(value & 0xff)))
        }
        var ipv6 = in6_addr()
        if inet_pton(AF_INET6, text.trimmingCharacters(in: CharacterSet(charactersIn: "[]")), &ipv6) == 1 {
            return allows(ipv6: withUnsafeBytes(of: &ipv6) { Array($0) })
        }
        return nil
    }
}
