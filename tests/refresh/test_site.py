"""A refresh of three synthetic months, and the site it publishes."""

from __future__ import annotations

import io
import json
import re
from pathlib import Path

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from dp_analysis import counts as counts_table
from dp_analysis.exceptions import PublicationError
from dp_analysis.loading import load_counts
from dp_analysis.publish.refresh import RefreshRequest, refresh
from dp_analysis.publish.site import PAGE_LIMIT_BYTES

from .conftest import FIXTURES, MONTHS, tree_digest

pytestmark = [pytest.mark.notebooks, pytest.mark.slow]


def page(site: Path, relative: str) -> BeautifulSoup:
    return BeautifulSoup((site / relative).read_text(encoding="utf-8"), "html.parser")


def html_table(soup: BeautifulSoup, caption: str) -> pd.DataFrame:
    """Return the page's table with this caption, cells as text."""
    for table in soup.find_all("table"):
        if table.caption and table.caption.get_text(strip=True) == caption:
            rows = [
                [cell.get_text(strip=True) for cell in row.find_all(["th", "td"])]
                for row in table.find_all("tr")
            ]
            return pd.DataFrame(rows[1:], columns=rows[0])
    raise AssertionError(f"no table captioned {caption!r}")


def read_csv_text(path: Path) -> pd.DataFrame:
    return pd.read_csv(io.StringIO(path.read_text(encoding="utf-8")), dtype=str)


def test_index_links_every_month_newest_first(published):
    index = page(published.site, "index.html")
    links = [a["href"] for a in index.select("ul.months a")]
    assert links == [f"months/{m}/index.html" for m in reversed(MONTHS)]
    for link in links:
        month_page = page(published.site, link)
        targets = [a["href"] for a in month_page.select("main ul a")]
        assert targets == ["01_people_by_band.html", "02_people_by_age.html"]
        for target in targets:
            assert (published.site / Path(link).parent / target).is_file()


def test_trend_shows_all_three_months_with_the_sources_totals(
    published, synthetic_source
):
    counts = load_counts(synthetic_source).counts
    expected = [int(counts_table.for_month(counts, m)["people"].sum()) for m in MONTHS]

    index = page(published.site, "index.html")
    figure = json.loads(index.select_one("script.plotly-figure").string)
    all_people = figure["data"][0]
    assert all_people["x"] == list(MONTHS)
    assert all_people["y"] == expected

    shown = html_table(index, "People on a DP by month and age group")
    assert shown["Month"].tolist() == list(MONTHS)
    assert shown["All people on a DP"].astype(int).tolist() == expected


def test_every_csv_matches_the_table_or_chart_it_stands_behind(published):
    site = published.site

    # The trend: the CSV holds exactly the table on the index page.
    index = page(site, "index.html")
    shown = html_table(index, "People on a DP by month and age group")
    assert read_csv_text(site / "data" / "trend.csv").equals(shown)

    for month in MONTHS:
        folder = site / "months" / month
        month_page = page(site, f"months/{month}/index.html")
        for csv_link in month_page.select('a[href$=".csv"]'):
            table = csv_link.find_parent("p").find_previous_sibling("div").table
            caption = table.caption.get_text(strip=True)
            from_page = html_table(month_page, caption)
            from_csv = read_csv_text(folder / csv_link["href"])
            assert from_csv.to_numpy().tolist() == from_page.to_numpy().tolist()

        # Each chart's CSV holds the values the chart draws.
        for name in ("01_people_by_band", "02_people_by_age"):
            soup = page(site, f"months/{month}/{name}.html")
            charts = soup.select("script.plotly-figure")
            assert charts, f"{name} has no chart"
            for script in charts:
                figure = json.loads(script.string)
                csv = soup.find("div", id=script["data-target"]).find_next("a")["href"]
                table = pd.read_csv(folder / csv)
                trace = figure["data"][0]
                if trace["type"] == "bar":
                    drawn = [None if v is None else float(v) for v in trace["y"]]
                    from_csv = [None if pd.isna(v) else float(v) for v in table["y"]]
                    assert from_csv == drawn
                    assert table["x"].tolist() == trace["x"]
                else:
                    assert len(table) == len(trace["x"]) * len(trace["y"])


def test_every_page_is_marked_synthetic_and_says_what_is_hidden(published):
    pages = sorted(published.site.rglob("*.html"))
    assert len(pages) == 3 + 3 * 3
    for path in pages:
        text = path.read_text(encoding="utf-8")
        assert "SYNTHETIC DATA." in text, path
        assert "Not for publication" not in text, path
        if path.name not in ("methodology.html", "accessibility.html"):
            assert "What is hidden on this page, and why" in text, path
            assert "Counts from 1 to 7 are shown as [c]" in text, path


def test_public_pages_show_no_count_from_1_to_7(published):
    for month in MONTHS:
        summary = json.loads(
            (published.site / "months" / month / "summary.json").read_text()
        )
        for table in summary["tables"].values():
            assert not [v for v in table.values() if v is not None and 1 <= v <= 7]
        band_page = page(published.site, f"months/{month}/01_people_by_band.html")
        cells = [td.get_text(strip=True) for td in band_page.select("table td")]
        assert not [c for c in cells if c.isdigit() and 1 <= int(c) <= 7]


def test_month_pages_fit_the_size_budget_and_share_one_plotly(published):
    assert published.page_sizes
    assert max(published.page_sizes.values()) <= PAGE_LIMIT_BYTES
    plotly_copies = [p for p in published.site.rglob("*.js") if "plotly" in p.name]
    assert [p.relative_to(published.site).as_posix() for p in plotly_copies] == [
        "assets/plotly.min.js"
    ]
    for path in published.site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "cdn." not in text and "https://" not in text, path


def test_the_run_log_names_source_rows_months_duration_and_outputs(
    published, synthetic_source
):
    log = published.log_path.read_text(encoding="utf-8")
    assert str(synthetic_source) in log
    assert f"{published.rows_read:,} rows read" in log
    assert ", ".join(MONTHS) in log
    assert re.search(r"Published .* in \d+\.\d s", log)
    assert "months/2019-07/01_people_by_band.html" in log
    assert "SYN-" not in log  # no client-level row or id


def test_refreshing_a_month_again_gives_the_same_bytes(site_copy, synthetic_source):
    before = tree_digest(site_copy)
    refresh(
        RefreshRequest(
            months=("2019-07",),
            source=str(synthetic_source),
            site=site_copy,
            notebooks=FIXTURES / "notebooks",
            workers=1,
        )
    )
    assert tree_digest(site_copy) == before


def test_internal_pages_are_marked_and_never_mixed_into_a_public_site(
    tmp_path, site_copy, synthetic_source
):
    before = tree_digest(site_copy)
    request = RefreshRequest(
        months=("2019-06",),
        source=str(synthetic_source),
        site=site_copy,
        mode="internal",
        notebooks=FIXTURES / "notebooks",
        workers=1,
    )
    with pytest.raises(PublicationError, match="public site"):
        refresh(request)
    assert tree_digest(site_copy) == before

    internal = tmp_path / "internal-site"
    refresh(RefreshRequest(**{**request.__dict__, "site": internal}))
    for path in internal.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert "Not for publication." in text, path
        assert "What is hidden on this page" not in text, path
