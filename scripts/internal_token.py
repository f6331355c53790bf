#!/usr/bin/env python3
"""Prints an internal token (HS256 JWT) for the launcher's own calls to the services.

usage: internal_token.py SECRET_FILE SUBJECT [admin]

The same token the gateway issues (see internal-token/InternalTokens.java): the launcher uses it to
register the simulated devices for the admin without knowing the admin's password.
"""
import base64
import hashlib
import hmac
import json
import sys
import time


def b64(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def main(secret_file, subject, admin="false"):
    secret = open(secret_file, "rb").read().strip()
    now = int(time.time())
    header = b64(json.dumps({"alg": "HS256"}).encode())
    claims = b64(json.dumps({"iss": "iotdeploy", "sub": subject, "admin": admin == "admin",
                             "iat": now, "exp": now + 120}).encode())
    signature = hmac.new(secret, f"{header}.{claims}".encode(), hashlib.sha256).digest()
    print(f"{header}.{claims}.{b64(signature)}")


if __name__ == "__main__":
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    main(*sys.argv[1:])
