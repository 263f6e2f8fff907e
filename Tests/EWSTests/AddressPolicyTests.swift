// The IPv6 side of the address policy: prefixes that embed an IPv4 address are judged by that address.
import EWS
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
}
