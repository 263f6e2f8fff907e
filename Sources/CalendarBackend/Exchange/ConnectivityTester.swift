// ConnectivityTester: the connectivity test of a service account given in full, with nothing stored; the REST
// route and the CLI's `exchange test` both come here, so both validate the same way.

/// Validates an account as given, then runs the check.
public struct ConnectivityTester: Sendable {
    let check: any ConnectivityCheck

    public init(check: any ConnectivityCheck) {
        self.check = check
    }

    /// - Throws: ``ServiceError/Code/invalidInput`` naming the field, before any network call.
    public func test(_ input: ExchangeAccountInput) async throws -> ConnectivityReport {
        await check.run(try input.validated().target)
    }

    public func test(_ target: ExchangeLinkTarget) async -> ConnectivityReport {
        await check.run(target)
    }
}
