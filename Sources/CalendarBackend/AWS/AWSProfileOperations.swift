// AWSProfileOperations: CreateProfile, GetProfile, UpdateProfile, DeleteProfile and SearchProfiles, including the
// MeetingRoomConfiguration whose InstantBooking sets how long "book this room" books.
import HTTPServer
import Storage

enum AWSProfileOperations {
    static let operations: [String: AWSOperationFactory] = [
        "CreateProfile": createProfile, "GetProfile": getProfile, "UpdateProfile": updateProfile, "DeleteProfile": deleteProfile,
        "SearchProfiles": searchProfiles,
    ]

    static let distanceUnits = ["METRIC", "IMPERIAL"], temperatureUnits = ["FAHRENHEIT", "CELSIUS"], wakeWords = ["ALEXA", "AMAZON", "ECHO", "COMPUTER"]
    static let reminderTypes = ["ANNOUNCEMENT_TIME_CHECK", "ANNOUNCEMENT_VARIABLE_TIME_LEFT", "CHIME", "KNOCK"]

    struct ProfileInput: Codable {
        var ProfileArn: String?
        var ProfileName: String?
        var IsDefault: Bool?
        var Timezone: String?
        var Address: String?
        var DistanceUnit: String?
        var TemperatureUnit: String?
        var WakeWord: String?
        var Locale: String?
        var SetupModeDisabled: Bool?
        var MaxVolumeLimit: Int?
        var PSTNEnabled: Bool?
        var DataRetentionOptIn: Bool?
        var MeetingRoomConfiguration: MeetingRoomConfiguration?
        var ClientRequestToken: String?
        var Tags: [AWSTag]?
    }

    /// GetProfile's Profile (with every setting) and SearchProfiles' ProfileData (without the optional ones).
    struct ProfileShape: Encodable {
        let ProfileArn: String
        let ProfileName: String
        let IsDefault: Bool
        let Address: String
        let Timezone: String
        let DistanceUnit: String
        let TemperatureUnit: String
        let WakeWord: String
        let Locale: String?
        var SetupModeDisabled: Bool? = nil
        var MaxVolumeLimit: Int? = nil
        var PSTNEnabled: Bool? = nil
        var DataRetentionOptIn: Bool? = nil
        var MeetingRoomConfiguration: MeetingRoomConfiguration? = nil

        init(_ profile: RoomProfile, caller: AWSCaller, full: Bool) {
            ProfileArn = caller.arn(.profile, profile.id)
            ProfileName = profile.name
            IsDefault = profile.isDefault
            Address = profile.address
            Timezone = profile.timeZone
            DistanceUnit = profile.settings.DistanceUnit
            TemperatureUnit = profile.settings.TemperatureUnit
            WakeWord = profile.settings.WakeWord
            Locale = profile.settings.Locale
            guard full else { return }
            SetupModeDisabled = profile.settings.SetupModeDisabled
            MaxVolumeLimit = profile.settings.MaxVolumeLimit
            PSTNEnabled = profile.settings.PSTNEnabled
            DataRetentionOptIn = profile.settings.DataRetentionOptIn
            MeetingRoomConfiguration = profile.settings.MeetingRoomConfiguration
        }
    }

    static func validate(_ input: ProfileInput, creating: Bool) throws(AWSError) {
        var check = AWSValidation()
        if creating {
            for (value, member) in [(input.ProfileName, "profileName"), (input.Timezone, "timezone"), (input.Address, "address"),
                                    (input.DistanceUnit, "distanceUnit"), (input.TemperatureUnit, "temperatureUnit"), (input.WakeWord, "wakeWord")] {
                check.required(value, member)
            }
        }
        check.arn(input.ProfileArn, "profileArn")
        check.length(input.ProfileName, "profileName", 1...100)
        check.pattern(input.ProfileName, "profileName", "printable characters", AWSPatterns.printable)
        check.length(input.Timezone, "timezone", 1...100)
        check.length(input.Address, "address", 1...500)
        check.oneOf(input.DistanceUnit, "distanceUnit", distanceUnits)
        check.oneOf(input.TemperatureUnit, "temperatureUnit", temperatureUnits)
        check.oneOf(input.WakeWord, "wakeWord", wakeWords)
        check.length(input.Locale, "locale", 1...256)
        check.clientRequestToken(input.ClientRequestToken)
        check.tags(input.Tags)
        if let configuration = input.MeetingRoomConfiguration {
            let path = "meetingRoomConfiguration"
            if let reminder = configuration.EndOfMeetingReminder {
                if creating {
                    check.required(reminder.ReminderAtMinutes, "\(path).endOfMeetingReminder.reminderAtMinutes")
                    check.required(reminder.ReminderType, "\(path).endOfMeetingReminder.reminderType")
                    check.required(reminder.Enabled, "\(path).endOfMeetingReminder.enabled")
                }
                check.count(reminder.ReminderAtMinutes, "\(path).endOfMeetingReminder.reminderAtMinutes", 1...1)
                check.oneOf(reminder.ReminderType, "\(path).endOfMeetingReminder.reminderType", reminderTypes)
            }
            if let booking = configuration.InstantBooking, creating {
                check.required(booking.DurationInMinutes, "\(path).instantBooking.durationInMinutes")
                check.required(booking.Enabled, "\(path).instantBooking.enabled")
            }
            if let checkIn = configuration.RequireCheckIn, creating {
                check.required(checkIn.ReleaseAfterMinutes, "\(path).requireCheckIn.releaseAfterMinutes")
                check.required(checkIn.Enabled, "\(path).requireCheckIn.enabled")
            }
            if let join = configuration.ProactiveJoin { check.required(join.EnabledByMotion, "\(path).proactiveJoin.enabledByMotion") }
        }
        try check.check()
    }

    static func profileID(_ arn: String?, call: AWSCall) throws(AWSError) -> String {
        guard let arn else { throw .validation("1 validation error detected: Value null at 'profileArn' failed to satisfy constraint: Member must not be null") }
        guard let name = AWSResourceName.parse(arn, caller: call.caller, kinds: [.profile]) else {
            throw .notFound("no room profile \(AWSValidation.shown(arn)) in this organization")
        }
        return name.id
    }

    static func createProfile(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            var input = try call.input(ProfileInput.self)
            try validate(input, creating: true)
            let new = NewRoomProfile(
                name: input.ProfileName ?? "", timeZone: input.Timezone ?? "", address: input.Address ?? "",
                settings: RoomProfileSettings(DistanceUnit: input.DistanceUnit ?? "", TemperatureUnit: input.TemperatureUnit ?? "",
                                              WakeWord: input.WakeWord ?? "", Locale: input.Locale, SetupModeDisabled: input.SetupModeDisabled,
                                              MaxVolumeLimit: input.MaxVolumeLimit, PSTNEnabled: input.PSTNEnabled, DataRetentionOptIn: input.DataRetentionOptIn,
                                              MeetingRoomConfiguration: input.MeetingRoomConfiguration))
            let token = input.ClientRequestToken
            input.ClientRequestToken = nil
            let id = try await dependencies.idempotency.run(
                organizationID: call.organizationID, operation: call.operation, token: token, input: canonicalJSON(input),
                newID: dependencies.profiles.newProfileID(),
                exists: { try await dependencies.profiles.exists(organizationID: call.organizationID, id: $0) },
                create: { id in _ = try await dependencies.profiles.create(organizationID: call.organizationID, new, id: id) })
            try await dependencies.tags.tag(organizationID: call.organizationID, resourceID: id, input.Tags?.pairs ?? [])
            return call.ok(["ProfileArn": call.caller.arn(.profile, id)])
        }
    }

    static func getProfile(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(ProfileInput.self)
            try validate(input, creating: false)
            let profile = try await dependencies.profiles.profile(organizationID: call.organizationID, id: try profileID(input.ProfileArn, call: call))
            return call.ok(["Profile": ProfileShape(profile, caller: call.caller, full: true)])
        }
    }

    static func updateProfile(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(ProfileInput.self)
            try validate(input, creating: false)
            var change = RoomProfileChange()
            change.name = input.ProfileName
            change.isDefault = input.IsDefault
            change.timeZone = input.Timezone
            change.address = input.Address
            change.distanceUnit = input.DistanceUnit
            change.temperatureUnit = input.TemperatureUnit
            change.wakeWord = input.WakeWord
            change.locale = input.Locale
            change.setupModeDisabled = input.SetupModeDisabled
            change.maxVolumeLimit = input.MaxVolumeLimit
            change.pstnEnabled = input.PSTNEnabled
            change.dataRetentionOptIn = input.DataRetentionOptIn
            change.meetingRoomConfiguration = input.MeetingRoomConfiguration
            _ = try await dependencies.profiles.update(organizationID: call.organizationID, id: try profileID(input.ProfileArn, call: call), change)
            return call.ok()
        }
    }

    static func deleteProfile(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(ProfileInput.self)
            try validate(input, creating: false)
            try await dependencies.profiles.delete(organizationID: call.organizationID, id: try profileID(input.ProfileArn, call: call))
            return call.ok()
        }
    }

    struct SearchProfilesOutput: Encodable {
        let Profiles: [ProfileShape]
        let NextToken: String?
        let TotalCount: Int
    }

    static func searchProfiles(_ dependencies: AWSAPI.Dependencies) -> AWSOperation {
        { call in
            let input = try call.input(AWSSearchInput.Members.self)
            let (search, query, offset) = try AWSSearchInput.parse(input, fields: ProfileSearchField.self)
            let (profiles, total) = try await dependencies.profiles.search(organizationID: call.organizationID, search)
            return call.ok(SearchProfilesOutput(Profiles: profiles.map { ProfileShape($0, caller: call.caller, full: false) },
                                                NextToken: AWSSearchInput.nextToken(offset: offset, count: profiles.count, total: total, query: query),
                                                TotalCount: total))
        }
    }
}
