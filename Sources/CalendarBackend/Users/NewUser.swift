// NewUser: a user to create, as every front-end hands it to the enrollment use case.
import Foundation

/// The fields of a new user, validated.
public struct NewUser: Sendable, Equatable {
    public let email: EmailAddress
    public let firstName: PersonName
    public let lastName: PersonName
    /// nil: the organization's time zone.
    public let timeZone: TimeZoneName?

    public init(email: EmailAddress, firstName: PersonName, lastName: PersonName, timeZone: TimeZoneName?) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.timeZone = timeZone
    }
}

/// The REST body of a new user, before validation.
public struct NewUserInput: Decodable, Sendable {
    public var email: String?
    public var firstName: String?
    public var lastName: String?
    public var timeZone: String?

    public init(email: String? = nil, firstName: String? = nil, lastName: String? = nil, timeZone: String? = nil) {
        self.email = email
        self.firstName = firstName
        self.lastName = lastName
        self.timeZone = timeZone
    }

    /// - Throws: ``ServiceError/Code/invalidInput`` naming the first field at fault.
    public func validated() throws -> NewUser {
        guard let email else { throw ServiceError.invalidInput("email", "missing required field 'email'") }
        return NewUser(email: try EmailAddress(email), firstName: try PersonName(firstName, field: "firstName"),
                       lastName: try PersonName(lastName, field: "lastName"), timeZone: try timeZone.map { try TimeZoneName($0) })
    }
}
