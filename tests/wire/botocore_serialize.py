"""Serializes AWS Backup requests with botocore's own rest-json serializer.

Usage: botocore_serialize.py CASES_JSON OUT_JSON

CASES_JSON is a list of {"op": name, "params": {...}} (params keyed by the
model's member names, as boto3 takes them). For each case OUT_JSON holds what
botocore would put on the wire. Members this botocore's model does not know
(newer than the installed model) are dropped and listed in "skipped",
and an operation it does not know gets {"op", "unknown_operation": true}; the
caller re-encodes the returned "params" so both sides see the same input.
Exits 77 when this python has no botocore.
"""

import json
import sys

try:
    import botocore.serialize
    import botocore.session
    import botocore.utils
except ImportError:
    sys.exit(77)  # the caller skips: no botocore for this python


def strip_unknown(value, shape, path, skipped):
    if shape.type_name == "structure":
        out = {}
        for name, member_value in value.items():
            if name not in shape.members:
                skipped.append(path + name)
                continue
            out[name] = strip_unknown(member_value, shape.members[name], path + name + ".", skipped)
        return out
    if shape.type_name == "list":
        return [strip_unknown(v, shape.member, path, skipped) for v in value]
    if shape.type_name == "map":
        return {k: strip_unknown(v, shape.value, path, skipped) for k, v in value.items()}
    return value


def query_text(value):
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def serialize(model, serializer, case):
    if case["op"] not in model.operation_names:  # newer than this botocore
        return {"op": case["op"], "unknown_operation": True}
    operation = model.operation_model(case["op"])
    skipped = []
    params = strip_unknown(case["params"], operation.input_shape, "", skipped)
    request = serializer.serialize_to_request(params, operation)
    query = {k: query_text(v) for k, v in request["query_string"].items()}
    body = request["body"]
    if isinstance(body, bytes):
        body = body.decode("utf-8")
    headers = {k.lower(): v for k, v in request["headers"].items()}
    return {
        "op": case["op"],
        "params": params,
        "skipped": skipped,
        "method": request["method"],
        "url_path": request["url_path"],
        "query": query,
        "query_string": botocore.utils.percent_encode_sequence(query),
        "body": json.loads(body) if body else None,
        "content_type": headers.get("content-type"),
    }


def main():
    with open(sys.argv[1], encoding="utf-8") as f:
        cases = json.load(f)
    model = botocore.session.get_session().get_service_model("backup")
    serializer = botocore.serialize.create_serializer("rest-json", include_validation=False)
    results = [serialize(model, serializer, case) for case in cases]
    with open(sys.argv[2], "w", encoding="utf-8") as f:
        json.dump({"botocore_version": botocore.__version__, "results": results}, f,
                  ensure_ascii=False)


if __name__ == "__main__":
    main()
