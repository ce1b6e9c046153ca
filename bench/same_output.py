"""Do two output folders hold the same tables? For changes that must not change any output.

    python bench/same_output.py BEFORE AFTER

Compares every Parquet table under the two folders (the contract's tables and state/), table by
table: the same files, the same schema, the same number of rows, and, with the rows of each
sorted by their id, every column of every row. Prints the first difference of each table that
differs and exits 1; prints "same" and exits 0 when all match. Row order is not compared (a
worker pool finishes documents in any order); run dates are compared, so run both on one day.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

import pyarrow.parquet as pq

# The column a table's rows are sorted by before they are compared; a table not named here is
# sorted by its first column. Ties are broken by the whole row.
SORT_KEYS = {"quarantine": "source_path", "aliases": "alias"}


def _sorted_rows(path: Path) -> tuple[object, list[dict]]:
    table = pq.read_table(path)
    name = path.stem
    key = SORT_KEYS.get(name, table.column_names[0] if table.column_names else None)
    rows = table.to_pylist()
    rows.sort(key=lambda row: (str(row.get(key)), repr(row)))
    return table.schema, rows


def table_difference(before: Path, after: Path) -> str | None:
    """The first difference between two Parquet files, in words, or None when they hold the same."""
    schema_a, rows_a = _sorted_rows(before)
    schema_b, rows_b = _sorted_rows(after)
    if not schema_a.equals(schema_b, check_metadata=True):
        return f"schemas differ:\n{schema_a}\n---\n{schema_b}"
    if len(rows_a) != len(rows_b):
        return f"{len(rows_a)} rows before, {len(rows_b)} after"
    for i, (a, b) in enumerate(zip(rows_a, rows_b)):
        for column in schema_a.names:
            if a[column] != b[column]:
                ident = next(iter(a.values()), None)
                return (f"row {i} (first column {ident!r}), column {column!r}:\n"
                        f"  before: {a[column]!r}\n  after:  {b[column]!r}")
    return None


def folder_differences(before: Path, after: Path) -> list[str]:
    """Every table that differs between two output folders, each with its first difference."""
    names_a = {p.relative_to(before) for p in before.rglob("*.parquet")}
    names_b = {p.relative_to(after) for p in after.rglob("*.parquet")}
    out = [f"{name}: only in {before if name in names_a else after}" for name in sorted(names_a ^ names_b)]
    for name in sorted(names_a & names_b):
        found = table_difference(before / name, after / name)
        if found is not None:
            out.append(f"{name}: {found}")
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    for folder in (args.before, args.after):
        if not any(folder.glob("*.parquet")):
            print(f"same_output: {folder} holds no Parquet tables; give two `followthrough run --out` folders",
                  file=sys.stderr)
            return 2
    differences = folder_differences(args.before, args.after)
    for line in differences:
        print(line)
    if not differences:
        print(f"same: {len(list(args.before.rglob('*.parquet')))} tables")
    return 1 if differences else 0


if __name__ == "__main__":
    sys.exit(main())
