// EndpointCheck: what an anonymous request learned about an EWS endpoint.
import Foundation

/// An anonymous look at an endpoint: the auth schemes it offers and how long TCP and TLS took.
public struct EndpointCheck: Sendable, Equatable {
    public let offeredSchemes: [String]
    public let connectMilliseconds: Int
    public let tlsMilliseconds: Int

    public var offersBasic: Bool { offeredSchemes.contains { $0.lowercased() == "basic" } }
}
