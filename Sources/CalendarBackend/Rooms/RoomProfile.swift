// RoomProfile: the Alexa for Business settings a room's devices use (its time zone, instant-booking length, ...).
import Foundation

/// A room profile as every front-end shows it. Only the AWS API manages profiles, so its settings keep Alexa for
/// Business's member names (they are also the stored JSON's).
public struct RoomProfile: Sendable, Equatable {
    public let id: String
    public var name: String
    public var isDefault: Bool
    public var address: String
    /// IANA name: room answers are spoken in it.
    public var timeZone: String
    public var settings: RoomProfileSettings
}

/// The rest of a profile, in Alexa for Business's names.
public struct RoomProfileSettings: Codable, Sendable, Equatable {
    public var DistanceUnit: String
    public var TemperatureUnit: String
    public var WakeWord: String
    public var Locale: String?
    public var SetupModeDisabled: Bool?
    public var MaxVolumeLimit: Int?
    public var PSTNEnabled: Bool?
    public var DataRetentionOptIn: Bool?
    public var MeetingRoomConfiguration: MeetingRoomConfiguration?

    public init(DistanceUnit: String, TemperatureUnit: String, WakeWord: String, Locale: String? = nil, SetupModeDisabled: Bool? = nil,
                MaxVolumeLimit: Int? = nil, PSTNEnabled: Bool? = nil, DataRetentionOptIn: Bool? = nil,
                MeetingRoomConfiguration: MeetingRoomConfiguration? = nil) {
        self.DistanceUnit = DistanceUnit
        self.TemperatureUnit = TemperatureUnit
        self.WakeWord = WakeWord
        self.Locale = Locale
        self.SetupModeDisabled = SetupModeDisabled
        self.MaxVolumeLimit = MaxVolumeLimit
        self.PSTNEnabled = PSTNEnabled
        self.DataRetentionOptIn = DataRetentionOptIn
        self.MeetingRoomConfiguration = MeetingRoomConfiguration
    }
}

/// How a room's device behaves in meetings. Every part is optional; an update merges part by part, field by field.
public struct MeetingRoomConfiguration: Codable, Sendable, Equatable {
    public struct Reminder: Codable, Sendable, Equatable {
        public var ReminderAtMinutes: [Int]?
        public var ReminderType: String?
        public var Enabled: Bool?
    }

    public struct Booking: Codable, Sendable, Equatable {
        public var DurationInMinutes: Int?
        public var Enabled: Bool?
    }

    public struct CheckIn: Codable, Sendable, Equatable {
        public var ReleaseAfterMinutes: Int?
        public var Enabled: Bool?
    }

    public struct Join: Codable, Sendable, Equatable {
        public var EnabledByMotion: Bool?
    }

    public var RoomUtilizationMetricsEnabled: Bool?
    public var EndOfMeetingReminder: Reminder?
    public var InstantBooking: Booking?
    public var RequireCheckIn: CheckIn?
    public var ProactiveJoin: Join?

    /// This configuration with `update`'s given fields written over it.
    func merged(with update: MeetingRoomConfiguration) -> MeetingRoomConfiguration {
        var result = self
        result.RoomUtilizationMetricsEnabled = update.RoomUtilizationMetricsEnabled ?? self.RoomUtilizationMetricsEnabled
        if let reminder = update.EndOfMeetingReminder {
            result.EndOfMeetingReminder = .init(ReminderAtMinutes: reminder.ReminderAtMinutes ?? self.EndOfMeetingReminder?.ReminderAtMinutes,
                                                ReminderType: reminder.ReminderType ?? self.EndOfMeetingReminder?.ReminderType,
                                                Enabled: reminder.Enabled ?? self.EndOfMeetingReminder?.Enabled)
        }
        if let booking = update.InstantBooking {
            result.InstantBooking = .init(DurationInMinutes: booking.DurationInMinutes ?? self.InstantBooking?.DurationInMinutes,
                                          Enabled: booking.Enabled ?? self.InstantBooking?.Enabled)
        }
        if let checkIn = update.RequireCheckIn {
            result.RequireCheckIn = .init(ReleaseAfterMinutes: checkIn.ReleaseAfterMinutes ?? self.RequireCheckIn?.ReleaseAfterMinutes,
                                          Enabled: checkIn.Enabled ?? self.RequireCheckIn?.Enabled)
        }
        if let join = update.ProactiveJoin { result.ProactiveJoin = .init(EnabledByMotion: join.EnabledByMotion ?? self.ProactiveJoin?.EnabledByMotion) }
        return result
    }
}

/// A profile to create: name, time zone and address are required, as in Alexa for Business.
public struct NewRoomProfile: Sendable {
    public var name: String
    public var timeZone: String
    public var address: String
    public var settings: RoomProfileSettings

    public init(name: String, timeZone: String, address: String, settings: RoomProfileSettings) {
        self.name = name
        self.timeZone = timeZone
        self.address = address
        self.settings = settings
    }
}

/// What an update changes; nil leaves a field as it is.
public struct RoomProfileChange: Sendable {
    public var name: String?
    public var isDefault: Bool?
    public var timeZone: String?
    public var address: String?
    public var distanceUnit: String?
    public var temperatureUnit: String?
    public var wakeWord: String?
    public var locale: String?
    public var setupModeDisabled: Bool?
    public var maxVolumeLimit: Int?
    public var pstnEnabled: Bool?
    public var dataRetentionOptIn: Bool?
    public var meetingRoomConfiguration: MeetingRoomConfiguration?

    public init() {}
}
