// AWSConferenceOperations: conference providers (Create, Get, Update, Delete, List) and the organization's default
// (Get/PutConferencePreference).
import HTTPServer

enum AWSConferenceOperations {
    static let operations: [String: AWSOperationFactory] = [
        "CreateConferenceProvider": create, "GetConferenceProvider": get, "UpdateConferenceProvider": update,
        "DeleteConferenceProvider": delete, "ListConferenceProviders": list, "GetConferencePreference": getPreference,
        "PutConferencePreference": putPreference,
    ]

    static let types = ["CHIME", "BLUEJEANS", "FUZE", "GOOGLE_HANGOUTS", "POLYCOM", "RINGCENTRAL", "SKYPE_FOR_BUSINESS", "WEBEX", "ZOOM", "CUSTOM"]

    struct ProviderInput: Codable {
        var ConferenceProviderArn: String?
        var ConferenceProviderName: String?
        var ConferenceProviderType: String?
        var IPDialIn: ConferenceProviderSettings.IPDialIn?
        var PSTNDialIn: ConferenceProviderSettings.PSTNDialIn?
        var MeetingSetting: ConferenceProviderSettings.MeetingSetting?
        var ClientRequestToken: String?
        var Tags: [AWSTag]?
        var NextToken: String?
        var MaxResults: Int?
    }

    struct ProviderShape: Encodable {
        let Arn: String
        let Name: String
        let `Type`: String
        let IPDialIn: ConferenceProviderSettings.IPDialIn?
        let PSTNDialIn: ConferenceProviderSettings.PSTNDialIn?
        let MeetingSetting: ConferenceProviderSettings.MeetingSetting

        init(_ provider: ConferenceProvider, caller: AWSCaller) {
            Arn = caller.arn(.conferenceProvider, provider.id)
            Name = provider.name
            Type = provider.settings.Type
            IPDialIn = provider.settings.IPDialIn
            PSTNDialIn = provider.settings.PSTNDialIn
            MeetingSetting = provider.settings.MeetingSetting
        }
    }

    /// Validates the settings members Create and Update share; both require the type and the meeting setting.
    static func settings(_ input: ProviderInput, check: inout AWSValidation) -> ConferenceProviderSettings {
        check.required(input.ConferenceProviderType, "conferenceProviderType")
        check.oneOf(input.ConferenceProviderType, "conferenceProviderType", types)
        check.required(input.MeetingSetting, "meetingSetting")
        if input.MeetingSetting != nil { check.required(input.MeetingSetting?.RequirePin, "meetingSetting.requirePin") }
        check.oneOf(input.MeetingSetting?.RequirePin, "meetingSetting.requirePin", ["YES", "NO", "OPTIONAL"])
        if let ip = input.IPDialIn {
            check.required(ip.Endpoint, "iPDialIn.endpoint")
            check.required(ip.CommsProtocol, "iPDialIn.commsProtocol")
            check.length(ip.Endpoint, "iPDialIn.endpoint", 1...256)
            check.oneOf(ip.CommsProtocol, "iPDialIn.commsProtocol", ["SIP", "SIPS", "H323"])
        }
        if let pstn = input.PSTNDialIn {
            for (value, member) in [(pstn.CountryCode, "countryCode"), (pstn.PhoneNumber, "phoneNumber"), (pstn.OneClickIdDelay, "oneClickIdDelay"),
                                    (pstn.OneClickPinDelay, "oneClickPinDelay")] {
                check.required(value, "pSTNDialIn.\(member)")
            }
            check.pattern(pstn.CountryCode, "pSTNDialIn.countryCode", #"\d{1,3}"#) { (1...3).contains($0.count) && $0.allSatisfy(\.isASCIIDigit) }
            check.pattern(pstn.PhoneNumber, "pSTNDialIn.phoneNumber", #"\d{10}"#) { $0.count == 10 && $0.allSatisfy(\.isASCIIDigit) }
            check.length(pstn.OneClickIdDelay, "pSTNDialIn.oneClickIdDelay", 1...2)
            check.length(pstn.OneClickPinDelay, "pSTNDialIn.oneClickPinDelay", 1...2)
        }
        return ConferenceProviderSettings(Type: input.ConferenceProviderType ?? "", IPDialIn: input.IPDialIn, PSTNDialIn: input.PSTNDialIn,
                                          MeetingSetting: input.MeetingSetting ?? .init())
    }

    static func providerID(_ arn: String?, call: AWSCall, member: String = "conferenceProviderArn") throws(AWSError) -> String {
        guard let arn else { throw .validation("1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null") }
        guard let name = AWSResourceName.parse(arn, caller: call.caller, kinds: [.conferenceProvider]) else {
            throw .notFound("no conference provider \(AWSValidation.shown(arn)) in this organization")
        }
        return name.id
    }

    static func create(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            var input = try call.input(ProviderInput.self)
            var check = AWSValidation()
            check.required(input.ConferenceProviderName, "conferenceProviderName")
            check.length(input.ConferenceProviderName, "conferenceProviderName", 1...50)
            check.pattern(input.ConferenceProviderName, "conferenceProviderName", "printable characters", AWSPatterns.printable)
            check.clientRequestToken(input.ClientRequestToken)
            check.tags(input.Tags)
            let settings = settings(input, check: &check)
            try check.check()
            let token = input.ClientRequestToken
            input.ClientRequestToken = nil
            let name = input.ConferenceProviderName ?? ""
            let id = try await dependencies.idempotency.run(
                organizationID: call.organizationID, operation: call.operation, token: token, input: canonicalJSON(input),
                newID: dependencies.conferenceProviders.newProviderID(),
                exists: { try await dependencies.conferenceProviders.exists(organizationID: call.organizationID, id: $0) },
                create: { id in _ = try await dependencies.conferenceProviders.create(organizationID: call.organizationID, name: name, settings, id: id) })
            try await dependencies.tags.tag(organizationID: call.organizationID, resourceID: id, input.Tags?.pairs ?? [])
            return call.ok(["ConferenceProviderArn": call.caller.arn(.conferenceProvider, id)])
        }
    }

    static func get(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(ProviderInput.self)
            var check = AWSValidation()
            check.arn(input.ConferenceProviderArn, "conferenceProviderArn")
            try check.check()
            let provider = try await dependencies.conferenceProviders.provider(organizationID: call.organizationID,
                                                                               id: try providerID(input.ConferenceProviderArn, call: call))
            return call.ok(["ConferenceProvider": ProviderShape(provider, caller: call.caller)])
        }
    }

    static func update(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(ProviderInput.self)
            var check = AWSValidation()
            check.arn(input.ConferenceProviderArn, "conferenceProviderArn")
            let settings = settings(input, check: &check)
            try check.check()
            try await dependencies.conferenceProviders.update(organizationID: call.organizationID,
                                                              id: try providerID(input.ConferenceProviderArn, call: call), settings)
            return call.ok()
        }
    }

    static func delete(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(ProviderInput.self)
            var check = AWSValidation()
            check.arn(input.ConferenceProviderArn, "conferenceProviderArn")
            try check.check()
            try await dependencies.conferenceProviders.delete(organizationID: call.organizationID, id: try providerID(input.ConferenceProviderArn, call: call))
            return call.ok()
        }
    }

    struct ListOutput: Encodable {
        let ConferenceProviders: [ProviderShape]
        let NextToken: String?
    }

    static func list(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(ProviderInput.self)
            var check = AWSValidation()
            check.page(nextToken: input.NextToken, maxResults: input.MaxResults)
            try check.check()
            let query = "conference-providers"
            let page = try AWSPageToken.decode(input.NextToken, query: query)
            let (providers, total) = try await dependencies.conferenceProviders.list(
                organizationID: call.organizationID, offset: page.offset, limit: input.MaxResults ?? AWSPageToken.defaultMaxResults)
            return call.ok(ListOutput(ConferenceProviders: providers.map { ProviderShape($0, caller: call.caller) },
                                      NextToken: AWSSearchInput.nextToken(offset: page.offset, count: providers.count, total: total, query: query)))
        }
    }

    struct PreferenceInput: Codable {
        struct Preference: Codable {
            var DefaultConferenceProviderArn: String?
        }

        var ConferencePreference: Preference?
    }

    static func getPreference(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            _ = try call.input(PreferenceInput.self)
            let id = try await dependencies.conferenceProviders.preference(organizationID: call.organizationID)
            return call.ok(["Preference": PreferenceInput.Preference(DefaultConferenceProviderArn: call.caller.arn(.conferenceProvider, id))])
        }
    }

    static func putPreference(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(PreferenceInput.self)
            var check = AWSValidation()
            check.required(input.ConferencePreference, "conferencePreference")
            check.arn(input.ConferencePreference?.DefaultConferenceProviderArn, "conferencePreference.defaultConferenceProviderArn")
            if input.ConferencePreference != nil && input.ConferencePreference?.DefaultConferenceProviderArn == nil {
                check.fail("Value null at 'conferencePreference.defaultConferenceProviderArn' failed to satisfy constraint: this service needs the default provider's ARN")
            }
            try check.check()
            let id = try providerID(input.ConferencePreference?.DefaultConferenceProviderArn, call: call, member: "conferencePreference.defaultConferenceProviderArn")
            try await dependencies.conferenceProviders.setPreference(organizationID: call.organizationID, providerID: id)
            return call.ok()
        }
    }
}

extension Character {
    /// 0 to 9 only (`isNumber` also takes other scripts' digits).
    var isASCIIDigit: Bool { isASCII && isNumber }
}
