"""Validates Alexa Skills Kit response envelopes with Amazon's ask-sdk-model, plus the rules the SDK does not check.

Usage: ask_contract.py FILE...   (each FILE holds one response body, as a4b-calendar's /alexa endpoint sent it)
Prints one line per file and exits 1 at the first invalid one, 2 when given no file.
"""
import json
import sys
import xml.etree.ElementTree as ET

from ask_sdk_core.exceptions import SerializationException
from ask_sdk_core.serialize import DefaultSerializer
from ask_sdk_model import ResponseEnvelope
from ask_sdk_model.dialog import ConfirmIntentDirective, ElicitSlotDirective

DIRECTIVE_TYPES = {"Dialog.ElicitSlot": ElicitSlotDirective, "Dialog.ConfirmIntent": ConfirmIntentDirective}


def validate_response(body: str) -> ResponseEnvelope:
    if len(body.encode()) > 24 * 1024:
        raise ValueError("response larger than 24 KB")
    doc = json.loads(body)
    if not isinstance(doc, dict) or doc.get("version") != "1.0":
        raise ValueError("need version '1.0'")
    resp = doc.get("response")
    if not isinstance(resp, dict):
        raise ValueError("missing response object")
    if "shouldEndSession" in resp and not isinstance(resp["shouldEndSession"], bool):
        raise ValueError("shouldEndSession must be a JSON boolean")
    for sp in (resp.get("outputSpeech"), (resp.get("reprompt") or {}).get("outputSpeech")):
        if sp is None:
            continue
        kind = sp.get("type")
        if kind not in ("PlainText", "SSML"):
            raise ValueError(f"unknown outputSpeech type {kind!r}")
        text = sp.get("text" if kind == "PlainText" else "ssml")
        if not isinstance(text, str) or not text or len(text) > 8000:
            raise ValueError("bad speech text")
        if kind == "SSML":
            try:
                root = ET.fromstring(text)
            except ET.ParseError as e:
                raise ValueError(f"SSML not well-formed: {e}") from e
            if root.tag != "speak":
                raise ValueError("SSML root must be <speak>")
    directives = resp.get("directives") or []
    if directives and resp.get("shouldEndSession") is not False:
        raise ValueError("a dialog directive needs shouldEndSession false")
    if directives and not resp.get("outputSpeech"):
        raise ValueError("ElicitSlot and ConfirmIntent need output speech")
    try:
        envelope = DefaultSerializer().deserialize(body, ResponseEnvelope)
    except SerializationException as e:
        raise ValueError(f"ask-sdk-model rejected it: {e}") from e
    for raw, parsed in zip(directives, envelope.response.directives or []):
        expected = DIRECTIVE_TYPES.get(raw.get("type"))
        if expected is None or not isinstance(parsed, expected):
            raise ValueError(f"directive {raw.get('type')!r} is not an ElicitSlot or ConfirmIntent directive")
        if parsed.updated_intent is None or not parsed.updated_intent.name:
            raise ValueError("a dialog directive carries the updated intent")
    return envelope


def main(paths):
    if not paths:
        print("usage: ask_contract.py FILE...", file=sys.stderr)
        return 2
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            body = handle.read()
        try:
            envelope = validate_response(body)
        except (ValueError, json.JSONDecodeError) as error:
            print(f"INVALID {path}: {error}")
            return 1
        speech = envelope.response.output_speech
        kind = type(speech).__name__ if speech else "no speech"
        print(f"ok {path}: {kind}, {len(envelope.response.directives or [])} directive(s)")
    print(f"validated {len(paths)} response(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
