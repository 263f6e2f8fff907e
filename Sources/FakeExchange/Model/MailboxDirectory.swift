// MailboxDirectory: the fake's Active Directory: look mailboxes up by SMTP, alias, UPN, SID or legacy DN;
// its room lists.

import Foundation

/// An immutable set of mailboxes and room lists with case-insensitive lookups.
struct MailboxDirectory: Sendable {
    private(set) var all: [Mailbox]
    /// The organization's room lists, in fixture order (members are keys of `.room` mailboxes).
    private(set) var roomLists: [RoomList]
    private var byKey: [String: Int] = [:]

    init(_ mailboxes: [Mailbox], roomLists: [RoomList] = []) {
        all = mailboxes
        self.roomLists = roomLists
        for (index, mailbox) in mailboxes.enumerated() { byKey[mailbox.key] = index }
    }

    /// The mailbox whose primary SMTP address is `address` (aliases do not match).
    func primary(_ address: String) -> Mailbox? {
        byKey[address.lowercased()].map { all[$0] }
    }

    /// The mailbox with `address` among its proxy addresses (primary or alias).
    func proxy(_ address: String) -> Mailbox? {
        let wanted = address.lowercased()
        return primary(wanted) ?? all.first { $0.proxyAddresses.contains(wanted) }
    }

    /// The mailbox mail to `address` reaches: a proxy address (primary or alias), else a UPN.
    func recipient(_ address: String) -> Mailbox? {
        proxy(address) ?? userPrincipal(address)
    }

    /// The mailbox whose UPN is `upn`.
    func userPrincipal(_ upn: String) -> Mailbox? {
        let wanted = upn.lowercased()
        return all.first { $0.upn?.lowercased() == wanted }
    }

    /// The mailbox whose SID is `sid`.
    func securityIdentifier(_ sid: String) -> Mailbox? {
        all.first { $0.sid?.caseInsensitiveCompare(sid) == .orderedSame }
    }

    /// The mailbox whose legacy Exchange DN is `dn`.
    func legacyDN(_ dn: String) -> Mailbox? {
        all.first { $0.legacyExchangeDN.caseInsensitiveCompare(dn) == .orderedSame }
    }

    /// The account a Basic-auth user name logs in as: UPN first, then primary SMTP.
    func logon(_ user: String) -> Mailbox? {
        userPrincipal(user) ?? primary(user)
    }

    /// The room list whose address is `address` (case-insensitive), nil for anything else.
    func roomList(_ address: String) -> RoomList? {
        let wanted = address.lowercased()
        return roomLists.first { $0.key == wanted }
    }
}
