#!/usr/bin/env python3
"""Signs requests with botocore's own SigV4 signer, for the C++ cross-check.

Reads JSON lines on stdin, one request each:
  {"method", "path" (wire form), "query" (wire form, no '?'),
   "headers": [[name, value], ...], "body_b64", "date" ("YYYYMMDDTHHMMSSZ"),
   "access_key", "secret_key", "token" (may be ""), "region", "service"}
and prints one JSON line per request:
  {"authorization", "canonical_request", "botocore"}.
The clock is pinned to each request's date so the signature is reproducible.
Exits 3 when botocore cannot be imported.
"""

import base64
import datetime
import json
import sys
import types

try:
    import botocore
    import botocore.auth
    import botocore.awsrequest
    import botocore.credentials
except ImportError as e:  # the C++ test turns this into a skip
    print(f"botocore not importable: {e}", file=sys.stderr)
    sys.exit(3)

_now = [datetime.datetime(2015, 8, 30, 12, 36, 0)]


class _FixedDatetime(datetime.datetime):
    @classmethod
    def utcnow(cls):
        return _now[0]

    @classmethod
    def now(cls, tz=None):
        return _now[0] if tz is None else _now[0].replace(tzinfo=tz)


# Stands in for the datetime module inside botocore.auth (older botocore).
botocore.auth.datetime = types.SimpleNamespace(
    datetime=_FixedDatetime, timezone=datetime.timezone, timedelta=datetime.timedelta
)
if hasattr(botocore.auth, "get_current_datetime"):  # newer botocore
    botocore.auth.get_current_datetime = lambda remove_tzinfo=True: _now[0]


class _Recording(botocore.auth.SigV4Auth):
    """SigV4Auth that remembers the canonical request it signed."""

    def string_to_sign(self, request, canonical_request):
        self.last_canonical_request = canonical_request
        return super().string_to_sign(request, canonical_request)


def sign(spec):
    _now[0] = datetime.datetime.strptime(spec["date"], "%Y%m%dT%H%M%SZ")
    url = "https://" + _host(spec) + spec["path"]
    if spec["query"]:
        url += "?" + spec["query"]
    request = botocore.awsrequest.AWSRequest(
        method=spec["method"], url=url, data=base64.b64decode(spec["body_b64"])
    )
    for name, value in spec["headers"]:
        request.headers[name] = value  # appends: repeated headers stay repeated
    creds = botocore.credentials.Credentials(
        spec["access_key"], spec["secret_key"], spec["token"] or None
    )
    signer = _Recording(creds, spec["service"], spec["region"])
    signer.add_auth(request)
    return {
        "authorization": request.headers["Authorization"],
        "canonical_request": signer.last_canonical_request,
        "botocore": botocore.__version__,
    }


def _host(spec):
    for name, value in spec["headers"]:
        if name.lower() == "host":
            return value
    return "backup.%s.amazonaws.com" % spec["region"]


def main():
    for line in sys.stdin:
        if line.strip():
            print(json.dumps(sign(json.loads(line))), flush=False)
    sys.stdout.flush()


if __name__ == "__main__":
    main()
