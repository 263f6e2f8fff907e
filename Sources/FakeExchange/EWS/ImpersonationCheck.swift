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
        let order = ["SID", "PrincipalName", "PrimarySmtpAddress", "SmtpAddress"]
        let given = children.filter { $0.namespace == EWSNamespace.types && order.contains($0.name) && !$0.value.isEmpty }
        guard !given.isEmpty else { throw SOAPFault.invalidImpersonationHeader }
        let sorted = given.sorted { order.firstIndex(of: $0.name)! < order.firstIndex(of: $1.name)! }
        var target: Mailbox?
        for child in sorted {
            switch child.name {
            case "SID": target = directory.securityIdentifier(child.value)
            case "PrincipalName": target = directory.userPrincipal(child.value)
            case "PrimarySmtpAddress": target = directory.primary(child.value)
            default: target = directory.proxy(child.value)
            }
            if target != nil { break }
        }
        guard let target, target.hasMailbox else { throw SOAPFault.nonExistentMailbox }
        guard scope.admits(target) else { throw SOAPFault.impersonateUserDenied }
        return target
    }
}

/// One child of `ConnectingSID` as the check reads it: its namespace, element name and trimmed text.
struct ConnectingSIDEntry {
    var namespace: String?
    var name: String
    var value: String
}
