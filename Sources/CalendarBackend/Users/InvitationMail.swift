// InvitationMail: the text of the invitation e-mail.
import Foundation

/// The invitation e-mail: who invites whom, the link, until when it works, and what to do after joining.
struct InvitationMail: Equatable {
    let subject: String
    let body: String

    init(organizationName: String, email: String, firstName: String?, url: String, expiresAt: Date, contactEmail: String? = nil) {
        subject = "\(organizationName) invites you to Alexa for Business"
        body = """
            Hello \(firstName ?? email),

            \(organizationName) has invited you (\(email)) to join its Alexa for Business organization, so that you can \
            ask Alexa about your Microsoft Exchange calendar.

            To join, open this link and sign in with your Amazon account:
            \(url)

            The link works until \(expiresAt.formatted(.iso8601)) and only once; a newer invitation replaces it.

            After joining, link Microsoft Exchange in the Alexa app under Settings > Calendar. Use this e-mail \
            address (\(email)): it must be your address in your organization's Microsoft Exchange server.

            """ + (contactEmail.map { "Questions? Write to \($0).\n" } ?? "")
    }
}
