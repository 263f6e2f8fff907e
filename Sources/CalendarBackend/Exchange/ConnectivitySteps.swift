// ConnectivitySteps: the ids of a link check's steps, in order.

/// The steps of the test, in order, as reported in `ConnectivityReport.steps`.
public enum ConnectivitySteps {
    public static let ids = ["url", "dns", "tcp", "tls", "httpAuth", "authenticate", "version", "access", "calendarOps"]
}
