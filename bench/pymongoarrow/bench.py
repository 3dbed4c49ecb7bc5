"""PyMongoArrow's side of the benchmark: one cell per process, like the Node children.

argv[1] is the cell as JSON (the CellSpec of bench/cell.ts plus the shape's
``fields``); the measurement is printed as the last line of stdout, in the
same form bench/measure.ts prints.
"""

import gc
import json
import resource
import struct
import sys
import time

import pyarrow as pa
from pymongoarrow.api import Schema, find_arrow_all
from pymongoarrow.context import PyMongoArrowContext
from pymongoarrow.types import BinaryType, Decimal128Type, ObjectIdType

SCALARS = {
    "double": pa.float64(),
    "int32": pa.int32(),
    "int64": pa.int64(),
    "bool": pa.bool_(),
    "string": pa.string(),
    # PyMongoArrow's datetime column; "UTC" matches what our decoder produces.
    "date": pa.timestamp("ms", tz="UTC"),
    "objectId": ObjectIdType(),
    "decimal128": Decimal128Type(),
    "binary": BinaryType(0),
}


def arrow_type(field_type):
    if isinstance(field_type, str):
        return SCALARS[field_type]
    if "list" in field_type:
        return pa.list_(arrow_type(field_type["list"]))
    return pa.struct([(f["name"], arrow_type(f["type"])) for f in field_type["document"]])


def schema_of(fields):
    return Schema({f["name"]: arrow_type(f["type"]) for f in fields})


def rss_now():
    # /proc/self/status VmRSS, in bytes (Linux only, like the rest of the suite).
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
    return 0


def measure(runs, warm_up, run):
    gc.collect()
    baseline = rss_now()
    warm_up()
    gc.collect()
    times = []
    table = None
    for _ in range(runs):
        started = time.perf_counter()
        table = run()
        times.append((time.perf_counter() - started) * 1000)
        documents, table_bytes = table.num_rows, table.nbytes
        del table
        gc.collect()
    return {
        "timesMs": times,
        "documents": documents,
        "tableBytes": table_bytes,
        # ru_maxrss is in KiB on Linux.
        "peakRssBytes": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024,
        "baselineRssBytes": baseline,
    }


def document_boundary(data, count):
    """The byte offset just past the first `count` documents of concatenated BSON."""
    offset = 0
    for _ in range(count):
        if offset >= len(data):
            break
        (length,) = struct.unpack_from("<i", data, offset)
        offset += length
    return offset


def decode_only(spec, schema):
    # The same bytes ours gets (decodeBson), in one call.
    with open(spec["dataFile"], "rb") as f:
        data = f.read()

    def decode_all(data):
        context = PyMongoArrowContext(schema)
        context.process_bson_stream(data)
        return context.finish()

    # A tenth of the documents warms up, as on the Node side.
    warm = data[: document_boundary(data, max(1, spec["documents"] // 10))]
    return measure(spec["runs"], lambda: decode_all(warm), lambda: decode_all(data))


def end_to_end(spec, schema):
    from pymongo import MongoClient

    client = MongoClient(spec["uri"])
    try:
        collection = client[spec["database"]][spec["collection"]]
        return measure(
            spec["runs"],
            lambda: find_arrow_all(collection, {}, schema=schema, limit=spec["warmUpDocuments"]),
            lambda: find_arrow_all(collection, {}, schema=schema),
        )
    finally:
        client.close()


def main():
    spec = json.loads(sys.argv[1])
    schema = schema_of(spec["fields"])
    if spec["contender"] == "pymongoarrow-decode":
        result = decode_only(spec, schema)
    else:
        result = end_to_end(spec, schema)
    sys.stdout.write("\n" + json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
