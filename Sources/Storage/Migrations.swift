// Migrations compiled into the binary from Migrations/*.sql (see Plugins/EmbedMigrations).
public enum EmbeddedMigrations {}
