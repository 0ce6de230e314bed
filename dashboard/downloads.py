"""The downloads, grouped in one menu: the JSON export (as filtered and of the whole corpus), every
table as CSV in one zip, and any one table as CSV. Files are made only when asked for."""
from __future__ import annotations

import io
import json
import zipfile
from typing import Mapping

import pandas as pd
import streamlit as st

from components.run.analyze import Analysis
from dashboard.knowledge import get_knowledge


def table_csv(df: pd.DataFrame) -> str:
    """``df`` as CSV text; list-valued cells are written as JSON."""
    out = df.copy()
    for col in out.columns:
        if out[col].dtype == object:
            out[col] = out[col].map(lambda v: json.dumps(list(v), ensure_ascii=False)
                                    if isinstance(v, (list, tuple)) else v)
    return out.to_csv(index=False)


def csv_zip(tables: Mapping[str, pd.DataFrame]) -> bytes:
    """Every table as ``<name>.csv`` in one zip archive."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name in tables:
            z.writestr(f"{name}.csv", table_csv(tables[name]))
    return buf.getvalue()


def menu(tables: Mapping, filtered: Mapping, skipped) -> None:
    """The one downloads menu (a popover)."""
    from components.export import to_json

    with st.popover("Downloads", icon=":material/download:", width="stretch"):
        st.download_button("JSON export (as filtered)",
                           lambda: to_json(Analysis(tables=dict(filtered), skipped=list(skipped), knowledge=get_knowledge())),
                           file_name="debate-briefing-filtered.json", mime="application/json",
                           key="dl_json_filtered", width="stretch")
        st.download_button("JSON export (whole corpus)",
                           lambda: to_json(Analysis(tables=tables, skipped=list(skipped), knowledge=get_knowledge())),
                           file_name="debate-briefing.json", mime="application/json", key="dl_json", width="stretch")
        st.download_button("All tables as CSV (as filtered, zip)", lambda: csv_zip(filtered),
                           file_name="debate-briefing-tables.zip", mime="application/zip", key="dl_zip",
                           width="stretch")
        name = st.selectbox("One table as CSV", list(filtered), key="dl_table", index=list(filtered).index("quotes")
                            if "quotes" in filtered else 0)
        st.download_button(f"{name}.csv (as filtered)", lambda: table_csv(filtered[name]), file_name=f"{name}.csv",
                           mime="text/csv", key="dl_table_csv", width="stretch")
