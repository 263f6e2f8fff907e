"""The Alexa for Business wire API of a running a4b-calendar, driven by an unmodified boto3 1.34.120 client.

Usage: a4b_boto3.py  (configuration in the environment: A4B_URL, A4B_ORG, A4B_ORG_KEY, A4B_ACCESS_KEY,
A4B_SECRET_KEY, A4B_OTHER_ACCESS_KEY, A4B_OTHER_SECRET_KEY for a second organization).
Prints one JSON object: {"passed": [check names], "failed": {name: message}}; exits 1 when any check failed.
Every address is the service's loopback URL.
"""
import datetime
import json
import os
import sys
import traceback
import urllib.request
import uuid
from unittest import mock

import boto3
import botocore
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.config import Config
from botocore.credentials import Credentials

URL = os.environ["A4B_URL"]
ORG = os.environ["A4B_ORG"]
ORG_KEY = os.environ["A4B_ORG_KEY"]
ACCESS, SECRET = os.environ["A4B_ACCESS_KEY"], os.environ["A4B_SECRET_KEY"]
OTHER_ACCESS, OTHER_SECRET = os.environ["A4B_OTHER_ACCESS_KEY"], os.environ["A4B_OTHER_SECRET_KEY"]
assert URL.startswith("http://127.0.0.1:"), URL

# No retries: a retried request would hide a 5xx the service must never send for a client's mistake.
NO_RETRIES = Config(retries={"max_attempts": 1, "mode": "standard"})


def client(access=ACCESS, secret=SECRET, region="us-east-1"):
    return boto3.client("alexaforbusiness", region_name=region, endpoint_url=URL, aws_access_key_id=access,
                        aws_secret_access_key=secret, config=NO_RETRIES)


a4b = client()
results = {"passed": [], "failed": {}}


def check(function):
    try:
        function()
        results["passed"].append(function.__name__)
    except Exception as error:  # noqa: BLE001 - every failure is reported, none stops the run
        results["failed"][function.__name__] = f"{type(error).__name__}: {error}\n{traceback.format_exc(limit=3)}"
    return function


def expect_error(code, call, status=400):
    try:
        call()
    except botocore.exceptions.ClientError as error:
        got = error.response["Error"]["Code"], error.response["ResponseMetadata"]["HTTPStatusCode"]
        assert got == (code, status), f"expected {code}/{status}, got {got}: {error.response['Error'].get('Message')}"
        assert error.response["ResponseMetadata"]["RequestId"], "no x-amzn-RequestId on an error"
        return error
    raise AssertionError(f"expected {code}, the call succeeded")


def rest(method, path, body=None):
    request = urllib.request.Request(URL + path, method=method, data=None if body is None else json.dumps(body).encode(),
                                     headers={"Authorization": "Bearer " + ORG_KEY, "Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            text = response.read()
            return response.status, json.loads(text) if text else None
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def raw(target, body, sign=True, secret=SECRET, when=None):
    """A hand-made request, signed as botocore signs (optionally at another time), for what boto3 cannot send."""
    request = AWSRequest(method="POST", url=URL + "/", data=body,
                         headers={"X-Amz-Target": target, "Content-Type": "application/x-amz-json-1.1"})
    if sign:
        with mock.patch("botocore.auth.datetime") as clock:
            instant = when or datetime.datetime.utcnow()
            clock.datetime.utcnow.return_value = instant
            clock.datetime.now.return_value = instant
            SigV4Auth(Credentials(ACCESS, secret), "a4b", "us-east-1").add_auth(request)
    prepared = urllib.request.Request(URL + "/", data=body.encode(), method="POST", headers=dict(request.headers.items()))
    try:
        with urllib.request.urlopen(prepared, timeout=30) as response:
            return response.status, json.loads(response.read() or b"{}"), dict(response.headers)
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"{}"), dict(error.headers)


def user(email, **fields):
    return a4b.create_user(UserId=email.split("@")[0], Email=email, **fields)["UserArn"]


def find(**filters):
    return a4b.search_users(Filters=[{"Key": key, "Values": [value]} for key, value in filters.items()])["Users"]


@check
def create_and_search_users():
    arn = user("ada@contoso.com", FirstName="Ada", LastName="Lovelace", Tags=[{"Key": "team", "Value": "math"}])
    assert arn.startswith("arn:aws:a4b:us-east-1:") and ":user/" in arn, arn
    [found] = find(UserId="ada")
    assert found == {"UserArn": arn, "FirstName": "Ada", "LastName": "Lovelace", "Email": "ada@contoso.com",
                     "EnrollmentStatus": "INITIALIZED", "EnrollmentId": found["EnrollmentId"]}, found
    assert ":enrollment/" in found["EnrollmentId"]
    assert find(Email="ADA@contoso.com") == [found], "e-mail filters ignore case"
    assert find(FirstName="Nobody") == []
    assert a4b.list_tags(Arn=arn)["Tags"] == [{"Key": "team", "Value": "math"}]


@check
def modeled_errors_are_client_exceptions():
    arn = user("bea@contoso.com")
    missing = arn.rsplit("/", 1)[0] + "/usr_00000000000000000000000000000000"
    try:
        a4b.send_invitation(UserArn=missing)
        raise AssertionError("SendInvitation of an unknown user succeeded")
    except a4b.exceptions.NotFoundException:
        pass
    try:
        a4b.create_user(UserId="bea", Email="bea2@contoso.com")
        raise AssertionError("a second UserId 'bea' was created")
    except a4b.exceptions.ResourceInUseException:
        pass
    try:
        a4b.create_user(UserId="bea-again", Email="BEA@contoso.com")
        raise AssertionError("a second user with bea's e-mail was created")
    except a4b.exceptions.ResourceInUseException:
        pass
    try:
        a4b.delete_user(UserArn=missing, EnrollmentId="")
        raise AssertionError("DeleteUser of an unknown user succeeded")
    except a4b.exceptions.NotFoundException:
        pass


@check
def invitations_match_rest():
    arn = user("cai@contoso.com", FirstName="Cai")
    a4b.send_invitation(UserArn=arn)
    [found] = find(UserId="cai")
    assert found["EnrollmentStatus"] == "PENDING", found
    status, rest_user = rest("GET", f"/v1/organizations/{ORG}/users/{arn.rsplit('/', 1)[1]}")
    assert status == 200 and rest_user["enrollmentStatus"] == "PENDING", rest_user
    status, outbox = rest("GET", f"/v1/organizations/{ORG}/outbox?limit=200")
    mails = [m for m in outbox["messages"] if m["to"] == "cai@contoso.com"]
    assert len(mails) == 1 and "Alexa for Business" in mails[0]["subject"], mails
    a4b.revoke_invitation(UserArn=arn)
    assert find(UserId="cai")[0]["EnrollmentStatus"] == "INITIALIZED"
    expect_error("NotFoundException", lambda: a4b.revoke_invitation(EnrollmentId=found["EnrollmentId"]))
    # A user who joined cannot be invited again.
    status, invitation = rest("POST", f"/v1/organizations/{ORG}/users/{arn.rsplit('/', 1)[1]}/invitation")
    assert status == 201, invitation
    status, joined = rest("POST", f"/v1/invitations/{invitation['token']}/accept", {"alexaUserId": "amzn1.ask.account.CAI"})
    assert status == 200 and joined["enrollmentStatus"] == "REGISTERED", joined
    assert find(UserId="cai")[0]["EnrollmentStatus"] == "REGISTERED"
    try:
        a4b.send_invitation(UserArn=arn)
        raise AssertionError("a REGISTERED user was invited")
    except a4b.exceptions.InvalidUserStatusException:
        pass


@check
def rest_users_are_wire_users():
    status, made = rest("POST", f"/v1/organizations/{ORG}/users", {"email": "dee@contoso.com", "firstName": "Dee"})
    assert status == 201, made
    [found] = find(Email="dee@contoso.com")
    assert found["UserArn"].endswith("/" + made["id"]) and found["EnrollmentStatus"] == made["enrollmentStatus"], found
    # A REST user's UserId is its e-mail.
    assert find(UserId="dee@contoso.com") == [found]
    a4b.delete_user(EnrollmentId=found["EnrollmentId"])
    status, _ = rest("GET", f"/v1/organizations/{ORG}/users/{made['id']}")
    assert status == 404, status


@check
def invitation_configuration():
    expect_error("NotFoundException", a4b.get_invitation_configuration)
    a4b.put_invitation_configuration(OrganizationName="Contoso IT", ContactEmail="it@contoso.com")
    got = a4b.get_invitation_configuration()
    assert (got["OrganizationName"], got["ContactEmail"], got["PrivateSkillIds"]) == ("Contoso IT", "it@contoso.com", []), got
    arn = user("eve@contoso.com")
    a4b.send_invitation(UserArn=arn)
    _, outbox = rest("GET", f"/v1/organizations/{ORG}/outbox?limit=200")
    [mail] = [m for m in outbox["messages"] if m["to"] == "eve@contoso.com"]
    assert mail["subject"].startswith("Contoso IT ") and "it@contoso.com" in mail["body"], mail
    expect_error("ValidationException", lambda: a4b.put_invitation_configuration(OrganizationName="x", PrivateSkillIds=["nope"]))


@check
def limits_botocore_leaves_to_the_server():
    for call in [lambda: a4b.search_users(MaxResults=500), lambda: a4b.create_user(UserId="bad id!", Email="b@contoso.com"),
                 lambda: a4b.create_user(UserId="fox", Email="x"), lambda: a4b.create_user(UserId="fox", Email="f@contoso.com", FirstName="F" * 40),
                 lambda: a4b.create_user(UserId="fox", Email="f@contoso.com", ClientRequestToken="-starts-with-a-dash"),
                 lambda: a4b.search_users(Filters=[{"Key": "Colour", "Values": ["red"]}]),
                 lambda: a4b.search_users(SortCriteria=[{"Key": "Email", "Value": "UP"}]),
                 lambda: a4b.search_users(NextToken="not-a-token"), lambda: a4b.create_user(UserId="fox")]:
        expect_error("ValidationException", call)
    assert find(UserId="fox") == [], "an invalid create left a user"


@check
def protocol_errors():
    status, body, headers = raw("AlexaForBusiness.NoSuchThing", "{}")
    assert (status, body["__type"]) == (400, "UnknownOperationException"), body
    assert headers.get("x-amzn-RequestId") and headers.get("x-amzn-ErrorType") == "UnknownOperationException", headers
    status, body, _ = raw("AlexaForBusiness.SearchUsers", "{not json")
    assert (status, body["__type"]) == (400, "SerializationException"), body
    status, body, _ = raw("AlexaForBusiness.SearchUsers", '{"MaxResults": "ten"}')
    assert (status, body["__type"]) == (400, "SerializationException"), body
    status, body, _ = raw("AlexaForBusiness.SearchUsers", "{}", sign=False)
    assert (status, body["__type"]) == (403, "MissingAuthenticationTokenException"), body
    error = expect_error("UnsupportedOperationException", lambda: a4b.get_device(DeviceArn="arn:aws:a4b:us-east-1:1:device/x"))
    assert "GetDevice" in error.response["Error"]["Message"]


@check
def authentication_is_verified():
    expect_error("InvalidSignatureException", lambda: client(secret=SECRET + "x").search_users(), status=403)
    expect_error("UnrecognizedClientException", lambda: client(access="AKIA0000000000000000").search_users(), status=403)
    # The signing region becomes the ARNs' region: only AWS's shape.
    expect_error("InvalidSignatureException", lambda: client(region="US-East-1").search_users(), status=403)
    stale = datetime.datetime.utcnow() - datetime.timedelta(minutes=20)
    status, body, _ = raw("AlexaForBusiness.SearchUsers", "{}", when=stale)
    assert (status, body["__type"]) == (403, "InvalidSignatureException") and "expired" in body["message"], body
    status, body, _ = raw("AlexaForBusiness.SearchUsers", "{}", when=datetime.datetime.utcnow() - datetime.timedelta(minutes=5))
    assert status == 200, body
    # Another organization's key sees none of this one's users, and its ARNs are unknown here.
    other = client(OTHER_ACCESS, OTHER_SECRET)
    assert other.search_users()["TotalCount"] == 0
    arn = find(UserId="ada")[0]["UserArn"]
    expect_error("NotFoundException", lambda: other.send_invitation(UserArn=arn))
    expect_error("NotFoundException", lambda: other.list_tags(Arn=arn))


@check
def idempotent_creates():
    token = str(uuid.uuid4())
    first = a4b.create_user(UserId="gus", Email="gus@contoso.com", ClientRequestToken=token)["UserArn"]
    again = a4b.create_user(UserId="gus", Email="gus@contoso.com", ClientRequestToken=token)["UserArn"]
    assert first == again, (first, again)
    assert len(find(UserId="gus")) == 1
    try:
        a4b.create_user(UserId="gus2", Email="gus2@contoso.com", ClientRequestToken=token)
        raise AssertionError("the same token with other input was accepted")
    except a4b.exceptions.ResourceInUseException as error:
        assert error.response.get("ClientRequestToken") == token or token in str(error.response), error.response


@check
def tags():
    arn = user("hal@contoso.com")
    a4b.tag_resource(Arn=arn, Tags=[{"Key": "a", "Value": "1"}, {"Key": "b", "Value": "2"}])
    a4b.tag_resource(Arn=arn, Tags=[{"Key": "a", "Value": "3"}])
    a4b.untag_resource(Arn=arn, TagKeys=["b", "never-set"])
    assert a4b.list_tags(Arn=arn)["Tags"] == [{"Key": "a", "Value": "3"}]
    expect_error("ValidationException", lambda: a4b.tag_resource(Arn=arn, Tags=[{"Key": "bad\u0000key", "Value": "x"}]))
    expect_error("NotFoundException", lambda: a4b.list_tags(Arn=arn.rsplit("/", 1)[0] + "/usr_missing"))


@check
def paginators_across_120_users():
    for number in range(120):
        a4b.create_user(UserId=f"page{number:03}", Email=f"page{number:03}@contoso.com", FirstName=f"P{number:03}")
    total = a4b.search_users()["TotalCount"]
    pages = list(a4b.get_paginator("search_users").paginate(
        SortCriteria=[{"Key": "FirstName", "Value": "DESC"}], PaginationConfig={"PageSize": 7}))
    seen = [u["UserArn"] for page in pages for u in page["Users"]]
    assert len(seen) == total == len(set(seen)), (len(seen), total)
    assert all(page["TotalCount"] == total for page in pages)
    assert len(pages) == -(-total // 7), len(pages)
    names = [u.get("FirstName", "") for page in pages for u in page["Users"]]
    assert names == sorted(names, reverse=True), "DESC sort across pages"
    paged = [u for page in a4b.get_paginator("search_users").paginate(
        Filters=[{"Key": "UserId", "Values": ["page001", "page050", "page119"]}], PaginationConfig={"PageSize": 1}) for u in page["Users"]]
    assert [u["Email"] for u in paged] == ["page001@contoso.com", "page050@contoso.com", "page119@contoso.com"], paged


def room_voice(room_id, utterance, session=None):
    body = {"utterance": utterance}
    if session:
        body["sessionId"] = session
    status, answer = rest("POST", f"/v1/organizations/{ORG}/rooms/{room_id}/voice", body)
    assert status == 200, answer
    return answer


@check
def profiles():
    arn = a4b.create_profile(ProfileName="Meeting rooms", Timezone="America/New_York", Address="1 Main St, Springfield",
                             DistanceUnit="METRIC", TemperatureUnit="CELSIUS", WakeWord="ALEXA", Locale="en-US",
                             MeetingRoomConfiguration={"InstantBooking": {"DurationInMinutes": 15, "Enabled": True},
                                                       "EndOfMeetingReminder": {"ReminderAtMinutes": [5], "ReminderType": "CHIME", "Enabled": True}},
                             Tags=[{"Key": "site", "Value": "hq"}])["ProfileArn"]
    assert ":profile/" in arn, arn
    profile = a4b.get_profile(ProfileArn=arn)["Profile"]
    assert profile["IsDefault"] is True, "the first profile is the default"
    assert profile["MeetingRoomConfiguration"]["InstantBooking"] == {"DurationInMinutes": 15, "Enabled": True}, profile
    other = a4b.create_profile(ProfileName="Lobby", Timezone="UTC", Address="Lobby", DistanceUnit="IMPERIAL",
                               TemperatureUnit="FAHRENHEIT", WakeWord="ECHO")["ProfileArn"]
    a4b.update_profile(ProfileArn=other, IsDefault=True, MeetingRoomConfiguration={"InstantBooking": {"DurationInMinutes": 20}})
    assert a4b.get_profile(ProfileArn=arn)["Profile"]["IsDefault"] is False, "one default at a time"
    lobby = a4b.get_profile(ProfileArn=other)["Profile"]
    assert lobby["MeetingRoomConfiguration"]["InstantBooking"] == {"DurationInMinutes": 20}, lobby
    try:
        a4b.update_profile(ProfileArn=other, ProfileName="meeting ROOMS")
        raise AssertionError("a profile was renamed to a name in use")
    except a4b.exceptions.NameInUseException:
        pass
    try:
        a4b.create_profile(ProfileName="Lobby", Timezone="UTC", Address="x", DistanceUnit="METRIC", TemperatureUnit="CELSIUS", WakeWord="ALEXA")
        raise AssertionError("a second profile named Lobby was created")
    except a4b.exceptions.AlreadyExistsException:
        pass
    for bad in [dict(DistanceUnit="FURLONG"), dict(WakeWord="HAL"), dict(Timezone="Mars/Olympus_Mons"), dict(ProfileName="P" * 101)]:
        fields = dict(ProfileName="Bad", Timezone="UTC", Address="x", DistanceUnit="METRIC", TemperatureUnit="CELSIUS", WakeWord="ALEXA")
        fields.update(bad)
        expect_error("ValidationException", lambda: a4b.create_profile(**fields))
    found = a4b.search_profiles(Filters=[{"Key": "ProfileName", "Values": ["Lobby"]}])
    assert found["TotalCount"] == 1 and found["Profiles"][0]["ProfileArn"] == other, found
    names = [p["ProfileName"] for page in a4b.get_paginator("search_profiles").paginate(PaginationConfig={"PageSize": 1}) for p in page["Profiles"]]
    assert names == ["Lobby", "Meeting rooms"], names
    assert a4b.list_tags(Arn=arn)["Tags"] == [{"Key": "site", "Value": "hq"}]
    a4b.delete_profile(ProfileArn=other)
    expect_error("NotFoundException", lambda: a4b.get_profile(ProfileArn=other))


@check
def rooms_on_exchange():
    profile = a4b.search_profiles(Filters=[{"Key": "ProfileName", "Values": ["Meeting rooms"]}])["Profiles"][0]["ProfileArn"]
    token = str(uuid.uuid4())
    arn = a4b.create_room(RoomName="Focus Room", Description="4 seats", ProfileArn=profile, ProviderCalendarId="focus@contoso.com",
                          ClientRequestToken=token, Tags=[{"Key": "floor", "Value": "2"}])["RoomArn"]
    assert a4b.create_room(RoomName="Focus Room", Description="4 seats", ProfileArn=profile, ProviderCalendarId="focus@contoso.com",
                           ClientRequestToken=token, Tags=[{"Key": "floor", "Value": "2"}])["RoomArn"] == arn, "an idempotent create"
    expect_error("AlreadyExistsException", lambda: a4b.create_room(RoomName="Focus Room", ClientRequestToken=token))
    room = a4b.get_room(RoomArn=arn)["Room"]
    assert room == {"RoomArn": arn, "RoomName": "Focus Room", "Description": "4 seats", "ProfileArn": profile,
                    "ProviderCalendarId": "focus@contoso.com"}, room
    board = a4b.create_room(RoomName="Boardroom", ProviderCalendarId="boardroom@contoso.com", ProfileArn=profile)["RoomArn"]
    try:
        a4b.create_room(RoomName="focus room")
        raise AssertionError("a second room named Focus Room was created")
    except a4b.exceptions.AlreadyExistsException:
        pass
    try:
        a4b.update_room(RoomArn=board, RoomName="Focus Room")
        raise AssertionError("a room was renamed to a name in use")
    except a4b.exceptions.NameInUseException:
        pass
    for calendar, reason in [("carol@contoso.com", "NOT_A_ROOM"), ("nobody@contoso.com", "EMAIL_NOT_IN_EXCHANGE"),
                             ("huddle@contoso.com", "IMPERSONATION_DENIED")]:
        error = expect_error("ValidationException", lambda: a4b.create_room(RoomName=f"Room {calendar}", ProviderCalendarId=calendar))
        assert reason in error.response["Error"]["Message"], error.response["Error"]
    assert a4b.search_rooms(Filters=[{"Key": "RoomName", "Values": ["Room carol@contoso.com"]}])["TotalCount"] == 0
    found = a4b.search_rooms(Filters=[{"Key": "ProfileName", "Values": ["Meeting rooms"]}], SortCriteria=[{"Key": "RoomName", "Value": "ASC"}])
    assert [r["RoomName"] for r in found["Rooms"]] == ["Boardroom", "Focus Room"] and found["TotalCount"] == 2, found
    assert all(r["ProfileName"] == "Meeting rooms" for r in found["Rooms"]), found
    paged = [r["RoomArn"] for page in a4b.get_paginator("search_rooms").paginate(PaginationConfig={"PageSize": 1}) for r in page["Rooms"]]
    assert paged == [board, arn], paged
    # A room voice query is answered from the room's calendar at fake-exchange, in the profile's time zone.
    room_id = arn.rsplit("/", 1)[1]
    answer = room_voice(room_id, "is this room free")
    assert answer["speech"].startswith("Focus Room is booked until") and "Design review" in answer["speech"], answer
    board_id = board.rsplit("/", 1)[1]
    question = room_voice(board_id, "book this room")
    assert question["dialog"]["type"] == "ConfirmIntent" and question["speech"].startswith("Book Boardroom now, until"), question
    booked = room_voice(board_id, "yes", question["sessionId"])
    assert booked["speech"].startswith("Booked. Boardroom is yours until"), booked
    [event] = booked["events"]
    length = datetime.datetime.fromisoformat(event["end"].replace("Z", "+00:00")) - datetime.datetime.fromisoformat(event["start"].replace("Z", "+00:00"))
    assert length == datetime.timedelta(minutes=15), "the profile's InstantBooking length"
    assert room_voice(board_id, "end this meeting")["speech"] == "OK, I ended the meeting. Boardroom is free now."
    a4b.update_room(RoomArn=board, ProviderCalendarId="")
    assert "ProviderCalendarId" not in a4b.get_room(RoomArn=board)["Room"], "an empty ProviderCalendarId clears it"
    assert a4b.list_tags(Arn=arn)["Tags"] == [{"Key": "floor", "Value": "2"}]
    a4b.delete_room(RoomArn=board)
    expect_error("NotFoundException", lambda: a4b.get_room(RoomArn=board))
    expect_error("NotFoundException", lambda: a4b.delete_room(RoomArn=board))


@check
def conference_providers():
    expect_error("NotFoundException", a4b.get_conference_preference)
    zoom = a4b.create_conference_provider(ConferenceProviderName="Zoom", ConferenceProviderType="ZOOM",
                                          MeetingSetting={"RequirePin": "YES"},
                                          PSTNDialIn={"CountryCode": "1", "PhoneNumber": "5555550100", "OneClickIdDelay": "1",
                                                      "OneClickPinDelay": "2"})["ConferenceProviderArn"]
    sip = a4b.create_conference_provider(ConferenceProviderName="Bridge", ConferenceProviderType="CUSTOM",
                                         IPDialIn={"Endpoint": "bridge@sip.contoso.com", "CommsProtocol": "SIPS"},
                                         MeetingSetting={"RequirePin": "OPTIONAL"}, Tags=[{"Key": "team", "Value": "av"}])["ConferenceProviderArn"]
    got = a4b.get_conference_provider(ConferenceProviderArn=zoom)["ConferenceProvider"]
    assert got["Name"] == "Zoom" and got["Type"] == "ZOOM" and got["PSTNDialIn"]["PhoneNumber"] == "5555550100", got
    a4b.update_conference_provider(ConferenceProviderArn=zoom, ConferenceProviderType="ZOOM", MeetingSetting={"RequirePin": "NO"})
    assert a4b.get_conference_provider(ConferenceProviderArn=zoom)["ConferenceProvider"]["MeetingSetting"] == {"RequirePin": "NO"}
    names = [p["Name"] for page in a4b.get_paginator("list_conference_providers").paginate(PaginationConfig={"PageSize": 1})
             for p in page["ConferenceProviders"]]
    assert names == ["Bridge", "Zoom"], names
    a4b.put_conference_preference(ConferencePreference={"DefaultConferenceProviderArn": zoom})
    assert a4b.get_conference_preference()["Preference"] == {"DefaultConferenceProviderArn": zoom}
    try:
        a4b.create_conference_provider(ConferenceProviderName="zoom", ConferenceProviderType="ZOOM", MeetingSetting={"RequirePin": "NO"})
        raise AssertionError("a second provider named Zoom was created")
    except a4b.exceptions.AlreadyExistsException:
        pass
    expect_error("ValidationException", lambda: a4b.create_conference_provider(
        ConferenceProviderName="Phone", ConferenceProviderType="CUSTOM", MeetingSetting={"RequirePin": "NO"},
        PSTNDialIn={"CountryCode": "1", "PhoneNumber": "123", "OneClickIdDelay": "1", "OneClickPinDelay": "1"}))
    expect_error("ValidationException", lambda: a4b.create_conference_provider(
        ConferenceProviderName="Pin", ConferenceProviderType="WEBEX", MeetingSetting={"RequirePin": "MAYBE"}))
    assert a4b.list_tags(Arn=sip)["Tags"] == [{"Key": "team", "Value": "av"}]
    a4b.delete_conference_provider(ConferenceProviderArn=zoom)
    expect_error("NotFoundException", a4b.get_conference_preference)
    expect_error("NotFoundException", lambda: a4b.get_conference_provider(ConferenceProviderArn=zoom))


print(json.dumps(results))
sys.exit(1 if results["failed"] else 0)
