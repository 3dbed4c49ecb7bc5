# Prints a Parquet file's rows as JSON, read by pyarrow (an independent
# reader): integers and datetimes (as epoch milliseconds) as text, so that no
# digit is lost to JSON numbers; bytes as base64.
import base64, datetime, json, sys
import pyarrow.parquet as pq

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.timezone.utc)

def plain(value):
    if isinstance(value, bool) or value is None or isinstance(value, (float, str)):
        return value
    if isinstance(value, int):
        return str(value)
    if isinstance(value, datetime.datetime):
        return str((value - EPOCH) // datetime.timedelta(milliseconds=1))
    if isinstance(value, bytes):
        return base64.b64encode(value).decode()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    raise TypeError(f"unexpected {type(value)}")

table = pq.read_table(sys.argv[1])
print(json.dumps({"fields": table.schema.names, "rows": [plain(r) for r in table.to_pylist()]}))
