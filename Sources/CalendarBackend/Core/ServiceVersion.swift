// The release version reported by --version and GET /health.

public enum ServiceVersion {
    public static let current = "0.1.0"
}
