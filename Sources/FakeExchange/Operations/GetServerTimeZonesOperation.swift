// GetServerTimeZonesOperation: GetServerTimeZones for the Windows zones the fake knows, full or short.
import Foundation
import XMLSupport

/// `GetServerTimeZones`: the known zones (or the requested `Ids`, unknown ones skipped). With
/// `ReturnFullTimeZoneData="false"` each definition has empty Periods/TransitionsGroups (as captured);
/// otherwise Periods, one TransitionsGroup of recurring-day transitions for the current year's rule,
/// and Transitions pointing at it.
enum GetServerTimeZonesOperation {
    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        let t = EWSNamespace.types
        var full = true
        if let text = request.attribute("ReturnFullTimeZoneData") {
            guard let value = EWSNamespace.boolean(text) else {
                throw SOAPFault.schemaValidation("The 'ReturnFullTimeZoneData' value '\(text)' is not a valid Boolean.", line: request.line)
            }
            full = value
        }
        var zones = WindowsTimeZone.all
        if let ids = request.firstChild(m, "Ids") {
            zones = ids.children(t, "Id").compactMap { WindowsTimeZone.windows($0.trimmedText) }
        }
        let now = context.now
        return [.success { payload in
            payload.element("m:TimeZoneDefinitions") { list in
                for zone in zones { TimeZoneDefinitionWriter.write(zone, full: full, now: now, into: &list) }
            }
        }]
    }
}
