"""Schemathesis hooks for the contract test (ContractTests.swift): aim generated requests at the organization and user
the test seeded, and drop the one kind of 5xx that is right.

Loaded with SCHEMATHESIS_HOOKS=schemathesis_hooks (this folder on PYTHONPATH). Reads A4B_FUZZ_ORG, A4B_FUZZ_USER and
A4B_FUZZ_KEY_ID from the environment.
"""
import os
import random

import schemathesis

ORG = os.environ["A4B_FUZZ_ORG"]
USER = os.environ["A4B_FUZZ_USER"]
KEY_ID = os.environ["A4B_FUZZ_KEY_ID"]
# Methods the API knows (RFC 9110's, minus those it answers nowhere): any other gets 501 Not Implemented, which is
# right and not a server error to report.
KNOWN_METHODS = {"GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"}


@schemathesis.hook
def map_path_parameters(context, path_parameters):
    # Mostly the seeded ids, so requests reach the use cases; now and then the generated value, for the 404 paths.
    if path_parameters is None or random.random() < 0.15:
        return path_parameters
    if "orgId" in path_parameters:
        path_parameters["orgId"] = ORG
    if "userId" in path_parameters:
        path_parameters["userId"] = USER
    if "keyId" in path_parameters:
        path_parameters["keyId"] = KEY_ID
    return path_parameters


@schemathesis.hook
def filter_failure(context, failure, case, response):
    unknown_method = case.method.upper() not in KNOWN_METHODS
    return not (unknown_method and response is not None and response.status_code == 501)
