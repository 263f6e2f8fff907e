// ResolveNamesOperation: ResolveNames against the directory (primary SMTP exact, `smtp:` proxies, names).
import XMLSupport

/// `ResolveNames`. Matching, as documented for Exchange:
/// - no routing prefix and an `@`: the primary SMTP address, exactly (case-insensitive);
/// - `smtp:` prefix: any proxy address (primary or alias), exact or as a prefix;
/// - a legacy DN (`/O=...`): the mailbox with that DN;
/// - anything else: display names and addresses starting with the text (ambiguous name resolution).
/// One match is Success; several are Warning ErrorNameResolutionMultipleResults with the data;
/// none is Error ErrorNameResolutionNoResults. `ResolutionSet` always carries `TotalItemsInView`
/// and `IncludesLastItemInRange`. The caller needs a mailbox (ErrorNameResolutionNoMailbox).
enum ResolveNamesOperation {
    static func run(_ request: XMLElementView, _ context: RequestContext, _ state: inout ExchangeState) throws(SOAPFault) -> [ResponseMessage] {
        let m = EWSNamespace.messages
        guard let fullText = request.attribute("ReturnFullContactData") else {
            throw SOAPFault.schemaValidation("The required attribute 'ReturnFullContactData' is missing.", line: request.line)
        }
        guard let fullContactData = EWSNamespace.boolean(fullText) else {
            throw SOAPFault.schemaValidation("The 'ReturnFullContactData' attribute value '\(fullText)' is not a valid Boolean.", line: request.line)
        }
        let scope = request.attribute("SearchScope") ?? "ContactsActiveDirectory"
        let entries = request.children(m, "UnresolvedEntry")
        guard !entries.isEmpty else {
            throw SOAPFault.schemaValidation("The element 'UnresolvedEntry' is required.", line: request.line)
        }
        var messages: [ResponseMessage] = []
        for entry in entries {
            let text = entry.trimmedText
            guard !text.isEmpty else {
                throw SOAPFault.schemaValidation(
                    "The 'http://schemas.microsoft.com/exchange/services/2006/messages:UnresolvedEntry' element is invalid - The value '' is invalid according to its datatype 'http://schemas.microsoft.com/exchange/services/2006/types:NonEmptyStringType' - The actual length is less than the MinLength value.",
                    line: entry.line)
            }
            guard context.actingAs.hasMailbox else {
                messages.append(.error(.nameResolutionNoMailbox))
                continue
            }
            let matches = scope == "Contacts" ? [] : Array(match(text, in: state.directory).prefix(100))
            guard !matches.isEmpty else {
                messages.append(.error(.nameResolutionNoResults))
                continue
            }
            let payload: (inout XMLWriter) -> Void = { payload in
                payload.element(
                    "m:ResolutionSet", ["TotalItemsInView": String(matches.count), "IncludesLastItemInRange": "true"]
                ) { set in
                    for mailbox in matches { writeResolution(mailbox, fullContactData: fullContactData, into: &set) }
                }
            }
            if matches.count == 1 {
                messages.append(.success(payload))
            } else {
                messages.append(.warning(
                    EWSItemError(code: "ErrorNameResolutionMultipleResults", text: "Multiple results were found."), payload: payload))
            }
        }
        return messages
    }

    static func match(_ entry: String, in directory: MailboxDirectory) -> [Mailbox] {
        let lower = entry.lowercased()
        let candidates = directory.all.filter(\.hasMailbox)
        var found: [Mailbox]
        if lower.hasPrefix("smtp:") {
            let address = String(lower.dropFirst(5))
            found = candidates.filter { $0.proxyAddresses.contains(address) }
            if found.isEmpty { found = candidates.filter { $0.proxyAddresses.contains { $0.hasPrefix(address) } } }
        } else if lower.hasPrefix("/o=") {
            found = directory.legacyDN(entry).map { [$0] } ?? []
        } else if lower.contains("@") {
            found = candidates.filter { $0.key == lower }
        } else {
            found = candidates.filter { mailbox in
                let words = mailbox.displayName.lowercased().split(separator: " ").map(String.init)
                return mailbox.displayName.lowercased().hasPrefix(lower) || words.contains { $0.hasPrefix(lower) }
                    || mailbox.key.hasPrefix(lower)
            }
        }
        return found.sorted { $0.displayName.lowercased() < $1.displayName.lowercased() }
    }

    private static func writeResolution(_ mailbox: Mailbox, fullContactData: Bool, into w: inout XMLWriter) {
        w.element("t:Resolution") { resolution in
            resolution.element("t:Mailbox") { box in
                box.element("t:Name", text: mailbox.displayName)
                box.element("t:EmailAddress", text: mailbox.smtp)
                box.element("t:RoutingType", text: "SMTP")
                box.element("t:MailboxType", text: "Mailbox")
            }
            guard fullContactData else { return }
            resolution.element("t:Contact") { contact in
                contact.element("t:DisplayName", text: mailbox.displayName)
                contact.element("t:EmailAddresses") { list in
                    list.element("t:Entry", ["Key": "EmailAddress1"], text: "SMTP:\(mailbox.smtp)")
                    for (index, alias) in mailbox.aliases.prefix(2).enumerated() {
                        list.element("t:Entry", ["Key": "EmailAddress\(index + 2)"], text: "smtp:\(alias)")
                    }
                }
                contact.element("t:ContactSource", text: "ActiveDirectory")
            }
        }
    }
}
