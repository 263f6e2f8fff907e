// TimeZoneDefinitionWriter: writes t:TimeZoneDefinition (periods and transition rules) from Foundation's zone data.
import Foundation
import XMLSupport

/// Writes `t:TimeZoneDefinition` elements computed from Foundation's zone data.
enum TimeZoneDefinitionWriter {
    static func write(_ zone: WindowsTimeZone, full: Bool, now: Date, into w: inout XMLWriter) {
        w.element("t:TimeZoneDefinition", ["Name": zone.displayName, "Id": zone.id]) { definition in
            guard full else {
                definition.element("t:Periods")
                definition.element("t:TransitionsGroups")
                return
            }
            let tz = zone.timeZone
            let calendar = EWSDateTime.gregorian(in: tz)
            let year = calendar.component(.year, from: now)
            let january = calendar.date(from: DateComponents(year: year, month: 1, day: 1))!
            var transitions: [Date] = []
            var cursor = january
            while let next = tz.nextDaylightSavingTimeTransition(after: cursor), calendar.component(.year, from: next) == year,
                transitions.count < 2
            {
                transitions.append(next)
                cursor = next
            }
            let standardOffset = transitions.map { tz.secondsFromGMT(for: $0.addingTimeInterval(-1)) }
                .reduce(tz.secondsFromGMT(for: january)) { min($0, $1) }
            let daylightOffset = standardOffset + 3600
            let hasDST = transitions.count == 2
            let base = "trule:Microsoft/Registry/\(zone.id)/\(year)"
            definition.element("t:Periods") { periods in
                periods.element("t:Period", ["Bias": bias(standardOffset), "Name": "Standard", "Id": "\(base)-Standard"])
                if hasDST {
                    periods.element("t:Period", ["Bias": bias(daylightOffset), "Name": "Daylight", "Id": "\(base)-Daylight"])
                }
            }
            definition.element("t:TransitionsGroups") { groups in
                groups.element("t:TransitionsGroup", ["Id": "0"]) { group in
                    guard hasDST else {
                        group.element("t:Transition") { $0.element("t:To", ["Kind": "Period"], text: "\(base)-Standard") }
                        return
                    }
                    let ordered = transitions.sorted { tz.isDaylightSavingTime(for: $0) && !tz.isDaylightSavingTime(for: $1) }
                    for transition in ordered {
                        let toDaylight = tz.isDaylightSavingTime(for: transition)
                        let before = transition.addingTimeInterval(TimeInterval(tz.secondsFromGMT(for: transition.addingTimeInterval(-1))))
                        let utc = EWSDateTime.gregorian(in: TimeZone(secondsFromGMT: 0)!)
                        let parts = utc.dateComponents([.month, .day, .hour, .minute, .weekday], from: before)
                        let daysInMonth = utc.range(of: .day, in: .month, for: before)?.count ?? 31
                        let occurrence = parts.day! + 7 > daysInMonth ? -1 : (parts.day! - 1) / 7 + 1
                        group.element("t:RecurringDayTransition") { rule in
                            rule.element("t:To", ["Kind": "Period"], text: "\(base)-\(toDaylight ? "Daylight" : "Standard")")
                            rule.element("t:TimeOffset", text: "PT\(parts.hour! * 60 + parts.minute!)M")
                            rule.element("t:Month", text: String(parts.month!))
                            rule.element("t:DayOfWeek", text: RecurrencePattern.weekdayNames[parts.weekday! - 1])
                            rule.element("t:Occurrence", text: String(occurrence))
                        }
                    }
                }
            }
            definition.element("t:Transitions") { list in
                list.element("t:Transition") { $0.element("t:To", ["Kind": "Group"], text: "0") }
            }
        }
    }

    /// EWS bias: minutes to add to local time to get UTC (`PT300M` for UTC-5, `-PT60M` for UTC+1).
    private static func bias(_ secondsFromGMT: Int) -> String {
        let minutes = -secondsFromGMT / 60
        return minutes < 0 ? "-PT\(-minutes)M" : "PT\(minutes)M"
    }
}
