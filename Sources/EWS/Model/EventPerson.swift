// EventPerson: an organizer or attendee as EWS reports them.
import Foundation

/// A person on an event: organizer or attendee. `address` may be an Exchange legacy DN (`routingType`
/// `EX`) rather than SMTP; speak `name`.
public struct EventPerson: Sendable, Equatable {
    public let name: String?
    public let address: String?
    public let routingType: String?
}
