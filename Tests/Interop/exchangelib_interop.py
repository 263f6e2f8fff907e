"""Drives a running fake-exchange with exchangelib 5.6.0, an EWS client written independently of ours.

Usage: python exchangelib_interop.py http://127.0.0.1:PORT/EWS/Exchange.asmx
Prints one JSON object: {"check": result, ...}; exits 1 with the failing check's name on any failure.
The Swift test InteropTests runs it against the real fake-exchange binary and checks the results
against the fake's control API.
"""
import datetime
import json
import sys

from exchangelib import (BASIC, DELEGATE, IMPERSONATION, Account, Build, CalendarItem, Configuration,
                         Credentials, EWSDateTime, EWSTimeZone, Version)
from exchangelib.errors import ErrorImpersonateUserDenied
from exchangelib.folders import Calendar, Folder, SingleFolderQuerySet
from exchangelib.properties import DistinguishedFolderId, Mailbox

endpoint = sys.argv[1]
version = Version(build=Build(15, 1, 2507, 6))
utc = EWSTimeZone("UTC")


def account(user, password, mailbox, access_type):
    config = Configuration(service_endpoint=endpoint, credentials=Credentials(user, password),
                           auth_type=BASIC, version=version, max_connections=2)
    return Account(primary_smtp_address=mailbox, config=config, autodiscover=False, access_type=access_type,
                   default_timezone=utc)


def window():
    today = datetime.datetime.now(datetime.timezone.utc).date()
    start = EWSDateTime(today.year, today.month, today.day, tzinfo=utc) - datetime.timedelta(days=7)
    return start, start + datetime.timedelta(days=15)


results = {}
check = "start"
try:
    start, end = window()

    check = "impersonation_view"
    impersonated = account("svc@contoso.com", "svc-secret", "alice@contoso.com", IMPERSONATION)
    items = list(impersonated.calendar.view(start=start, end=end))
    results[check] = sorted({item.subject for item in items})

    check = "delegate_view"
    # Editor on the user's Calendar only (no rights on their root folder), as A4B's full-access setup
    # grants: address the user's calendar from the service account's own Account (reference §13.3).
    service = account("svc-full@contoso.com", "svc-full-secret", "svc-full@contoso.com", DELEGATE)
    folder = Folder(root=service.root, _distinguished_id=DistinguishedFolderId(
        id="calendar", mailbox=Mailbox(email_address="alice@contoso.com")))
    resolved = SingleFolderQuerySet(account=service, folder=folder).resolve()
    # The resolved folder would be addressed as the service account's own "calendar"; its FolderId is alice's.
    alice_calendar = Calendar(root=service.root, id=resolved.id, changekey=resolved.changekey)
    items = list(alice_calendar.view(start=start, end=end))
    results[check] = sorted({item.subject for item in items})

    check = "create_event"
    subject = 'Interop <check> & "quotes" \U0001F389'
    begin = EWSDateTime.now(tz=utc).replace(microsecond=0) + datetime.timedelta(days=1)
    event = CalendarItem(account=impersonated, folder=impersonated.calendar, subject=subject,
                         start=begin, end=begin + datetime.timedelta(minutes=30), location="Room 1")
    event.save(send_meeting_invitations="SendToNone")
    results[check] = {"subject": subject, "id": event.id is not None, "start": begin.isoformat()}

    check = "resolve_name"
    resolved = impersonated.protocol.resolve_names(["alice@contoso.com"])
    results[check] = [mailbox.email_address for mailbox in resolved]

    check = "impersonate_out_of_scope"
    room = account("svc@contoso.com", "svc-secret", "huddle@contoso.com", IMPERSONATION)
    try:
        list(room.calendar.view(start=start, end=end))
        results[check] = "no error"
    except ErrorImpersonateUserDenied as error:
        results[check] = type(error).__name__
except Exception as error:  # report which check failed and why, then fail
    print(json.dumps({"failed": check, "error": f"{type(error).__name__}: {error}", "results": results}))
    sys.exit(1)

print(json.dumps(results))
