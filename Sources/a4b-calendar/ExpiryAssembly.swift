// ExpiryAssembly: the password-expiry use cases wired to their stores and mailer, the same for `serve` and `notify`.
import CalendarBackend
import Curl
import Foundation
import Logging
import Storage

struct ExpiryAssembly {
    let notifier: ExpiryNotifier
    let expiry: ExpiryService
    let healthEvents: HealthEventService
    let metrics: ExpiryMetrics
    let mailer: any MailSender
    /// The SMTP transport, when a relay is configured; shut down on exit.
    let smtpTransport: CurlTransport?

    init(database: any SQLDatabase, links: any ExchangeLinkStore, organizations: any OrganizationStore, smtp: SMTPSettings?,
         clock: any WallClock, logger: Logger) {
        let notices = SQLExpiryNoticeStore(database: database)
        healthEvents = HealthEventService(events: SQLHealthEventStore(database: database), links: links, clock: clock)
        if let smtp {
            let transport = smtp.transport()
            smtpTransport = transport
            mailer = SMTPMailSender(settings: smtp, transport: transport)
        } else {
            smtpTransport = nil
            mailer = OutboxMailSender(outbox: SQLOutboxStore(database: database))
        }
        metrics = ExpiryMetrics()
        notifier = ExpiryNotifier(links: links, notices: notices, organizations: organizations, mailer: mailer, healthEvents: healthEvents,
                                  clock: clock, metrics: metrics, logger: logger)
        expiry = ExpiryService(links: links, notices: notices, organizations: organizations, healthEvents: healthEvents, clock: clock)
    }
}
