// FaultInjector: the active injected faults, how they are matched to requests, and their countdowns.

/// One injected fault, as posted to `POST /_fake/faults`.
public struct FaultRule: Sendable, Equatable, Codable {
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// SOAP fault ErrorServerBusy (HTTP 500) with BackOffMilliseconds.
        case serverBusy
        /// HTTP 503 with an HTML body (IIS queue full).
        case http503
        /// Answer normally, but only after `delayMs`.
        case delay
        /// HTTP 200 text/xml whose body is not well-formed.
        case malformedXml
        /// Close the connection without answering.
        case closeConnection
        /// HTTP 401 with the server's usual challenges, as Exchange answers once the caller's password expired or
        /// was changed (the credentials in the request are refused whatever they are).
        case unauthorized
        /// SMTP (`--smtp-port`), not EWS: each new SMTP connection is greeted with `421 4.3.2 Service not available`
        /// and closed, as a relay that is down for maintenance. `count` counts connections.
        case smtpUnavailable
    }

    public var id: Int
    public var fault: Kind
    /// Only requests for this EWS operation (case-insensitive); nil: every operation.
    public var operation: String?
    /// Only requests about this mailbox (case-insensitive; an alias or UPN is stored as the primary
    /// address): the impersonated user, else the mailbox the body names, else the caller; nil: every mailbox.
    public var mailbox: String?
    /// How many more requests it hits; nil: until cleared.
    public var count: Int?
    public var delayMs: Int?
    public var backOffMilliseconds: Int?
}

/// What the matching faults do to one request: an optional delay, then at most one terminal fault.
struct InjectedFaults: Equatable {
    var delayMilliseconds = 0
    var terminal: FaultRule?
}

/// The active faults. Several may be active; for one request every matching `delay` adds its delay
/// (the sum saturates at `Int.max`) and the oldest matching non-delay fault decides the answer.
/// Each rule that hits counts down and disappears at zero.
struct FaultInjector: Sendable {
    private(set) var rules: [FaultRule] = []
    private var nextID = 1

    mutating func add(_ rule: FaultRule) -> FaultRule {
        var rule = rule
        rule.id = nextID
        nextID += 1
        rules.append(rule)
        return rule
    }

    mutating func clear() {
        rules.removeAll()
    }

    /// Consumes the faults that match a request for `operation` about `mailbox`.
    mutating func take(operation: String?, mailbox: String?) -> InjectedFaults {
        var result = InjectedFaults()
        var consumed: [Int] = []
        for (index, rule) in rules.enumerated() where rule.fault != .smtpUnavailable && matches(rule, operation: operation, mailbox: mailbox) {
            if rule.fault == .delay {
                // Saturating: two huge delays must not overflow (and crash) the sum.
                let (sum, overflow) = result.delayMilliseconds.addingReportingOverflow(rule.delayMs ?? 1000)
                result.delayMilliseconds = overflow ? Int.max : sum
                consumed.append(index)
            } else if result.terminal == nil {
                result.terminal = rule
                consumed.append(index)
            }
        }
        for index in consumed {
            if let count = rules[index].count { rules[index].count = count - 1 }
        }
        rules.removeAll { ($0.count ?? 1) <= 0 }
        return result
    }

    /// Consumes one hit of an `smtpUnavailable` fault for a new SMTP connection; true when one refuses it.
    mutating func takeSMTPUnavailable() -> Bool {
        guard let index = rules.firstIndex(where: { $0.fault == .smtpUnavailable }) else { return false }
        if let count = rules[index].count { rules[index].count = count - 1 }
        rules.removeAll { ($0.count ?? 1) <= 0 }
        return true
    }

    private func matches(_ rule: FaultRule, operation: String?, mailbox: String?) -> Bool {
        if let wanted = rule.operation, wanted.lowercased() != operation?.lowercased() { return false }
        if let wanted = rule.mailbox, wanted.lowercased() != mailbox?.lowercased() { return false }
        return true
    }
}
