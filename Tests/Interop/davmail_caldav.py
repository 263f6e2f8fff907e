"""DavMail (Debian's davmail 6.0.1, in EWS mode) in front of a running fake-exchange, driven by a CalDAV
client written here with the Python standard library only.

Usage: python davmail_caldav.py EWS_URL USER PASSWORD WEEK_START [DAYS]
EWS_URL is fake-exchange's endpoint (http://127.0.0.1:PORT/EWS/Exchange.asmx). The script starts DavMail
in server mode with CalDAV only, on a free loopback port, with a settings file in a temporary folder,
waits for it to listen, runs the steps below and stops it. WEEK_START is a date (YYYY-MM-DD): the
calendar-query asks for the DAYS days (default 7) from it, in UTC.
Prints one JSON object with what each step saw; exits 1 naming the failing step (the JSON then has
"failed" and "error", and "davmail_log" the end of DavMail's log). The Swift test DavMailInteropTests
checks the results against the fake's control API.
"""
import base64
import datetime
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
import uuid
import xml.etree.ElementTree as ET
import zoneinfo

ews_url, user, password, week_start = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4]
days = int(sys.argv[5]) if len(sys.argv) > 5 else 7
auth = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
# Windows zone ids DavMail passes through from Exchange's VTIMEZONE, as IANA zones (CLDR's mapping).
WINDOWS_ZONES = {"Eastern Standard Time": "America/New_York", "Pacific Standard Time": "America/Los_Angeles",
                 "W. Europe Standard Time": "Europe/Berlin", "GMT Standard Time": "Europe/London", "UTC": "UTC"}


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_davmail(folder):
    """DavMail in server mode, CalDAV only, on loopback; returns (process, CalDAV base URL, log path)."""
    port = free_port()
    log = os.path.join(folder, "davmail.log")
    settings = os.path.join(folder, "davmail.properties")
    with open(settings, "w") as out:
        out.write("\n".join([
            "davmail.server=true", "davmail.mode=EWS", f"davmail.url={ews_url}", f"davmail.caldavPort={port}",
            "davmail.imapPort=", "davmail.smtpPort=", "davmail.popPort=", "davmail.ldapPort=",
            "davmail.allowRemote=false", "davmail.bindAddress=127.0.0.1", "davmail.disableUpdateCheck=true",
            "davmail.enableKerberos=false", "davmail.enableKeepAlive=false", f"davmail.logFilePath={log}",
            "log4j.rootLogger=WARN", "log4j.logger.davmail=INFO", ""]))
    process = subprocess.Popen([shutil.which("davmail") or "/usr/bin/davmail", settings],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=folder)
    deadline = time.time() + 90
    while time.time() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"DavMail exited with status {process.returncode} before listening")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return process, f"http://127.0.0.1:{port}", log
        except OSError:
            time.sleep(0.25)
    process.kill()
    raise RuntimeError("DavMail did not listen within 90 s")


def fake_events():
    """(subject, start) of the events fake-exchange stores in the user's Calendar (its control API)."""
    root = ews_url.split("/EWS/")[0]
    with urllib.request.urlopen(f"{root}/_fake/mailboxes/{user}/events", timeout=30) as response:
        return sorted([event["subject"], event["start"]] for event in json.load(response))


def utc_of(params, value):
    """A DTSTART value (with its parameters) as UTC, in the form 20261204T200000Z."""
    if value.endswith("Z"):
        return value
    if "VALUE=DATE" in params and len(value) == 8:
        return value
    local = datetime.datetime.strptime(value, "%Y%m%dT%H%M%S")
    tzid = next((p.split("=", 1)[1].strip('"') for p in params.split(";") if p.upper().startswith("TZID=")), None)
    if tzid is None:
        return value
    zone = zoneinfo.ZoneInfo(WINDOWS_ZONES.get(tzid, tzid))
    return local.replace(tzinfo=zone).astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
DAV, CALDAV = "DAV:", "urn:ietf:params:xml:ns:caldav"
NS = {"d": DAV, "c": CALDAV}


def request(method, path, body=None, headers=None):
    """(status, headers, body text) of one request; HTTP errors are answers too."""
    url = path if path.startswith("http") else base + path
    data = body.encode() if isinstance(body, str) else body
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Authorization", auth)
    for name, value in (headers or {}).items():
        req.add_header(name, value)
    try:
        with urllib.request.urlopen(req, timeout=60) as response:
            return response.status, response.headers, response.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode("utf-8", "replace")


def propfind(path, props, depth="0"):
    body = '<?xml version="1.0" encoding="utf-8"?><d:propfind xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav"><d:prop>'
    body += "".join(props) + "</d:prop></d:propfind>"
    status, _, text = request("PROPFIND", path, body, {"Depth": depth, "Content-Type": "application/xml; charset=utf-8"})
    if status != 207:
        raise RuntimeError(f"PROPFIND {path}: HTTP {status}: {text[:300]}")
    return ET.fromstring(text)


def href_of(root, prop):
    found = root.find(f".//d:{prop}/d:href", NS) if ":" not in prop else root.find(f".//{prop}/d:href", NS)
    if found is None or not (found.text or "").strip():
        raise RuntimeError(f"no {prop} href in the answer")
    return found.text.strip()


def unfold(ics):
    """iCalendar lines with folding undone (RFC 5545 3.1)."""
    return ics.replace("\r\n ", "").replace("\r\n\t", "").replace("\n ", "").splitlines()


def events_of(ics):
    """Each VEVENT as a dict of property name -> list of (parameters, value)."""
    events, current, depth = [], None, 0
    for line in unfold(ics):
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif line.startswith("BEGIN:VALARM"):
            depth += 1
        elif line.startswith("END:VALARM"):
            depth -= 1
        elif current is not None and depth == 0 and ":" in line:
            head, value = line.split(":", 1)
            name, _, params = head.partition(";")
            current.setdefault(name.upper(), []).append((params, value))
    return events


def first(event, name):
    values = event.get(name)
    return values[0][1] if values else None


def start_utc(event):
    values = event.get("DTSTART")
    return utc_of(values[0][0], values[0][1]) if values else None


def calendar_query(calendar, start, end):
    """{href: (etag, calendar-data)} for the events in [start, end)."""
    body = f"""<?xml version="1.0" encoding="utf-8"?>
<c:calendar-query xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:caldav">
  <d:prop><d:getetag/><c:calendar-data/></d:prop>
  <c:filter><c:comp-filter name="VCALENDAR"><c:comp-filter name="VEVENT">
    <c:time-range start="{start}" end="{end}"/>
  </c:comp-filter></c:comp-filter></c:filter>
</c:calendar-query>"""
    status, _, text = request("REPORT", calendar, body, {"Depth": "1", "Content-Type": "application/xml; charset=utf-8"})
    if status != 207:
        raise RuntimeError(f"REPORT {calendar}: HTTP {status}: {text[:300]}")
    found = {}
    for response in ET.fromstring(text).findall("d:response", NS):
        href = response.findtext("d:href", "", NS).strip()
        etag = response.findtext(".//d:getetag", "", NS).strip()
        data = response.findtext(".//c:calendar-data", "", NS)
        if data:
            found[href] = (etag, data)
    return found


def get(href):
    status, headers, text = request("GET", href)
    return status, headers.get("ETag", ""), text


results = {}
step = "davmail"
folder = tempfile.mkdtemp(prefix="davmail-interop-")
davmail, log = None, None
try:
    davmail, base, log = start_davmail(folder)
    base = base.rstrip("/")

    results["fake_before"] = fake_events()

    step = "principal"
    root = propfind("/", ["<d:current-user-principal/>"])
    principal = href_of(root, "current-user-principal")
    results[step] = principal

    step = "calendar_home"
    home = href_of(propfind(principal, ["<c:calendar-home-set/>"]), f"{{{CALDAV}}}calendar-home-set")
    results[step] = home

    step = "calendars"
    listing = propfind(home, ["<d:resourcetype/>", "<d:displayname/>"], depth="1")
    calendars = [r.findtext("d:href", "", NS).strip() for r in listing.findall("d:response", NS)
                 if r.find(".//d:resourcetype/c:calendar", NS) is not None]
    results[step] = calendars
    calendar = next(c for c in calendars if c.rstrip("/").endswith("/calendar"))

    step = "week"
    day = datetime.date.fromisoformat(week_start)
    start = day.strftime("%Y%m%dT000000Z")
    end = (day + datetime.timedelta(days=days)).strftime("%Y%m%dT000000Z")
    week = calendar_query(calendar, start, end)
    summary = []
    for href, (etag, data) in sorted(week.items()):
        for event in events_of(data):
            if "RECURRENCE-ID" in event:
                continue
            summary.append({"href": href, "etag": etag, "subject": first(event, "SUMMARY"),
                            "dtstart": start_utc(event), "rrule": first(event, "RRULE"),
                            "class": first(event, "CLASS"), "uid": first(event, "UID")})
    results[step] = summary

    step = "create"
    uid = f"davmail-interop-{uuid.uuid4()}"
    href = calendar.rstrip("/") + f"/{uid}.ics"
    # As Thunderbird writes it: a local time with its TZID and VTIMEZONE.
    eastern = zoneinfo.ZoneInfo("America/New_York")
    begin = datetime.datetime.fromisoformat(week_start).replace(hour=10, tzinfo=eastern) + datetime.timedelta(days=2)

    def ics(subject, hour):
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        start = begin.replace(hour=hour)
        return "\r\n".join([
            "BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//a4b-calendar//davmail interop//EN",
            "BEGIN:VTIMEZONE", "TZID:America/New_York",
            "BEGIN:DAYLIGHT", "TZOFFSETFROM:-0500", "TZOFFSETTO:-0400", "TZNAME:EDT", "DTSTART:19700308T020000",
            "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU", "END:DAYLIGHT",
            "BEGIN:STANDARD", "TZOFFSETFROM:-0400", "TZOFFSETTO:-0500", "TZNAME:EST", "DTSTART:19701101T020000",
            "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU", "END:STANDARD", "END:VTIMEZONE",
            "BEGIN:VEVENT", f"UID:{uid}", f"DTSTAMP:{stamp}",
            f"DTSTART;TZID=America/New_York:{start.strftime('%Y%m%dT%H%M%S')}",
            f"DTEND;TZID=America/New_York:{(start + datetime.timedelta(minutes=45)).strftime('%Y%m%dT%H%M%S')}",
            f"SUMMARY:{subject}", "END:VEVENT", "END:VCALENDAR", ""])

    def utc(hour):
        return begin.replace(hour=hour).astimezone(datetime.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")

    status, headers, text = request("PUT", href, ics("CalDAV interop check", 10),
                                    {"Content-Type": "text/calendar; charset=utf-8", "If-None-Match": "*"})
    if status not in (200, 201, 204):
        raise RuntimeError(f"PUT {href}: HTTP {status}: {text[:300]}")
    status, etag, text = get(href)
    created = events_of(text)
    results[step] = {"href": href, "status": status, "etag": etag, "uid": uid,
                     "subject": first(created[0], "SUMMARY") if created else None,
                     "start": utc(10), "fake": fake_events()}

    step = "update"
    status, _, text = request("PUT", href, ics("CalDAV interop check, moved", 14),
                              {"Content-Type": "text/calendar; charset=utf-8", "If-Match": etag})
    if status not in (200, 201, 204):
        raise RuntimeError(f"PUT (update) {href}: HTTP {status}: {text[:300]}")
    status, new_etag, text = get(href)
    updated = events_of(text)
    results[step] = {"etag": new_etag, "subject": first(updated[0], "SUMMARY") if updated else None,
                     "start": utc(14), "fake": fake_events()}

    step = "delete"
    status, _, _ = request("DELETE", href)
    gone, _, _ = get(href)
    results[step] = {"status": status, "get_after": gone, "fake": fake_events()}

    step = "series"
    # A weekly series of three, then the same with its second occurrence excluded (EXDATE).
    series_uid = f"davmail-series-{uuid.uuid4()}"
    series_href = calendar.rstrip("/") + f"/{series_uid}.ics"
    first_start = begin.replace(hour=9)

    def series_ics(exdate):
        stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
        lines = ics("x", 9).split("\r\n")
        vevent = lines.index("BEGIN:VEVENT")
        body = [
            "BEGIN:VEVENT", f"UID:{series_uid}", f"DTSTAMP:{stamp}",
            f"DTSTART;TZID=America/New_York:{first_start.strftime('%Y%m%dT%H%M%S')}",
            f"DTEND;TZID=America/New_York:{(first_start + datetime.timedelta(minutes=30)).strftime('%Y%m%dT%H%M%S')}",
            "RRULE:FREQ=WEEKLY;COUNT=3", "SUMMARY:CalDAV weekly check"]
        if exdate:
            # In UTC: DavMail matches an EXDATE with the occurrence's OriginalStart as written, without its zone.
            excluded_utc = (first_start + datetime.timedelta(days=7)).astimezone(datetime.timezone.utc)
            body.append(f"EXDATE:{excluded_utc.strftime('%Y%m%dT%H%M%SZ')}")
        return "\r\n".join(lines[:vevent] + body + ["END:VEVENT", "END:VCALENDAR", ""])

    status, _, text = request("PUT", series_href, series_ics(False), {"Content-Type": "text/calendar; charset=utf-8"})
    if status not in (200, 201, 204):
        raise RuntimeError(f"PUT {series_href}: HTTP {status}: {text[:300]}")
    _, series_etag, text = get(series_href)
    created_rule = first(events_of(text)[0], "RRULE") if events_of(text) else None
    status, _, text = request("PUT", series_href, series_ics(True),
                              {"Content-Type": "text/calendar; charset=utf-8", "If-Match": series_etag})
    if status not in (200, 201, 204):
        raise RuntimeError(f"PUT (EXDATE) {series_href}: HTTP {status}: {text[:300]}")
    _, _, text = get(series_href)
    served = events_of(text)
    excluded = [utc_of(params, value) for params, value in (served[0].get("EXDATE", []) if served else [])]
    root = ews_url.split("/EWS/")[0]
    with urllib.request.urlopen(f"{root}/_fake/mailboxes/{user}/events", timeout=30) as response:
        stored = next((e for e in json.load(response) if e["subject"] == "CalDAV weekly check"), None)
    results[step] = {"rrule": created_rule, "exdates": excluded,
                     "excluded_start": (first_start + datetime.timedelta(days=7)).astimezone(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ"),
                     "stored_recurrence": stored and stored.get("recurrence"),
                     "stored_deleted": stored and stored.get("deletedOccurrences")}
    request("DELETE", series_href)

    step = "delete_unknown"
    status, _, _ = request("DELETE", calendar.rstrip("/") + "/no-such-event-4f1c.ics")
    after = calendar_query(calendar, start, end)
    results[step] = {"status": status, "before": len(week), "after": len(after), "fake": fake_events()}
except Exception as error:  # noqa: BLE001 - the failing step is the report
    results["failed"] = step
    results["error"] = f"{type(error).__name__}: {error}"
    if log and os.path.exists(log):
        with open(log, errors="replace") as lines:
            results["davmail_log"] = lines.read()[-3000:]
finally:
    if davmail is not None:
        davmail.terminate()
        try:
            davmail.wait(timeout=10)
        except subprocess.TimeoutExpired:
            davmail.kill()
    shutil.rmtree(folder, ignore_errors=True)
print(json.dumps(results))
sys.exit(1 if "failed" in results else 0)
