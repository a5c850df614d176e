"""Public pages of one month follow one disclosure plan, costs included.

Two public runs beside those of ``test_parameters``:

- July 2019 of the hand-built extract (:mod:`tests.notebooks.extract_builder`),
  whose medium SPB tier holds 2 people: the costs would state that count, so
  every page withholds them;
- Appendix A with the threshold raised to 10: band 6 (8 people) is then hidden
  too, on every page that shows the people by band.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest

from dp_analysis import narrative, reference
from tests.notebooks.extract_builder import write_extract
from tests.notebooks.running import recorded_values, run_notebooks, shown

pytestmark = pytest.mark.notebooks

BANDS = reference.cost_band_labels()
COSTED = ("03_spb_cost_scenarios", "04_financial_implications", "06_monthly_report")


@pytest.fixture(scope="module")
def july_public(tmp_path_factory):
    folder = tmp_path_factory.mktemp("july-public")
    source = write_extract(folder)
    return folder, run_notebooks(
        COSTED, folder, source=str(source), month="2019-07", mode="public"
    )


@pytest.fixture(scope="module")
def threshold_10(tmp_path_factory):
    folder = tmp_path_factory.mktemp("threshold-10")
    names = ("01_uptake_profile", "03_spb_cost_scenarios")
    return folder, run_notebooks(names, folder, mode="public", threshold=10)


def test_a_small_tier_withholds_every_cost(july_public):
    folder, runs = july_public
    for name in COSTED:
        text = " ".join(shown(runs[name], "text/markdown"))
        assert narrative.costs_withheld() in text, name
        # The July SPB total is £1,760 and its ASC total £1,800 (2 of them
        # medium-tier people); neither may appear anywhere on the pages.
        html = " ".join(shown(runs[name], "text/html"))
        page = text + re.sub(r"<script.*?</script>", "", html, flags=re.DOTALL)
        assert not re.search(r"(?<![\d,.])1,?(760|800)(?![\d])", page), name
    spb_page = recorded_values(runs["03_spb_cost_scenarios"])
    assert spb_page["spb_total"] == spb_page["break_even_hourly_rate"] == "[c]"
    assert "implied_mix" not in spb_page
    assert recorded_values(runs["04_financial_implications"])["spb_services"] == "[c]"
    assert recorded_values(runs["06_monthly_report"])["spb_total"] == "[c]"
    assert not (folder / "03_spb_cost_scenarios_tables" / "table_5.csv").exists()


def test_the_threshold_parameter_reaches_the_plan(threshold_10):
    folder, _ = threshold_10
    by_band = pd.read_csv(
        folder / "01_uptake_profile_tables" / "people_by_cost_band.csv", index_col=0
    )["people"]
    # Band 6 holds 8 people: hidden at a threshold of 10, shown at 7.
    assert by_band[BANDS[5]] == "[c]"
    table_5 = pd.read_csv(
        folder / "03_spb_cost_scenarios_tables" / "table_5.csv", index_col=0
    )
    assert table_5.loc[BANDS[5], "number"] == "[c]"
    assert table_5.loc[BANDS[5], "spb_total"] == "[c]"
    # Every page of the month hides the same bands.
    assert (by_band == "[c]").tolist() == (table_5["number"] == "[c]").tolist()
