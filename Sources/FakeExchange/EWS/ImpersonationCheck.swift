// ImpersonationCheck: resolves the ExchangeImpersonation header and enforces the role and its scope.

/// Applies `ExchangeImpersonation`. Rules:
/// - the caller must hold ApplicationImpersonation, else fault ErrorImpersonationDenied;
/// - ConnectingSID may carry several children (exchangelib sends PrincipalName and PrimarySmtpAddress);
///   they are tried in the order SID, PrincipalName, PrimarySmtpAddress, SmtpAddress and the first that
///   names a mailbox wins. PrimarySmtpAddress must be a primary address; SmtpAddress may be an alias;
/// - no child names a mailbox: fault ErrorNonExistentMailbox; no usable child at all: fault
///   ErrorInvalidExchangeImpersonationHeaderData;
/// - the target outside the role's scope: fault ErrorImpersonateUserDenied (HTTP 500, as captured).
enum ImpersonationCheck {
    static func resolve(
        connectingSID children: [ConnectingSIDEntry], caller: Mailbox, directory: MailboxDirectory
    ) throws(SOAPFault) -> Mailbox {
        guard let scope = caller.impersonation else { throw SOAPFault.impersonationDenied }
        guard children.contains(where: isUsable) else { throw SOAPFault.invalidImpersonationHeader }
        guard let target = target(of: children, directory: directory), target.hasMailbox else {
            throw SOAPFault.nonExistentMailbox
        }
        guard scope.admits(target) else { throw SOAPFault.impersonateUserDenied }
        return target
    }

    /// The directory entry the header names (first known child in the order SID, PrincipalName,
    /// PrimarySmtpAddress, SmtpAddress), or nil. Checks no role, scope or mailbox.
    static func target(of children: [ConnectingSIDEntry], directory: MailboxDirectory) -> Mailbox? {
        let sorted = children.filter(isUsable).sorted { order.firstIndex(of: $0.name)! < order.firstIndex(of: $1.name)! }
        for child in sorted {
            let found: Mailbox?
            switch child.name {
            case "SID": found = directory.securityIdentifier(child.value)
            case "PrincipalName": found = directory.userPrincipal(child.value)
            case "PrimarySmtpAddress": found = directory.primary(child.value)
            default: found = directory.proxy(child.value)
            }
            if let found { return found }
        }
        return nil
    }

    private static let order = ["SID", "PrincipalName", "PrimarySmtpAddress", "SmtpAddress"]

    private static func isUsable(_ child: ConnectingSIDEntry) -> Bool {
        child.namespace == EWSNamespace.types && order.contains(child.name) && !child.value.isEmpty
    }
}

/// One child of `ConnectingSID` as the check reads it: its namespace, element name and trimmed text.
struct ConnectingSIDEntry {
    var namespace: String?
    var name: String
    var value: String
}
