// EWSRoomCalendarCheck: a room's calendar checked against EWS: ResolveNames, GetRoomLists and GetRooms, then the
// calendar's rights and a read.
import Curl
import EWS
import Foundation
import Logging

/// Tells a room from a person's mailbox the way EWS allows: a room is a mailbox listed by GetRooms in one of the
/// organization's room lists (GetRoomLists). Then proves booking: with impersonation, reading the room's calendar as
/// the room; with full access, Editor on its Calendar folder and a read.
public struct EWSRoomCalendarCheck: RoomCalendarCheck {
    let policy: EWSPolicy
    let transport: CurlTransport
    let clock: any WallClock
    let logger: Logger
    let callTimeout: Duration

    public init(policy: EWSPolicy, transport: CurlTransport, clock: any WallClock = SystemClock(), logger: Logger, callTimeout: Duration = .seconds(10)) {
        self.policy = policy
        self.transport = transport
        self.clock = clock
        self.logger = logger
        self.callTimeout = callTimeout
    }

    public func verify(_ address: String, through link: ExchangeLinkTarget) async -> Result<String, LinkFailure> {
        let lookup: EWSMailboxLookup, mailbox: String
        switch await EWSMailboxLookup.resolve(address, through: link, policy: policy, transport: transport, logger: logger, timeout: callTimeout, alias: { primary in
            "\(address) is only an alias of the Exchange mailbox \(primary); use the room's primary address \(primary)."
        }, unknown: "Exchange has no mailbox with the address \(address). Use the primary SMTP address of the room mailbox (Get-Mailbox -RecipientTypeDetails RoomMailbox).") {
        case .success(let found): (lookup, mailbox) = found
        case .failure(let failure): return .failure(failure)
        }
        let client = lookup.client
        func failure(_ error: EWSError) -> LinkFailure { lookup.failure(error, mailbox: address) }

        do {
            var isRoom = false
            for list in try await client.roomLists(timeout: callTimeout) where !isRoom {
                do {
                    isRoom = try await client.rooms(inList: list.address, timeout: callTimeout).contains { $0.address.lowercased() == mailbox.lowercased() }
                } catch .nameNotResolved {
                    // An empty or hidden list says "no results": it holds no room, which is not the mailbox's fault.
                    continue
                }
            }
            guard isRoom else {
                return .failure(LinkFailure(.notARoom,
                    "\(mailbox) is not in any room list of your Exchange organization, so it is not known as a meeting room. Use a room mailbox and add it to a room list: New-DistributionGroup -RoomList -Name 'Rooms' -Members \(mailbox), or Add-DistributionGroupMember -Identity <room list> -Member \(mailbox)."))
            }
        } catch {
            return .failure(failure(error))
        }

        let access = link.accessMethod.access(for: mailbox)
        do {
            if link.accessMethod == .fullAccess {
                let rights = try await client.calendarRights(access, timeout: callTimeout)
                guard rights.isEditor else {
                    return .failure(LinkFailure(.accessDenied,
                        "\(link.upn) cannot create events in the calendar of \(mailbox), so the room could not be booked; it needs Editor. Run: Add-MailboxFolderPermission \(mailbox):\\Calendar -User \(link.upn) -AccessRights Editor"))
                }
            }
            let now = clock.now()
            _ = try await client.calendarView(access, start: now, end: now.addingTimeInterval(86_400), maxEntries: 1, timeout: callTimeout)
        } catch {
            return .failure(failure(error))
        }
        return .success(mailbox)
    }
}
