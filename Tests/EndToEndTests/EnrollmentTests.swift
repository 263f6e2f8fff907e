// Enrolled users through the real a4b-calendar binary (and the real fake-exchange where calendars are
// linked): the enrollment lifecycle, invitations and their e-mail, validation, time zones, calendar
// links, paging, tenant isolation and the outbox. See the REST contract in openapi.yaml.
import Foundation
import Glibc
import TestSupport
import Testing

// One at a time: each test starts its own service (and fake), and eight of them at once on a 2-core CI machine
// starve the timing-sensitive suites that run beside them.
@Suite(.serialized) struct EnrollmentTests {
    typealias Env = EnrollmentEnvironment

    // MARK: - 1. Lifecycle

    @Test func aUserGoesFromInitializedThroughPendingToRegistered() async throws {
        try await Env.with { env in
            let org = try await env.createOrganization("Contoso")
            let created = try await env.createUser(org.id, key: org.key, email: "alice@contoso.com", firstName: "Alice", lastName: "Jones")
            let userId = try #require(created["id"] as? String)
            #expect(created["enrollmentStatus"] as? String == "INITIALIZED", "a new user is INITIALIZED: \(created)")
            #expect(created["email"] as? String == "alice@contoso.com")
            #expect(created["firstName"] as? String == "Alice")
            #expect(created["lastName"] as? String == "Jones")
            #expect(created["timeZone"] as? String == "UTC", "a user without a time zone shows the organization's (default UTC): \(created)")
            #expect((created["enrollmentId"] as? String)?.isEmpty == false, "a user has an enrollmentId: \(created)")
            #expect(Instant.parse(created["createdAt"] as? String) != nil, "createdAt is ISO 8601: \(created)")
            #expect(created["alexaUserId"] == nil && created["calendar"] == nil && created["invitationExpiresAt"] == nil,
                    "a new user has no alexaUserId, calendar or invitation: \(created)")

            // Invite.
            let before = Date()
            let invitation = try await env.invite(org.id, key: org.key, userId)
            let after = Date()
            let token = try #require(invitation["token"] as? String)
            #expect(invitation["userId"] as? String == userId)
            #expect(invitation["enrollmentStatus"] as? String == "PENDING")
            #expect(token.wholeMatch(of: /inv_[0-9a-f]{64}/) != nil, "token is inv_ and 64 lower-case hex digits, got \(token)")
            let url = try #require(invitation["url"] as? String)
            #expect(url == "http://127.0.0.1:\(env.port)/v1/invitations/\(token)",
                    "the default public URL is the bound address; expected http://127.0.0.1:\(env.port)/v1/invitations/<token>, got \(url)")
            let expiresAtText = invitation["expiresAt"] as? String
            let expiresAt = try #require(Instant.parse(expiresAtText), "expiresAt is ISO 8601: \(invitation)")
            let thirtyDays: TimeInterval = 30 * 86_400
            #expect(expiresAt >= before.addingTimeInterval(thirtyDays - 2) && expiresAt <= after.addingTimeInterval(thirtyDays + 2),
                    "expiresAt is 30 days after now (\(Instant.format(before))), got \(expiresAtText ?? "nil")")

            let pending = try await env.getUser(org.id, key: org.key, userId)
            #expect(pending["enrollmentStatus"] as? String == "PENDING", "after the invitation: \(pending)")
            #expect(Instant.parse(pending["invitationExpiresAt"] as? String) == expiresAt, "a PENDING user shows invitationExpiresAt: \(pending)")

            // The invitation e-mail.
            let outbox = try await env.outbox(org.id, key: org.key)
            let messages = try #require(outbox["messages"] as? [[String: Any]], "outbox has messages: \(outbox)")
            try #require(messages.count == 1, "one e-mail after one invitation, got \(messages)")
            let mail = messages[0]
            #expect(mail["to"] as? String == "alice@contoso.com")
            #expect(mail["subject"] as? String == "Contoso invites you to Alexa for Business", "subject: \(mail["subject"] ?? "nil")")
            let body = mail["body"] as? String ?? ""
            // The listing (and the database) shows the link with its token elided: the token is shown once, above.
            #expect(body.contains(url.replacingOccurrences(of: token, with: "inv_…")), "the e-mail body holds the invitation URL, token elided: \(body)")
            #expect(!body.contains(token), "the outbox shows no live token: \(body)")
            #expect(body.contains("Contoso"), "the e-mail body names the organization: \(body)")
            #expect(body.contains("alice@contoso.com"), "the e-mail body names the user's address: \(body)")
            #expect(mail["deliveryState"] as? String == "HELD", "no SMTP relay: HELD, got \(mail["deliveryState"] ?? "nil")")
            #expect(mail["id"] is Int && Instant.parse(mail["createdAt"] as? String) != nil, "a message has an integer id and createdAt: \(mail)")
            #expect(outbox["nextCursor"] == nil, "one message: no nextCursor: \(outbox)")

            // The invitation, read with no Authorization header.
            let read = try await env.call("GET", "/v1/invitations/\(token)", token: nil)
            #expect(read.status == 200, "GET /v1/invitations/{token} without Authorization: expected 200, got \(read.status) \(read.body)")
            let details = try Env.object(read.body)
            #expect(details["organizationId"] as? String == org.id)
            #expect(details["organizationName"] as? String == "Contoso")
            #expect(details["email"] as? String == "alice@contoso.com")
            #expect(details["firstName"] as? String == "Alice" && details["lastName"] as? String == "Jones", "\(details)")
            #expect(Instant.parse(details["expiresAt"] as? String) == expiresAt, "\(details)")

            // Bad acceptances change nothing.
            for (body, what) in [(nil, "missing alexaUserId"), ("amzn2.ask.account.XYZ", "alexaUserId not starting with amzn1.")] as [(String?, String)] {
                let bad = try await env.accept(token, alexaUserId: body)
                #expect(bad.status == 400, "\(what): expected 400, got \(bad.status) \(bad.body)")
            }
            #expect(try await env.getUser(org.id, key: org.key, userId)["enrollmentStatus"] as? String == "PENDING")

            // Accept.
            let accepted = try await env.accept(token, alexaUserId: "amzn1.ask.account.XYZ")
            try #require(accepted.status == 200, "accept: expected 200, got \(accepted.status) \(accepted.body)")
            let registered = try Env.object(accepted.body)
            #expect(registered["id"] as? String == userId)
            #expect(registered["enrollmentStatus"] as? String == "REGISTERED", "\(registered)")
            #expect(registered["alexaUserId"] as? String == "amzn1.ask.account.XYZ", "\(registered)")
            let read2 = try await env.getUser(org.id, key: org.key, userId)
            #expect(read2["enrollmentStatus"] as? String == "REGISTERED", "GET after accept: \(read2)")
            #expect(read2["alexaUserId"] as? String == "amzn1.ask.account.XYZ", "GET after accept: \(read2)")
            #expect(Instant.parse(read2["registeredAt"] as? String) != nil, "a REGISTERED user shows registeredAt: \(read2)")
            #expect(read2["invitationExpiresAt"] == nil, "invitationExpiresAt only while PENDING: \(read2)")

            // Accepting again.
            let again = try await env.accept(token, alexaUserId: "amzn1.ask.account.XYZ")
            expectError(again, 410, code: "GONE", reason: "ALREADY_ACCEPTED", "accepting a second time")
            #expect((Env.error(again)["message"] as? String)?.isEmpty == false, "410 has a message: \(again.body)")

            // The token never reaches the log; the invitation routes are logged by their template.
            // Stderr reaches the test through a pipe handler, so wait (with a deadline) for the last request's access line.
            await env.stop()
            let lastAccept: (String) -> Bool = { $0.contains(#""route":"/v1/invitations/{token}/accept""#) && $0.contains(#""status":"410""#) }
            #expect(await eventually(timeout: 10) { env.service.lines.contains(where: lastAccept) },
                    "the access log has the second accept (route /v1/invitations/{token}/accept, status 410)")
            let log = env.service.lines.joined(separator: "\n")
            #expect(!log.contains(token) && !log.contains(String(token.dropFirst(4))), "the invitation token is in the service's log")
            let acceptLine = env.service.lines.first(where: lastAccept) ?? ""
            #expect(acceptLine.contains(#""path":"/v1/invitations/{token}/accept""#),
                    "the access log shows the route template as the path of an invitation request: \(acceptLine)")
        }
    }

    // MARK: - 2. Expiry, on the injected clock

    @Test func anInvitationExpiresThirtyDaysAfterItWasSentByTheServiceClock() async throws {
        try await Env.with(clock: "2027-01-01T00:00:00Z") { env in
            let start = try #require(Instant.parse("2027-01-01T00:00:00Z"))
            let org = try await env.createOrganization("Contoso")
            let late = try await env.createUser(org.id, key: org.key, email: "late@contoso.com")
            let early = try await env.createUser(org.id, key: org.key, email: "early@contoso.com")
            #expect(Instant.parse(late["createdAt"] as? String) == start, "createdAt comes from the clock file: \(late)")
            let lateInvitation = try await env.invite(org.id, key: org.key, try #require(late["id"] as? String))
            let earlyInvitation = try await env.invite(org.id, key: org.key, try #require(early["id"] as? String))
            #expect(Instant.parse(lateInvitation["expiresAt"] as? String) == start.addingTimeInterval(30 * 86_400),
                    "expiresAt = clock + 30 days = 2027-01-31T00:00:00Z, got \(lateInvitation["expiresAt"] ?? "nil")")

            // 29 days later: still valid.
            try env.setClock("2027-01-30T00:00:00Z")
            let accepted = try await env.accept(try #require(earlyInvitation["token"] as? String), alexaUserId: "amzn1.ask.account.EARLY")
            #expect(accepted.status == 200, "accept after 29 days: expected 200, got \(accepted.status) \(accepted.body)")
            if accepted.status == 200 {
                let user = try Env.object(accepted.body)
                #expect(user["enrollmentStatus"] as? String == "REGISTERED")
                #expect(Instant.parse(user["registeredAt"] as? String) == Instant.parse("2027-01-30T00:00:00Z"),
                        "registeredAt comes from the clock file: \(user)")
            }

            // 31 days later: expired.
            try env.setClock("2027-02-01T00:00:00Z")
            let expired = try await env.accept(try #require(lateInvitation["token"] as? String), alexaUserId: "amzn1.ask.account.LATE")
            expectError(expired, 410, code: "GONE", reason: "EXPIRED", "accept after 31 days")

            // A new invitation starts a new 30 days.
            let renewed = try await env.invite(org.id, key: org.key, try #require(late["id"] as? String))
            #expect(Instant.parse(renewed["expiresAt"] as? String) == Instant.parse("2027-03-03T00:00:00Z"),
                    "a re-invitation expires 30 days after the new now, got \(renewed["expiresAt"] ?? "nil")")
            let renewedAccept = try await env.accept(try #require(renewed["token"] as? String), alexaUserId: "amzn1.ask.account.LATE")
            #expect(renewedAccept.status == 200, "accepting the renewed invitation: expected 200, got \(renewedAccept.status) \(renewedAccept.body)")

            await env.stop()
            #expect(await eventually(timeout: 10) { env.service.lines.contains { $0.contains(#""level":"warning""#) && $0.lowercased().contains("clock") } },
                    "starting with a clock file is logged as a warning")
        }
    }

    // MARK: - 3. Replaced, revoked, and no invitation for a registered user

    @Test func aNewInvitationReplacesTheOldOneAndARevokedOneIsGone() async throws {
        try await Env.with(serviceFlags: ["--public-url", "https://calendar.contoso.test"]) { env in
            let org = try await env.createOrganization("Contoso")
            let first = try #require(try await env.createUser(org.id, key: org.key, email: "alice@contoso.com")["id"] as? String)
            let one = try await env.invite(org.id, key: org.key, first)
            let two = try await env.invite(org.id, key: org.key, first)
            let oneToken = try #require(one["token"] as? String)
            let twoToken = try #require(two["token"] as? String)
            #expect(oneToken != twoToken, "each invitation has its own token")
            #expect(two["url"] as? String == "https://calendar.contoso.test/v1/invitations/\(twoToken)",
                    "--public-url is the base of invitation URLs, got \(two["url"] ?? "nil")")
            let mails = try #require(try await env.outbox(org.id, key: org.key)["messages"] as? [[String: Any]])
            #expect(mails.count == 2 && mails.allSatisfy { $0["to"] as? String == "alice@contoso.com" }, "two invitations, two e-mails: \(mails)")

            expectError(try await env.accept(oneToken, alexaUserId: "amzn1.ask.account.ALICE"), 410, code: "GONE", reason: "REPLACED",
                        "accepting a replaced invitation")
            let readTwo = try await env.call("GET", "/v1/invitations/\(twoToken)", token: nil)
            #expect(readTwo.status == 200, "the newer invitation is readable: got \(readTwo.status) \(readTwo.body)")
            let accepted = try await env.accept(twoToken, alexaUserId: "amzn1.ask.account.ALICE")
            #expect(accepted.status == 200, "accepting the newer invitation: expected 200, got \(accepted.status) \(accepted.body)")

            // A REGISTERED user cannot be invited.
            let reinvite = try await env.call("POST", env.userPath(org.id, first) + "/invitation", token: org.key)
            expectError(reinvite, 409, code: "INVALID_USER_STATUS", "inviting a REGISTERED user")

            // The same Alexa user cannot register a second user of the organization.
            let third = try #require(try await env.createUser(org.id, key: org.key, email: "carol@contoso.com")["id"] as? String)
            let thirdToken = try #require(try await env.invite(org.id, key: org.key, third)["token"] as? String)
            expectError(try await env.accept(thirdToken, alexaUserId: "amzn1.ask.account.ALICE"), 409, code: "CONFLICT",
                        "accepting with an alexaUserId already registered to another user")

            // Revoke.
            let second = try #require(try await env.createUser(org.id, key: org.key, email: "bob@contoso.com")["id"] as? String)
            let revokedToken = try #require(try await env.invite(org.id, key: org.key, second)["token"] as? String)
            let revoke = try await env.call("DELETE", env.userPath(org.id, second) + "/invitation", token: org.key)
            #expect(revoke.status == 204, "DELETE invitation: expected 204, got \(revoke.status) \(revoke.body)")
            let back = try await env.getUser(org.id, key: org.key, second)
            #expect(back["enrollmentStatus"] as? String == "INITIALIZED", "a revoked invitation puts the user back to INITIALIZED: \(back)")
            #expect(back["invitationExpiresAt"] == nil, "no invitationExpiresAt after revoking: \(back)")
            expectError(try await env.accept(revokedToken, alexaUserId: "amzn1.ask.account.BOB"), 410, code: "GONE", reason: "REVOKED",
                        "accepting a revoked invitation")
            let revokeAgain = try await env.call("DELETE", env.userPath(org.id, second) + "/invitation", token: org.key)
            expectError(revokeAgain, 404, code: "NOT_FOUND", "DELETE invitation when none is pending")
            // An unknown token.
            expectError(try await env.accept("inv_" + String(repeating: "0", count: 64), alexaUserId: "amzn1.ask.account.BOB"), 404,
                        code: "NOT_FOUND", "accepting an unknown token")
        }
    }

    // MARK: - 4. Validation and time zones

    @Test func duplicatesAndMalformedFieldsAreRefusedAndTimeZonesFallBackToTheOrganizations() async throws {
        try await Env.with { env in
            let org = try await env.createOrganization("Contoso")
            #expect(org.body["timeZone"] as? String == "UTC", "an organization's time zone defaults to UTC: \(org.body)")
            _ = try await env.createUser(org.id, key: org.key, email: "alice@contoso.com")
            expectError(try await env.postUser(org.id, key: org.key, ["email": "alice@contoso.com"]), 409, code: "CONFLICT", "the same e-mail twice")
            expectError(try await env.postUser(org.id, key: org.key, ["email": "ALICE@Contoso.COM"]), 409, code: "CONFLICT",
                        "the same e-mail differing only in case")

            let bad: [([String: Any], String, String)] = [
                (["email": "not an address"], "email", "a malformed e-mail"),
                (["firstName": "Alice"], "email", "no e-mail"),
                (["email": "bob@contoso.com", "timeZone": "Mars/Olympus"], "timeZone", "an unknown time zone"),
                (["email": "bob@contoso.com", "firstName": String(repeating: "a", count: 31)], "firstName", "a 31-character first name"),
                (["email": "bob@contoso.com", "lastName": "<script>"], "lastName", "a last name with < and >"),
            ]
            for (fields, field, what) in bad {
                let response = try await env.postUser(org.id, key: org.key, fields)
                expectError(response, 400, code: "BAD_REQUEST", "\(what) \(fields)")
                let message = Env.error(response)["message"] as? String ?? ""
                #expect(message.contains(field), "\(what): the message names '\(field)', got \"\(message)\"")
            }
            let thirty = try await env.createUser(org.id, key: org.key, email: "bob@contoso.com", firstName: String(repeating: "a", count: 30),
                                                  lastName: "O'Neil-Smith Jr. d_x")
            #expect(thirty["firstName"] as? String == String(repeating: "a", count: 30), "30 characters are allowed")

            // An organization with a time zone; PATCH.
            let fabrikam = try await env.createOrganization("Fabrikam", timeZone: "Europe/Berlin")
            #expect(fabrikam.body["timeZone"] as? String == "Europe/Berlin", "created with a time zone: \(fabrikam.body)")
            let badOrg = try await env.call("POST", "/v1/organizations", token: env.adminToken, json: #"{"name": "Mars Inc", "timeZone": "Mars/Olympus"}"#)
            expectError(badOrg, 400, code: "BAD_REQUEST", "creating an organization with an unknown time zone")
            #expect((Env.error(badOrg)["message"] as? String ?? "").contains("timeZone"), "the message names 'timeZone': \(badOrg.body)")

            let plain = try await env.createUser(fabrikam.id, key: fabrikam.key, email: "plain@fabrikam.com")
            let own = try await env.createUser(fabrikam.id, key: fabrikam.key, email: "own@fabrikam.com", timeZone: "Asia/Tokyo")
            #expect(plain["timeZone"] as? String == "Europe/Berlin", "a user without a time zone shows the organization's: \(plain)")
            #expect(own["timeZone"] as? String == "Asia/Tokyo", "a user's own time zone: \(own)")

            let orgPath = "/v1/organizations/\(fabrikam.id)"
            let patched = try await env.call("PATCH", orgPath, token: fabrikam.key, json: #"{"timeZone": "America/New_York"}"#)
            #expect(patched.status == 200, "PATCH timeZone with the organization's key: expected 200, got \(patched.status) \(patched.body)")
            #expect((try? Env.object(patched.body))?["timeZone"] as? String == "America/New_York", "\(patched.body)")
            let renamed = try await env.call("PATCH", orgPath, token: env.adminToken, json: #"{"name": "Fabrikam Ltd"}"#)
            #expect(renamed.status == 200, "PATCH name with the admin token: expected 200, got \(renamed.status) \(renamed.body)")
            let renamedBody = (try? Env.object(renamed.body)) ?? [:]
            #expect(renamedBody["name"] as? String == "Fabrikam Ltd" && renamedBody["timeZone"] as? String == "America/New_York",
                    "PATCH name keeps the time zone: \(renamed.body)")
            let badPatch = try await env.call("PATCH", orgPath, token: fabrikam.key, json: #"{"timeZone": "Mars/Olympus"}"#)
            expectError(badPatch, 400, code: "BAD_REQUEST", "PATCH an unknown time zone")
            #expect((Env.error(badPatch)["message"] as? String ?? "").contains("timeZone"), "the message names 'timeZone': \(badPatch.body)")
            expectError(try await env.call("PATCH", orgPath, token: fabrikam.key, json: "{}"), 400, code: "BAD_REQUEST", "PATCH with no field")

            let readOrg = try Env.object(try await env.call("GET", orgPath, token: fabrikam.key).body)
            #expect(readOrg["timeZone"] as? String == "America/New_York" && readOrg["name"] as? String == "Fabrikam Ltd", "GET after PATCH: \(readOrg)")
            let plainAfter = try await env.getUser(fabrikam.id, key: fabrikam.key, try #require(plain["id"] as? String))
            #expect(plainAfter["timeZone"] as? String == "America/New_York",
                    "the effective time zone follows the organization's after PATCH: \(plainAfter)")
            let ownAfter = try await env.getUser(fabrikam.id, key: fabrikam.key, try #require(own["id"] as? String))
            #expect(ownAfter["timeZone"] as? String == "Asia/Tokyo", "a user's own time zone is kept: \(ownAfter)")
            // Another organization's e-mail is no conflict.
            _ = try await env.createUser(fabrikam.id, key: fabrikam.key, email: "alice@contoso.com")
        }
    }

    // MARK: - 5. Calendar links

    @Test func aUsersCalendarIsLinkedThroughTheOrganizationsExchangeAccount() async throws {
        try await Env.with(exchange: true) { env in
            let org = try await env.createOrganization("Contoso")
            let alice = try #require(try await env.createUser(org.id, key: org.key, email: "alice@contoso.com")["id"] as? String)
            let calendar = env.userPath(org.id, alice) + "/calendar"
            expectError(try await env.call("PUT", calendar, token: org.key), 409, code: "EXCHANGE_NOT_LINKED",
                        "linking a calendar before the organization's Exchange")

            try await env.linkExchange(org.id, key: org.key)
            let linked = try await env.call("PUT", calendar, token: org.key)
            try #require(linked.status == 200, "PUT calendar for alice@contoso.com: expected 200, got \(linked.status) \(linked.body)")
            let link = try Env.object(linked.body)
            #expect(link["status"] as? String == "LINKED" && link["mailbox"] as? String == "alice@contoso.com", "\(link)")
            let linkedAt = try #require(Instant.parse(link["linkedAt"] as? String), "linkedAt is ISO 8601: \(link)")
            let shown = try #require(try await env.getUser(org.id, key: org.key, alice)["calendar"] as? [String: Any], "the user shows its calendar")
            #expect(shown["status"] as? String == "LINKED" && shown["mailbox"] as? String == "alice@contoso.com", "\(shown)")
            #expect(Instant.parse(shown["linkedAt"] as? String) == linkedAt, "\(shown)")

            // Refusals: each a 422 with code = reason and a detail; nothing is linked.
            func expectRefused(_ organization: (id: String, key: String, body: [String: Any]), _ email: String, _ reason: String, _ what: String) async throws {
                let user = try #require(try await env.createUser(organization.id, key: organization.key, email: email)["id"] as? String)
                let response = try await env.call("PUT", env.userPath(organization.id, user) + "/calendar", token: organization.key)
                expectError(response, 422, code: reason, reason: reason, "\(what) (\(email))")
                #expect((Env.error(response)["detail"] as? String)?.isEmpty == false, "\(what): a 422 has a detail: \(response.body)")
                #expect(try await env.getUser(organization.id, key: organization.key, user)["calendar"] == nil, "\(what): nothing is linked")
            }
            try await expectRefused(org, "a.jones@contoso.com", "EMAIL_NOT_IN_EXCHANGE", "an alias, not the primary address")
            try await expectRefused(org, "nobody@contoso.com", "EMAIL_NOT_IN_EXCHANGE", "an address Exchange does not know")
            try await expectRefused(org, "carol@contoso.com", "IMPERSONATION_DENIED", "a mailbox outside the impersonation scope")

            // Full access: Editor links, Reviewer or nothing is refused.
            let fabrikam = try await env.createOrganization("Fabrikam")
            try await env.linkExchange(fabrikam.id, key: fabrikam.key, upn: "svc-full@contoso.com", password: "full-secret", accessMethod: "fullAccess")
            let fullAlice = try #require(try await env.createUser(fabrikam.id, key: fabrikam.key, email: "alice@contoso.com")["id"] as? String)
            let fullLinked = try await env.call("PUT", env.userPath(fabrikam.id, fullAlice) + "/calendar", token: fabrikam.key)
            #expect(fullLinked.status == 200, "full access with Editor: expected 200, got \(fullLinked.status) \(fullLinked.body)")
            try await expectRefused(fabrikam, "dave@contoso.com", "ACCESS_DENIED", "full access with only Reviewer on the calendar")
            try await expectRefused(fabrikam, "carol@contoso.com", "ACCESS_DENIED", "full access with no rights on the calendar")

            // Unlink.
            let unlinked = try await env.call("DELETE", calendar, token: org.key)
            #expect(unlinked.status == 204, "DELETE calendar: expected 204, got \(unlinked.status) \(unlinked.body)")
            #expect(try await env.getUser(org.id, key: org.key, alice)["calendar"] == nil, "no calendar after DELETE")
            expectError(try await env.call("DELETE", calendar, token: org.key), 404, code: "NOT_FOUND", "DELETE calendar when not linked")
            expectError(try await env.call("PUT", env.userPath(org.id, "usr_missing") + "/calendar", token: org.key), 404, code: "NOT_FOUND",
                        "PUT calendar for an unknown user")
        }
    }

    // MARK: - 6. Paging

    @Test func a120UserListPagesBy50WithFilters() async throws {
        try await Env.with { env in
            let org = try await env.createOrganization("Contoso")
            let emails = (0..<120).map { "user\(String(format: "%03d", $0))@contoso.com" }
            let (orgID, orgKey) = (org.id, org.key)
            let created = try await boundedConcurrently(emails, width: 8) { email in
                try #require(try await env.createUser(orgID, key: orgKey, email: email)["id"] as? String)
            }
            #expect(Set(created).count == 120, "120 distinct ids")
            let invitedIndices = [3, 17, 42, 64, 99, 119]
            for index in invitedIndices { _ = try await env.invite(org.id, key: org.key, created[index]) }

            let all = try await env.listAllUsers(org.id, key: org.key, limit: 50)
            #expect(all.pages == [50, 50, 20], "pages of 50, 50, 20 and no nextCursor on the last; got \(all.pages)")
            let ids = all.users.compactMap { $0["id"] as? String }
            #expect(ids.count == Set(ids).count, "no user twice across pages")
            #expect(Set(ids) == Set(created), "every created user is listed once")
            #expect(ids == ids.sorted(), "users are ordered by id")

            let whole = try await env.listAllUsers(org.id, key: org.key, limit: 200)
            #expect(whole.pages == [120], "limit=200: one page of 120 without nextCursor, got \(whole.pages)")

            let pending = try await env.listAllUsers(org.id, key: org.key, query: "status=PENDING", limit: 50)
            #expect(Set(pending.users.compactMap { $0["id"] as? String }) == Set(invitedIndices.map { created[$0] }),
                    "status=PENDING lists exactly the invited users: \(pending.users.map { $0["email"] ?? "?" })")
            #expect(pending.users.allSatisfy { $0["enrollmentStatus"] as? String == "PENDING" })
            let initialized = try await env.listAllUsers(org.id, key: org.key, query: "status=INITIALIZED", limit: 50)
            #expect(initialized.users.count == 114 && initialized.pages == [50, 50, 14], "status=INITIALIZED: 114 users, got \(initialized.pages)")

            let byEmail = try await env.listAllUsers(org.id, key: org.key, query: "email=user042@contoso.com", limit: 50)
            #expect(byEmail.users.count == 1 && byEmail.users.first?["id"] as? String == created[42],
                    "email= finds that one user, got \(byEmail.users)")
            let combined = try await env.listAllUsers(org.id, key: org.key, query: "status=INITIALIZED&email=user042@contoso.com", limit: 50)
            #expect(combined.users.isEmpty, "status and email together: user042 is PENDING, so none, got \(combined.users)")

            for query in ["status=BOGUS", "limit=0", "limit=201", "limit=ten"] {
                let response = try await env.call("GET", env.usersPath(org.id) + "?" + query, token: org.key)
                expectError(response, 400, code: "BAD_REQUEST", "GET users?\(query)")
            }
        }
    }

    // MARK: - 7. Tenant isolation and deletion

    @Test func anotherOrganizationsKeySeesNothingOfItsUsers() async throws {
        try await Env.with(exchange: true) { env in
            let a = try await env.createOrganization("Contoso")
            let b = try await env.createOrganization("Fabrikam")
            try await env.linkExchange(a.id, key: a.key)
            try await env.linkExchange(b.id, key: b.key)  // so that B's own routes cannot answer 409 EXCHANGE_NOT_LINKED instead
            let invited = try #require(try await env.createUser(a.id, key: a.key, email: "alice@contoso.com")["id"] as? String)
            let token = try #require(try await env.invite(a.id, key: a.key, invited)["token"] as? String)
            let plain = try #require(try await env.createUser(a.id, key: a.key, email: "dave@contoso.com")["id"] as? String)
            let linkedA = try await env.call("PUT", env.userPath(a.id, plain) + "/calendar", token: a.key)
            #expect(linkedA.status == 200, "A links dave's calendar: got \(linkedA.status) \(linkedA.body)")
            let bUser = try #require(try await env.createUser(b.id, key: b.key, email: "bob@fabrikam.com")["id"] as? String)

            // A's users by id, under B's path (B's key and the admin token) and under A's path with B's key.
            for user in [invited, plain] {
                let routes: [(String, String)] = [
                    ("GET", ""), ("DELETE", ""), ("POST", "/invitation"), ("DELETE", "/invitation"), ("PUT", "/calendar"), ("DELETE", "/calendar"),
                ]
                for (method, suffix) in routes {
                    for (orgID, token, who) in [(b.id, b.key, "B's key under B's path"), (b.id, env.adminToken, "the admin token under B's path"),
                                                (a.id, b.key, "B's key under A's path")] {
                        let path = env.userPath(orgID, user) + suffix
                        let response = try await env.call(method, path, token: token)
                        #expect(response.status == 404, "\(method) \(path) with \(who): expected 404, got \(response.status) \(response.body)")
                    }
                }
            }
            for (method, path) in [("GET", env.usersPath(a.id)), ("POST", env.usersPath(a.id)),
                                   ("GET", "/v1/organizations/\(a.id)/outbox"), ("DELETE", "/v1/organizations/\(a.id)/outbox")] {
                let response = try await env.call(method, path, token: b.key, json: method == "POST" ? #"{"email": "eve@contoso.com"}"# : nil)
                #expect(response.status == 404, "\(method) \(path) with B's key: expected 404, got \(response.status) \(response.body)")
            }

            // Nothing of A changed.
            let stillPending = try await env.getUser(a.id, key: a.key, invited)
            #expect(stillPending["enrollmentStatus"] as? String == "PENDING", "A's invited user is untouched: \(stillPending)")
            #expect(try await env.call("GET", "/v1/invitations/\(token)", token: nil).status == 200, "A's invitation still works")
            #expect(try await env.getUser(a.id, key: a.key, plain)["calendar"] != nil, "A's calendar link is untouched")
            #expect((try await env.outbox(a.id, key: a.key)["messages"] as? [Any])?.count == 1, "A's outbox is untouched")
            let listA = try await env.listAllUsers(a.id, key: a.key)
            #expect(Set(listA.users.compactMap { $0["id"] as? String }) == [invited, plain], "A lists its two users")
            let listB = try await env.listAllUsers(b.id, key: b.key)
            #expect(listB.users.compactMap { $0["id"] as? String } == [bUser], "B lists only its own user, got \(listB.users)")
            #expect((try await env.outbox(b.id, key: b.key)["messages"] as? [Any])?.isEmpty == true, "B's outbox is empty")

            // Deleting a user removes it and its invitation.
            let deleted = try await env.call("DELETE", env.userPath(a.id, invited), token: a.key)
            #expect(deleted.status == 204, "DELETE user: expected 204, got \(deleted.status) \(deleted.body)")
            expectError(try await env.call("GET", env.userPath(a.id, invited), token: a.key), 404, code: "NOT_FOUND", "GET a deleted user")
            expectError(try await env.call("DELETE", env.userPath(a.id, invited), token: a.key), 404, code: "NOT_FOUND", "DELETE a deleted user")
            expectError(try await env.call("GET", "/v1/invitations/\(token)", token: nil), 404, code: "NOT_FOUND", "GET a deleted user's invitation")
            expectError(try await env.accept(token, alexaUserId: "amzn1.ask.account.ALICE"), 404, code: "NOT_FOUND",
                        "accepting a deleted user's invitation")
            let listAfter = try await env.listAllUsers(a.id, key: a.key)
            #expect(listAfter.users.compactMap { $0["id"] as? String } == [plain], "the deleted user is not listed")
            // The same address can be enrolled again.
            _ = try await env.createUser(a.id, key: a.key, email: "alice@contoso.com")
        }
    }

    // MARK: - 8. Outbox

    @Test func theOutboxPagesOldestFirstAndEmpties() async throws {
        try await Env.with { env in
            let org = try await env.createOrganization("Contoso")
            let emails = ["one@contoso.com", "two@contoso.com", "three@contoso.com"]
            for email in emails {
                let user = try #require(try await env.createUser(org.id, key: org.key, email: email)["id"] as? String)
                _ = try await env.invite(org.id, key: org.key, user)
            }
            let first = try await env.outbox(org.id, key: org.key, query: "limit=2")
            let firstMessages = try #require(first["messages"] as? [[String: Any]])
            let cursor = try #require(first["nextCursor"] as? String, "limit=2 of 3: a nextCursor, got \(first)")
            let second = try await env.outbox(org.id, key: org.key,
                                              query: "limit=2&cursor=" + (cursor.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? cursor))
            let secondMessages = try #require(second["messages"] as? [[String: Any]])
            #expect(second["nextCursor"] == nil, "the last page has no nextCursor: \(second)")
            #expect((firstMessages + secondMessages).compactMap { $0["to"] as? String } == emails, "oldest first, each once")
            let ids = (firstMessages + secondMessages).compactMap { $0["id"] as? Int }
            #expect(ids.count == 3 && ids == ids.sorted(), "message ids ascend in the order written: \(ids)")

            let cleared = try await env.call("DELETE", "/v1/organizations/\(org.id)/outbox", token: org.key)
            #expect(cleared.status == 204, "DELETE outbox: expected 204, got \(cleared.status) \(cleared.body)")
            let empty = try await env.outbox(org.id, key: org.key)
            #expect((empty["messages"] as? [Any])?.isEmpty == true && empty["nextCursor"] == nil, "empty after DELETE: \(empty)")

            // New mail arrives after clearing.
            let user = try #require(try await env.createUser(org.id, key: org.key, email: "four@contoso.com")["id"] as? String)
            _ = try await env.invite(org.id, key: org.key, user)
            let again = try await env.outbox(org.id, key: org.key)
            #expect((again["messages"] as? [[String: Any]])?.compactMap { $0["to"] as? String } == ["four@contoso.com"], "\(again)")
        }
    }
}

/// Expects an error response: `status`, `error.code` and, when given, `error.reason`; `what` names the request.
func expectError(_ response: RawResponse, _ status: Int, code: String, reason: String? = nil, _ what: String,
                 sourceLocation: SourceLocation = #_sourceLocation) {
    let error = EnrollmentEnvironment.error(response)
    #expect(response.status == status && error["code"] as? String == code && (reason == nil || error["reason"] as? String == reason),
            "\(what): expected \(status) code \(code)\(reason.map { " reason \($0)" } ?? ""), got \(response.status) \(response.body)",
            sourceLocation: sourceLocation)
}
