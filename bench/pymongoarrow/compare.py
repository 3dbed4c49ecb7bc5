"""PyMongoArrow's side of the comparison (bench/pymongoarrow/compare.ts).

argv[1] is a JSON file: {"out": dir, "collections": [{"name", "uri", "database",
"declared": [native schema fields] or null}]}. Each collection is read with
find_arrow_all sorted by _id, once without a schema and once with the declared
one; each table is written as an Arrow IPC stream <out>/<name>.<mode>.arrows, and
<out>/pymongoarrow.json says what was written, what failed and which declared
fields PyMongoArrow has no type for.
"""

import json
import sys
import warnings

# pymongoarrow 1.15's Cython module warns that pyarrow 25.0.1's structures grew; harmless here.
warnings.filterwarnings("ignore", message=".*size changed.*", category=RuntimeWarning)

import pyarrow as pa  # noqa: E402
import pymongoarrow  # noqa: E402
from pymongo import MongoClient  # noqa: E402
from pymongoarrow.api import Schema, find_arrow_all  # noqa: E402
from pymongoarrow.types import BinaryType, CodeType, Decimal128Type, ObjectIdType  # noqa: E402

SCALARS = {
    "double": pa.float64(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "bool": pa.bool_(),
    "string": pa.string(),
    "date": pa.timestamp("ms"),
    "objectId": ObjectIdType(),
    "decimal128": Decimal128Type(),
    "code": CodeType(),
    "uuid": BinaryType(4),
}


def arrow_type(spec):
    """PyMongoArrow's type for one of our schema JSON types, or None when it has none."""
    if isinstance(spec, str):
        return SCALARS.get(spec)
    kind = spec["type"]
    if kind == "binary":
        return BinaryType(spec.get("subtype", 0))
    if kind == "list":
        item = arrow_type(spec["items"])
        return None if item is None else pa.list_(item)
    if kind == "document":
        children = [(f["name"], arrow_type(f["type"])) for f in spec["fields"]]
        if any(t is None for _, t in children):
            return None
        return pa.struct(children)
    return None


def read(collection, out, name, mode, schema):
    try:
        table = find_arrow_all(collection, {}, schema=schema, sort=[("_id", 1)])
    except Exception as err:  # noqa: BLE001 - any failure is a result to report
        return {"error": f"{type(err).__name__}: {err}"[:300]}
    path = f"{out}/{name}.{mode}.arrows"
    with pa.OSFile(path, "wb") as sink, pa.ipc.new_stream(sink, table.schema) as writer:
        writer.write_table(table)
    return {"file": path, "types": {f.name: str(f.type) for f in table.schema}}


def main():
    with open(sys.argv[1]) as f:
        spec = json.load(f)
    report = {"version": pymongoarrow.__version__, "pyarrow": pa.__version__, "collections": {}}
    for entry in spec["collections"]:
        client = MongoClient(entry["uri"])
        try:
            collection = client[entry["database"]][entry["name"]]
            result = {"inferred": read(collection, spec["out"], entry["name"], "inferred", None)}
            if entry["declared"] is not None:
                fields, omitted = {}, []
                for field in entry["declared"]:
                    t = arrow_type(field["type"])
                    if t is None:
                        omitted.append(field["name"])
                    else:
                        fields[field["name"]] = t
                result["declared"] = read(collection, spec["out"], entry["name"], "declared", Schema(fields))
                result["declared"]["omitted"] = omitted
            report["collections"][entry["name"]] = result
        finally:
            client.close()
    with open(f"{spec['out']}/pymongoarrow.json", "w") as f:
        json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
