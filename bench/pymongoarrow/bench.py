"""PyMongoArrow's side of the benchmark, like bench/child.ts on the Node side.

argv[1] is a JSON array of groups (GroupSpecs of bench/cell.ts, each with one
PyMongoArrow contender, plus the shape's ``fields`` and the ``projection``
every server contender sends); each group's measurement is printed as one
line of stdout, in the form bench/child.ts prints.
"""

import gc
import json
import struct
import sys
import time
import traceback

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


def server_cpu_ms(server):
    """CPU time of the server process (bench/server-cpu.ts reads the same fields)."""
    with open(f"/proc/{server['pid']}/stat") as stat:
        line = stat.read()
    fields = line[line.rindex(")") + 2 :].split(" ")
    return (int(fields[11]) + int(fields[12])) * 1000 / server["clockTicks"]


def measure(runs, warm_up, run, server=None):
    """As bench/measure.ts: a warm-up, then timed runs with a GC before each."""
    gc.collect()
    baseline = rss_now()
    warm_up()
    times = []
    server_ms = []
    growth = 0
    for _ in range(runs):
        gc.collect()
        before = rss_now()
        cpu_before = server and server_cpu_ms(server)
        started = time.perf_counter()
        table = run()
        times.append((time.perf_counter() - started) * 1000)
        if server:
            server_ms.append(server_cpu_ms(server) - cpu_before)
        growth = max(growth, rss_now() - before)
        documents, table_bytes = table.num_rows, table.nbytes
        del table
    result = {
        "timesMs": times,
        "documents": documents,
        "tableBytes": table_bytes,
        "rssGrowthBytes": growth,
        "baselineRssBytes": baseline,
    }
    if server_ms:
        result["serverCpuMs"] = server_ms
    return result


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
        # The projection and batch size every contender uses (find_arrow_all
        # passes them on to find_raw_batches).
        options = {"projection": spec["projection"], "batch_size": spec["batchSize"]}
        return measure(
            spec["runs"],
            lambda: find_arrow_all(collection, {}, schema=schema, limit=spec["warmUpDocuments"], **options),
            lambda: find_arrow_all(collection, {}, schema=schema, **options),
            spec.get("server"),
        )
    finally:
        client.close()


def run(spec):
    schema = schema_of(spec["fields"])
    (contender,) = spec["contenders"]
    if contender == "pymongoarrow-decode":
        return {contender: decode_only(spec, schema)}
    return {contender: end_to_end(spec, schema)}


def main():
    # One process for every shape of a mode, as on the Node side: starting
    # Python with pyarrow costs about a second here.
    for group, spec in enumerate(json.loads(sys.argv[1])):
        try:
            line = {"group": group, "measurements": run(spec)}
        except Exception as err:  # one failed shape must not cost the others their figures
            traceback.print_exc()
            line = {"group": group, "error": f"{type(err).__name__}: {err}"[:400]}
        sys.stdout.write("\n" + json.dumps(line) + "\n")
        sys.stdout.flush()


if __name__ == "__main__":
    main()
