// The address policy: private IPv4 ranges, and IPv6 prefixes that embed an IPv4 address judged by that address.
import Curl
import Testing

@Suite struct AddressPolicyTests {
    @Test(arguments: [
        ("::1", false), ("::ffff:127.0.0.1", false), ("fd00:ec2::254", false), ("fe80::1", false),
        // IPv4-compatible, IPv4-translated, NAT64 (well-known and local-use) and 6to4 forms of private addresses.
        ("::127.0.0.1", false), ("::10.0.0.1", false), ("::ffff:0:169.254.169.254", false),
        ("64:ff9b::169.254.169.254", false), ("64:ff9b::10.1.2.3", false), ("64:ff9b:1::a01:203", false),
        ("2002:7f00:1::1", false), ("2002:c0a8:101::1", false), ("fec0::1", false),
        // Their public counterparts stay allowed.
        ("64:ff9b::8.8.8.8", true), ("2002:808:808::1", true), ("2606:4700::1111", true), ("::ffff:8.8.8.8", true),
    ])
    func ipv6Classification(address: String, allowed: Bool) {
        #expect(AddressPolicy(allowPrivate: false).allows(address: address) == allowed)
    }

    @Test(arguments: [
        ([UInt8]([10, 1, 2, 3]), true), ([127, 0, 0, 1], true), ([169, 254, 169, 254], true), ([172, 20, 0, 1], true),
        ([192, 168, 1, 1], true), ([100, 100, 0, 1], true), ([0, 0, 0, 0], true), ([8, 8, 8, 8], false), ([52, 1, 2, 3], false),
    ])
    func ipv4Classification(bytes: [UInt8], isPrivate: Bool) {
        let policy = AddressPolicy(allowPrivate: false)
        #expect(policy.allows(address: bytes.map(String.init).joined(separator: ".")) == !isPrivate)
    }
}
