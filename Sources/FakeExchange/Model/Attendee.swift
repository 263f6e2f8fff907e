// Attendee: an address on an event (organizer or attendee) and its response.

/// An address on an event. `address` may be outside the directory (a one-off recipient).
public struct Attendee: Sendable, Equatable {
    public var address: String
    public var name: String?
    /// EWS ResponseType: Unknown, Organizer, Tentative, Accept, Decline, NoResponseReceived.
    public var response: String
    /// Serve this address as `RoutingType EX` with a legacy DN instead of SMTP.
    public var routingTypeEX: Bool

    public init(address: String, name: String? = nil, response: String = "Unknown", routingTypeEX: Bool = false) {
        self.address = address
        self.name = name
        self.response = response
        self.routingTypeEX = routingTypeEX
    }
}
