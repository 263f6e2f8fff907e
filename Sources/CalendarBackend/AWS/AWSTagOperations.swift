// AWSTagOperations: TagResource, UntagResource and ListTags on an organization's users, rooms, profiles and
// conference providers.
import HTTPServer

enum AWSTagOperations {
    static let operations: [String: AWSOperationFactory] = ["TagResource": tagResource, "UntagResource": untagResource, "ListTags": listTags]

    struct TagInput: Codable {
        var Arn: String?
        var Tags: [AWSTag]?
        var TagKeys: [String]?
        var NextToken: String?
        var MaxResults: Int?
    }

    static func tagResource(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(TagInput.self)
            var check = AWSValidation()
            check.required(input.Arn, "arn")
            check.required(input.Tags, "tags")
            check.arn(input.Arn, "arn")
            check.tags(input.Tags)
            try check.check()
            let id = try await resource(input.Arn ?? "", call: call, dependencies)
            try await dependencies.tags.tag(organizationID: call.organizationID, resourceID: id, input.Tags?.pairs ?? [])
            return call.ok()
        }
    }

    static func untagResource(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(TagInput.self)
            var check = AWSValidation()
            check.required(input.Arn, "arn")
            check.required(input.TagKeys, "tagKeys")
            check.arn(input.Arn, "arn")
            check.count(input.TagKeys, "tagKeys", 0...TagService.limit)
            for (index, key) in (input.TagKeys ?? []).enumerated() { check.length(key, "tagKeys.\(index + 1).member", 1...128) }
            try check.check()
            let id = try await resource(input.Arn ?? "", call: call, dependencies)
            try await dependencies.tags.untag(organizationID: call.organizationID, resourceID: id, keys: input.TagKeys ?? [])
            return call.ok()
        }
    }

    struct ListTagsOutput: Encodable {
        let Tags: [AWSTag]
        let NextToken: String?
    }

    static func listTags(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(TagInput.self)
            var check = AWSValidation()
            check.required(input.Arn, "arn")
            check.arn(input.Arn, "arn")
            check.page(nextToken: input.NextToken, maxResults: input.MaxResults)
            try check.check()
            let id = try await resource(input.Arn ?? "", call: call, dependencies)
            let query = "tags:" + id
            let page = try AWSPageToken.decode(input.NextToken, query: query)
            let all = try await dependencies.tags.tags(organizationID: call.organizationID, resourceID: id)
            let limit = input.MaxResults ?? AWSPageToken.maxResults.upperBound
            let slice = all.dropFirst(page.offset).prefix(limit)
            let next = page.offset + slice.count
            return call.ok(ListTagsOutput(Tags: slice.map { AWSTag(Key: $0.key, Value: $0.value) },
                                          NextToken: next < all.count ? AWSPageToken.encode(offset: next, query: query) : nil))
        }
    }

    /// The id of the existing resource an ARN names.
    ///
    /// - Throws: ``AWSError`` `NotFoundException` for an ARN of another kind, organization, or of nothing.
    static func resource(_ arn: String, call: AWSCall, _ dependencies: AWSAPI.Dependencies) async throws -> String {
        guard let name = AWSResourceName.parse(arn, caller: call.caller, kinds: [.user, .room, .profile, .conferenceProvider]) else {
            throw AWSError.notFound("no taggable resource \(AWSValidation.shown(arn)) in this organization")
        }
        let exists: Bool
        switch name.kind {
        case .user: exists = try await dependencies.enrollment.exists(organizationID: call.organizationID, id: name.id)
        case .room: exists = try await dependencies.rooms.exists(organizationID: call.organizationID, id: name.id)
        case .profile: exists = try await dependencies.profiles.exists(organizationID: call.organizationID, id: name.id)
        case .conferenceProvider: exists = try await dependencies.conferenceProviders.exists(organizationID: call.organizationID, id: name.id)
        case .enrollment: exists = false
        }
        guard exists else { throw AWSError.notFound("no \(name.kind.rawValue.replacingOccurrences(of: "-", with: " ")) \(AWSValidation.shown(arn))") }
        return name.id
    }
}
