// HealthEventRules: which health-dashboard events an organization's link calls for at a given time, and how the
// stored ones change. Pure, so every transition is unit-tested.
import Foundation
import Storage

/// The events, in the shape of AWS Health events:
/// - `AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRING` (scheduledChange): `upcoming` from 14 days before the expiry, with
///   the expiry as its start; `closed` at the expiry.
/// - `AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRED` (issue): `open` from the expiry.
/// - `AWS_A4B_SERVICE_ACCOUNT_CREDENTIALS_REJECTED` (issue): `open` while Exchange refuses the stored password.
/// Each belongs to one link generation; a rotation or a new expiry (a new generation), or an unlink, closes them.
enum HealthEventRules {
    static let expiring = "AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRING"
    static let expired = "AWS_A4B_SERVICE_ACCOUNT_PASSWORD_EXPIRED"
    static let credentialsRejected = "AWS_A4B_SERVICE_ACCOUNT_CREDENTIALS_REJECTED"

    static let upcoming = "upcoming"
    static let open = "open"
    static let closed = "closed"
    static let statuses = [open, upcoming, closed]

    /// What the rules need of the current link.
    struct Link {
        var generation: Int
        var upn: String
        var passwordExpiresAt: Date?
        var credentialsRejected: Bool
    }

    static func arn(code: String, organizationID: String, generation: Int) -> String {
        "arn:aws:health:global::event/A4B/\(code)/\(code)_\(organizationID)_\(generation)"
    }

    /// The events of `existing` that change, and the new ones, at `now`; empty when everything is as it should be.
    static func changes(organizationID: String, link: Link?, existing: [HealthEventRecord], now: Date) -> [HealthEventRecord] {
        var changed: [HealthEventRecord] = []
        let byARN = Dictionary(existing.map { ($0.arn, $0) }, uniquingKeysWith: { first, _ in first })

        func want(_ code: String, category: String, status: String, start: Date, end: Date?, link: Link) {
            let arn = arn(code: code, organizationID: organizationID, generation: link.generation)
            if let current = byARN[arn] {
                guard current.statusCode != status || current.startTime != start || current.endTime != end else { return }
                var updated = current
                updated.statusCode = status
                updated.startTime = start
                updated.endTime = end
                updated.lastUpdatedTime = now
                changed.append(updated)
            } else {
                changed.append(HealthEventRecord(arn: arn, organizationID: organizationID, linkGeneration: link.generation, eventTypeCode: code,
                                                 eventTypeCategory: category, statusCode: status, startTime: start, endTime: end,
                                                 lastUpdatedTime: now, affectedEntity: link.upn))
            }
        }

        // Events of another cycle (or of a link that is gone) are over.
        for event in existing where event.statusCode != closed && event.linkGeneration != link?.generation {
            var over = event
            over.statusCode = closed
            over.endTime = now
            over.lastUpdatedTime = now
            changed.append(over)
        }
        guard let link else { return changed }

        if let expiresAt = link.passwordExpiresAt {
            let warnFrom = PasswordExpirySchedule(expiresAt: expiresAt).dueAt(.before(days: PasswordExpirySchedule.warningDays[0]))
            let expiringARN = arn(code: expiring, organizationID: organizationID, generation: link.generation)
            if now >= warnFrom && now < expiresAt {
                want(expiring, category: "scheduledChange", status: upcoming, start: expiresAt, end: nil, link: link)
            } else if now >= expiresAt, byARN[expiringARN] != nil {
                want(expiring, category: "scheduledChange", status: closed, start: expiresAt, end: expiresAt, link: link)
            }
            if now >= expiresAt {
                want(expired, category: "issue", status: open, start: expiresAt, end: nil, link: link)
            }
        }
        let rejectedARN = arn(code: credentialsRejected, organizationID: organizationID, generation: link.generation)
        if link.credentialsRejected {
            want(credentialsRejected, category: "issue", status: open, start: byARN[rejectedARN]?.startTime ?? now, end: nil, link: link)
        } else if let stale = byARN[rejectedARN], stale.statusCode != closed {
            want(credentialsRejected, category: "issue", status: closed, start: stale.startTime, end: now, link: link)
        }
        return changed
    }
}
