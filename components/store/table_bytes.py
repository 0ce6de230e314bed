"""A corpus's finished tables as bytes and back, exactly (:func:`tables_to_bytes`,
:func:`tables_from_bytes`): the form in which the store keeps them."""
from __future__ import annotations

import gc
import json
from contextlib import contextmanager

import pandas as pd

_NA = {"__na__": True}


def _encode(value):
    if value is pd.NA:
        return _NA
    if hasattr(value, "item"):  # numpy scalar
        return value.item()
    raise TypeError(f"{type(value).__name__} is not stored")


def _wrap(value):
    """Tuples marked as such (JSON has only lists), inside lists and dicts too."""
    if isinstance(value, tuple):
        return {"__tuple__": [_wrap(v) for v in value]}
    if isinstance(value, list):
        return [_wrap(v) for v in value]
    if isinstance(value, dict):
        return {k: _wrap(v) for k, v in value.items()}
    return value


def _unwrap(obj: dict):
    if obj == _NA:
        return pd.NA
    if len(obj) == 1 and "__tuple__" in obj:
        return tuple(obj["__tuple__"])
    return obj


#: the first bytes of a corpus's stored tables (the format below)
TABLES_MAGIC = b"DBTABLES2\n"


def tables_to_bytes(tables: dict[str, pd.DataFrame]) -> bytes | None:
    """The tables as bytes, or None unless :func:`tables_from_bytes` rebuilds exactly the same
    DataFrames (values, dtypes, column order, the types inside list/tuple/dict cells).

    Each table's columns of plain values (strings, numbers, booleans) go into one Arrow IPC stream
    (read back in columns, not row by row, so a large corpus reopens in about a second); its
    ``object`` columns (lists, tuples, dicts) into JSON; both zstd-compressed. Layout:
    :data:`TABLES_MAGIC`, an 8-byte length, a JSON header (per table: name, columns, dtypes, which
    are JSON, the byte sizes of both parts), then the parts in order. Each table is checked as soon
    as it is encoded, so at most one rebuilt table is in memory beside the originals.
    """
    import pyarrow as pa

    specs, parts = [], []
    try:
        for name, df in tables.items():
            if not isinstance(df.index, pd.RangeIndex) or df.index.start != 0 or df.index.step != 1:
                return None
            objects = [str(c) for c, t in df.dtypes.items() if t == object]
            plain = pa.Table.from_pandas(df.drop(columns=objects), preserve_index=False)
            sink = pa.BufferOutputStream()
            with pa.ipc.new_stream(sink, plain.schema, options=pa.ipc.IpcWriteOptions(compression="zstd")) as w:
                w.write_table(plain)
            del plain
            arrow = sink.getvalue().to_pybytes()
            cells = {c: [_wrap(v) for v in df[c]] for c in objects}
            raw = json.dumps(cells, default=_encode, ensure_ascii=False).encode("utf-8")
            del cells
            js = pa.compress(raw, codec="zstd", asbytes=True)
            spec = {"name": name, "columns": [str(c) for c in df.columns], "dtypes": [str(t) for t in df.dtypes],
                    "objects": objects, "rows": len(df), "sizes": [len(arrow), len(js)], "json_size": len(raw)}
            del raw
            rebuilt = _table_from_parts(spec, arrow, js)
            pd.testing.assert_frame_equal(rebuilt, df, check_exact=True)
            for col in objects:
                if any(type(x) is not type(y) for x, y in zip(rebuilt[col], df[col]) if isinstance(y, (list, tuple, dict))):
                    return None
            del rebuilt
            specs.append(spec)
            parts += [arrow, js]
        header = json.dumps(specs).encode("utf-8")
        return b"".join([TABLES_MAGIC, len(header).to_bytes(8, "little"), header, *parts])
    except (TypeError, ValueError, AssertionError, OverflowError, pa.ArrowException):
        return None


@contextmanager
def gc_paused():
    """The cyclic garbage collector off for the block: for a burst of short-lived objects that hold
    no cycles (freshly decoded JSON, parsed source), which would set off full collections in vain."""
    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def tables_from_bytes(data: bytes) -> dict[str, pd.DataFrame]:
    """The tables :func:`tables_to_bytes` stored. Raises ``ValueError`` on bytes it did not write."""
    if not data.startswith(TABLES_MAGIC):
        raise ValueError("not stored tables")
    at = len(TABLES_MAGIC)
    size = int.from_bytes(data[at:at + 8], "little")
    at += 8
    specs = json.loads(data[at:at + size].decode("utf-8"))
    at += size
    tables = {}
    for spec in specs:
        n_arrow, n_json = spec["sizes"]
        tables[spec["name"]] = _table_from_parts(spec, data[at:at + n_arrow], data[at + n_arrow:at + n_arrow + n_json])
        at += n_arrow + n_json
    return tables


def _table_from_parts(spec: dict, arrow: bytes, js: bytes) -> pd.DataFrame:
    """One table from its header entry, its Arrow IPC stream and its compressed JSON cells."""
    import pyarrow as pa

    plain = pa.ipc.open_stream(pa.py_buffer(arrow)).read_all()
    with gc_paused():  # hundreds of thousands of small lists would set off collections in vain
        cells = json.loads(pa.decompress(js, spec["json_size"], codec="zstd", asbytes=True), object_hook=_unwrap)
    strings = {pa.string(): pd.StringDtype(), pa.large_string(): pd.StringDtype()}.get
    df = plain.to_pandas(types_mapper=strings) if plain.num_columns else pd.DataFrame(index=range(spec["rows"]))
    for col in spec["objects"]:
        df[col] = pd.Series(cells[col], dtype=object, index=df.index)
    df = df[spec["columns"]]
    for col, dtype in zip(spec["columns"], spec["dtypes"]):
        if str(df[col].dtype) != dtype:
            df[col] = df[col].astype(dtype)
    return df
