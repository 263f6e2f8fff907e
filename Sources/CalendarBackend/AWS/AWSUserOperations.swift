// AWSUserOperations: CreateUser, SearchUsers, DeleteUser, SendInvitation, RevokeInvitation and the invitation
// configuration, over the enrollment use case REST v1 uses (the same users, statuses and invitation mails).
import HTTPServer
import Storage

enum AWSUserOperations {
    static let operations: [String: AWSOperationFactory] = [
        "CreateUser": createUser, "SearchUsers": searchUsers, "DeleteUser": deleteUser, "SendInvitation": sendInvitation,
        "RevokeInvitation": revokeInvitation, "GetInvitationConfiguration": getInvitationConfiguration,
        "PutInvitationConfiguration": putInvitationConfiguration,
    ]

    /// A user as SearchUsers lists it.
    struct UserData: Encodable {
        let UserArn: String
        let FirstName: String?
        let LastName: String?
        let Email: String
        let EnrollmentStatus: String
        let EnrollmentId: String

        init(_ user: UserView, caller: AWSCaller) {
            UserArn = caller.arn(.user, user.id)
            FirstName = user.firstName
            LastName = user.lastName
            Email = user.email
            EnrollmentStatus = user.enrollmentStatus
            EnrollmentId = caller.arn(.enrollment, user.enrollmentId)
        }
    }

    // MARK: - CreateUser

    struct CreateUserInput: Codable {
        var UserId: String?
        var FirstName: String?
        var LastName: String?
        var Email: String?
        var ClientRequestToken: String?
        var Tags: [AWSTag]?
    }

    static func createUser(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            var input = try call.input(CreateUserInput.self)
            var check = AWSValidation()
            check.required(input.UserId, "userId")
            check.length(input.UserId, "userId", 1...128)
            check.pattern(input.UserId, "userId", "[a-zA-Z0-9@_+.-]*", AWSPatterns.userID)
            for (name, value) in [("firstName", input.FirstName), ("lastName", input.LastName)] {
                check.length(value, name, 0...30)
                check.pattern(value, name, #"([A-Za-z\-' 0-9._]|\p{IsLetter})*"#, AWSPatterns.personName)
            }
            check.email(input.Email, "email")
            if input.Email == nil {
                check.fail("Value null at 'email' failed to satisfy constraint: this service needs every user's e-mail address (invitations go by e-mail)")
            }
            check.clientRequestToken(input.ClientRequestToken)
            check.tags(input.Tags)
            try check.check()
            let new = try NewUserInput(email: input.Email, firstName: input.FirstName, lastName: input.LastName).validated()
            let token = input.ClientRequestToken
            input.ClientRequestToken = nil
            do {
                let id = try await dependencies.idempotency.run(
                    organizationID: call.organizationID, operation: call.operation, token: token, input: canonicalJSON(input),
                    newID: dependencies.enrollment.newUserID(),
                    exists: { try await dependencies.enrollment.exists(organizationID: call.organizationID, id: $0) },
                    create: { id in
                        _ = try await dependencies.enrollment.create(organizationID: call.organizationID, new, externalID: input.UserId, id: id)
                    })
                try await dependencies.tags.tag(organizationID: call.organizationID, resourceID: id, input.Tags?.pairs ?? [])
                return call.ok(["UserArn": call.caller.arn(.user, id)])
            } catch let error as ServiceError {
                throw AWSError.from(error, operation: call.operation, clientRequestToken: token)
            }
        }
    }

    // MARK: - SearchUsers

    struct SearchUsersOutput: Encodable {
        let Users: [UserData]
        let NextToken: String?
        let TotalCount: Int
    }

    static func searchUsers(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(AWSSearchInput.Members.self)
            let (search, query, offset) = try AWSSearchInput.parse(input, fields: UserSearchField.self)
            let (users, total) = try await dependencies.enrollment.search(organizationID: call.organizationID, search)
            return call.ok(SearchUsersOutput(Users: users.map { UserData($0, caller: call.caller) },
                                             NextToken: AWSSearchInput.nextToken(offset: offset, count: users.count, total: total, query: query),
                                             TotalCount: total))
        }
    }

    // MARK: - DeleteUser, SendInvitation, RevokeInvitation

    struct UserReference: Codable {
        var UserArn: String?
        var EnrollmentId: String?
    }

    static func deleteUser(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(UserReference.self)
            var check = AWSValidation()
            check.required(input.EnrollmentId, "enrollmentId")
            check.reference(input)
            try check.check()
            let user = try await resolve(input, call: call, dependencies)
            try await dependencies.enrollment.delete(organizationID: call.organizationID, id: user.id)
            return call.ok()
        }
    }

    static func sendInvitation(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(UserReference.self)
            var check = AWSValidation()
            check.required(input.UserArn, "userArn")
            check.reference(UserReference(UserArn: input.UserArn))
            try check.check()
            let user = try await resolve(UserReference(UserArn: input.UserArn), call: call, dependencies)
            _ = try await dependencies.enrollment.invite(organizationID: call.organizationID, userID: user.id)
            return call.ok()
        }
    }

    static func revokeInvitation(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(UserReference.self)
            var check = AWSValidation()
            check.reference(input)
            if input.UserArn == nil && (input.EnrollmentId ?? "").isEmpty { check.fail("send UserArn or EnrollmentId") }
            try check.check()
            let user = try await resolve(input, call: call, dependencies)
            try await dependencies.enrollment.revokeInvitation(organizationID: call.organizationID, userID: user.id)
            return call.ok()
        }
    }

    /// The user a UserArn and/or EnrollmentId (an enrollment ARN, or its bare id) name; when both are given they must
    /// agree.
    ///
    /// - Throws: ``AWSError`` `NotFoundException`.
    static func resolve(_ reference: UserReference, call: AWSCall, _ dependencies: AWSAPI.Dependencies) async throws -> UserView {
        let enrollmentID = reference.EnrollmentId.flatMap { $0.isEmpty ? nil : $0 }.map { id in
            AWSResourceName.parse(id, caller: call.caller, kinds: [.enrollment])?.id ?? id
        }
        let user: UserView
        do {
            if let arn = reference.UserArn {
                guard let name = AWSResourceName.parse(arn, caller: call.caller, kinds: [.user]) else {
                    throw AWSError.notFound("no user \(AWSValidation.shown(arn)) in this organization")
                }
                user = try await dependencies.enrollment.user(organizationID: call.organizationID, id: name.id)
                if let enrollmentID, enrollmentID != user.enrollmentId {
                    throw AWSError.notFound("user \(arn) has no enrollment \(AWSValidation.shown(enrollmentID))")
                }
            } else if let enrollmentID {
                user = try await dependencies.enrollment.user(organizationID: call.organizationID, enrollmentID: enrollmentID)
            } else {
                throw AWSError.notFound("send the user's UserArn or EnrollmentId")
            }
        } catch let error as ServiceError where error.code == .notFound {
            throw AWSError.notFound(error.message)
        }
        return user
    }

    // MARK: - Invitation configuration

    struct InvitationConfigurationShape: Codable {
        var OrganizationName: String?
        var ContactEmail: String?
        var PrivateSkillIds: [String]?
    }

    static func getInvitationConfiguration(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            _ = try call.input([String: String?].self)
            let configuration = try await dependencies.enrollment.invitationConfiguration(organizationID: call.organizationID)
            return call.ok(InvitationConfigurationShape(OrganizationName: configuration.organizationName, ContactEmail: configuration.contactEmail,
                                                        PrivateSkillIds: configuration.privateSkillIDs))
        }
    }

    static func putInvitationConfiguration(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(InvitationConfigurationShape.self)
            var check = AWSValidation()
            check.required(input.OrganizationName, "organizationName")
            check.length(input.OrganizationName, "organizationName", 1...100)
            check.pattern(input.OrganizationName, "organizationName", "printable characters", AWSPatterns.printable)
            check.email(input.ContactEmail, "contactEmail")
            check.count(input.PrivateSkillIds, "privateSkillIds", 0...3)
            for (index, skill) in (input.PrivateSkillIds ?? []).enumerated() where (try? SkillID(skill)) == nil {
                check.pattern(skill, "privateSkillIds.\(index + 1).member", #"(^amzn1\.ask\.skill\.[0-9a-f\-]{1,200})|(^amzn1\.echo-sdk-ams\.app\.[0-9a-f\-]{1,200})"#) { _ in false }
            }
            try check.check()
            try await dependencies.enrollment.putInvitationConfiguration(
                organizationID: call.organizationID,
                InvitationConfiguration(organizationName: input.OrganizationName ?? "", contactEmail: input.ContactEmail,
                                        privateSkillIDs: input.PrivateSkillIds ?? []))
            return call.ok()
        }
    }
}

extension AWSValidation {
    /// The model's Email: 1..128 characters of `\w[+-.\w]*@\w[\w\.\-]+\.[0-9a-zA-Z]{2,24}`.
    mutating func email(_ value: String?, _ member: String) {
        length(value, member, 1...128)
        pattern(value, member, #"\w[+-.\w]*@\w[\w\.\-]+\.[0-9a-zA-Z]{2,24}"#) { EmailAddress.matches(Array($0.utf8)) }
    }

    /// A UserArn and EnrollmentId as the model limits them.
    mutating func reference(_ reference: AWSUserOperations.UserReference) {
        arn(reference.UserArn, "userArn")
        length(reference.EnrollmentId, "enrollmentId", 0...128)
    }
}
