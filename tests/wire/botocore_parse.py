"""Parses responses rendered by Dispatch/RenderError with botocore's parser.

Usage: botocore_parse.py CASES_JSON OUT_JSON

CASES_JSON is a list of {"op", "status", "headers", "body", "expected"} where
"expected" is the output JSON the server meant to send (null for errors).
For each case OUT_JSON holds botocore's parsed result ("parsed", without
ResponseMetadata, plus "error" for errors) and "expected" reduced to the
members this botocore's model knows. Timestamps on both sides are epoch
seconds rounded to milliseconds. Exits 77 when this python has no botocore.
"""

import datetime
import json
import os
import sys

try:
    import botocore.parsers
    import botocore.session
except ImportError:
    sys.exit(77)

sys.dont_write_bytecode = True  # keep the source tree clean
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from botocore_serialize import strip_unknown  # noqa: E402


def jsonable(value):
    if isinstance(value, datetime.datetime):
        return round(value.timestamp(), 3)
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [jsonable(v) for v in value]
    if isinstance(value, bytes):
        return value.decode("utf-8")
    return value


def round_timestamps(value, shape):
    if shape.type_name == "timestamp":
        return round(float(value), 3)
    if shape.type_name == "structure":
        return {k: round_timestamps(v, shape.members[k]) for k, v in value.items()}
    if shape.type_name == "list":
        return [round_timestamps(v, shape.member) for v in value]
    if shape.type_name == "map":
        return {k: round_timestamps(v, shape.value) for k, v in value.items()}
    return value


def parse(model, case):
    if case["op"] not in model.operation_names:  # newer than this botocore
        return {"op": case["op"], "unknown_operation": True}
    operation = model.operation_model(case["op"])
    parser = botocore.parsers.create_parser("rest-json")
    response = {
        "status_code": case["status"],
        "headers": {k.lower(): v for k, v in case["headers"].items()},
        "body": case["body"].encode("utf-8"),
    }
    parsed = parser.parse(response, operation.output_shape)
    metadata = parsed.pop("ResponseMetadata", {})
    out = {"op": case["op"], "parsed": jsonable(parsed), "request_id": metadata.get("RequestId")}
    skipped = []
    expected = case.get("expected")
    if expected is not None and operation.output_shape is not None:
        expected = strip_unknown(expected, operation.output_shape, "", skipped)
        expected = round_timestamps(expected, operation.output_shape)
    out["expected"] = expected
    out["skipped"] = skipped
    return out


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    model = botocore.session.get_session().get_service_model("backup")
    results = [parse(model, case) for case in cases]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"botocore_version": botocore.__version__, "results": results}, f,
                  ensure_ascii=False)


if __name__ == "__main__":
    main()
