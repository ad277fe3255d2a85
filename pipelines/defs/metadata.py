"""Asset metadata an evaluator wants to see in the UI: row counts, column types and a short preview."""


import dagster as dg
import pandas as pd

PREVIEW_ROWS = 8
PREVIEW_CHARS = 160


def table_metadata(frame: pd.DataFrame, preview_columns: list[str] | None = None) -> dict:
    """Rows, column types and a preview; the IO manager adds where the table was written."""
    preview = frame[preview_columns] if preview_columns else frame
    return {
        "dagster/row_count": len(frame),
        "dagster/column_schema": dg.TableSchema(
            columns=[dg.TableColumn(name=str(c), type=str(t)) for c, t in frame.dtypes.items()]),
        "preview": dg.MetadataValue.md(markdown_preview(preview)),
    }


def markdown_preview(frame: pd.DataFrame, rows: int = PREVIEW_ROWS) -> str:
    if frame.empty:
        return "_no rows_"
    shown = frame.head(rows).astype("string").fillna("")
    shown = shown.apply(lambda column: column.str.slice(0, PREVIEW_CHARS).str.replace("|", "/", regex=False))
    return shown.to_markdown(index=False)


def counts_markdown(counts: pd.Series, heading: str) -> str:
    if counts.empty:
        return "_none_"
    return counts.rename("count").rename_axis(heading).reset_index().to_markdown(index=False)


def schema_check_result(asset: str, failures: str | None) -> dg.AssetCheckResult:
    """The `matches_schema` check of an asset: passed when its pandera contract reported no failures."""
    return dg.AssetCheckResult(asset_key=asset, check_name="matches_schema", passed=failures is None,
                               metadata={"failures": dg.MetadataValue.md(failures or "_none_")})
