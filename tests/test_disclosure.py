import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import linprog

from evaluation.disclosure import (DisclosureInputError, check_disclosed, disclose, disclose_groups, disclosed_count,
                                   disclosed_share)


def by_role(**columns):
    return pd.DataFrame(columns, index=pd.Index(["staff", "lived_experience", "carer"], name="role"))


def with_totals(cells: pd.DataFrame) -> pd.DataFrame:
    """A site × role table of counts with a row total per site and an "All" row of column totals."""
    table = cells.assign(total=cells.sum(axis=1))
    table.loc["All"] = table.sum()
    return table


def worked_out_by_an_attacker(table, published, total_row, total_column):
    """Hidden count cells whose exact value follows from the published totals (true values, x >= 0), by linear
    programming: an independent check on disclose's own reasoning."""
    hidden = [(r, c) for r in table.index for c in table.columns if published.at[r, c] == "*"]
    index = {cell: i for i, cell in enumerate(hidden)}
    parts = [c for c in table.columns if c != total_column]
    lines = [([(r, c) for c in parts], (r, total_column)) for r in table.index] if total_column else []
    if total_row:
        lines += [([(r, c) for r in table.index if r != total_row], (total_row, c)) for c in table.columns]
    a, b = [], []
    for members, total in lines:
        row, known = np.zeros(len(hidden)), 0
        for cell, sign in [(m, 1) for m in members] + [(total, -1)]:
            if cell in index:
                row[index[cell]] += sign
            else:
                known -= sign * table.at[cell]
        if row.any():
            a.append(row)
            b.append(known)
    pinned = []
    for cell, i in index.items():
        goal = np.eye(len(hidden))[i]
        low = linprog(goal, A_eq=a or None, b_eq=b or None).fun
        high = linprog(-goal, A_eq=a or None, b_eq=b or None)
        if high.status == 0 and -high.fun - low < 0.5:
            pinned.append(cell)
    return pinned


def test_counts_one_to_seven_are_suppressed():
    published = disclose(by_role(n=[1, 7, 8]), ["n"]).published
    assert published["n"].tolist() == ["*", "*", "10"]


def test_zero_is_shown():
    result = disclose(by_role(n=[0, 20, 30]), ["n"])
    assert result.published["n"].tolist() == ["0", "20", "30"]
    assert "staff" not in result.record["row"].tolist()


def test_other_counts_round_to_the_nearest_five():
    table = pd.DataFrame({"n": [8, 12, 13, 15, 102, 103]})
    assert disclose(table, ["n"]).published["n"].tolist() == ["10", "10", "15", "15", "100", "105"]


def test_with_an_even_rounding_base_a_half_rounds_up():
    table = pd.DataFrame({"n": [14, 15, 25]})
    assert disclose(table, ["n"], rounding_base=10).published["n"].tolist() == ["10", "20", "30"]


def test_totals_are_rounded_from_their_own_value_not_summed_from_rounded_rows():
    table = pd.DataFrame({"n": [12, 12, 24]}, index=["staff", "carer", "All"])
    assert disclose(table, ["n"], total_row="All").published["n"].tolist() == ["10", "10", "25"]


def test_a_percentage_on_fewer_than_eight_is_suppressed():
    table = by_role(n=[7, 8, 0], pct_agree=[42.9, 62.5, np.nan], mean_score=[3.1, 3.75, np.nan])
    published = disclose(table, ["n"], {"pct_agree": "n", "mean_score": "n"}).published
    assert published["pct_agree"].tolist() == ["*", "62.5", "*"]
    assert published["mean_score"].tolist() == ["*", "3.8", "*"]


def test_a_percentage_built_on_a_count_from_one_to_seven_is_suppressed():
    table = by_role(n=[20, 40, 8], n_agree=[3, 30, 0], pct_agree=[15.0, 75.0, 0.0])
    published = disclose(table, ["n", "n_agree"], {"pct_agree": ["n", "n_agree"]}).published
    assert published["pct_agree"].tolist() == ["*", "75.0", "0.0"]


def test_one_of_eight_and_seven_of_eight_are_hidden_even_though_the_base_is_eight():
    # 1 of 8 printed as "12%" names one person; 8 of 15 as "53%" names the 7 who did not.
    table = by_role(n=[8, 15, 16], n_agree=[1, 8, 8], pct_agree=[12.5, 53.3, 50.0])
    result = disclose(table, ["n"], {"pct_agree": ["n", "n_agree"]})
    assert result.published["pct_agree"].tolist() == ["*", "*", "50.0"]
    assert list(result.published.columns) == ["n", "pct_agree"]  # n_agree decides, but is not published
    notes = result.suppressed.set_index("row")["note"]
    assert notes["staff"] == "built on a count from 1 to 7 (n_agree)"
    assert notes["lived_experience"] == "n minus n_agree is from 1 to 7"


def test_a_share_is_hidden_when_its_complement_is_from_one_to_seven_at_any_size():
    table = by_role(n=[100, 100, 100], n_agree=[95, 92, 0], pct_agree=[95.0, 92.0, 0.0])
    published = disclose(table, ["n"], {"pct_agree": ["n", "n_agree"]}).published
    assert published["pct_agree"].tolist() == ["*", "92.0", "0.0"]  # 5 disagree; 8 disagree; nobody agrees


@pytest.mark.parametrize("numerator, base, shown", [(1, 8, None), (7, 8, None), (0, 8, 0.0), (8, 8, 1.0),
                                                    (8, 16, 0.5), (3, 7, None), (93, 100, None), (92, 100, 0.92)])
def test_disclosed_share_follows_the_same_rule_as_the_tables(numerator, base, shown):
    assert disclosed_share(numerator, base) == shown
    table = pd.DataFrame({"n": [base], "k": [numerator], "share": [numerator / base]})
    published = disclose(table, [], {"share": ["n", "k"]}).published.at[0, "share"]
    assert (published == "*") == (shown is None)


def test_disclosed_share_refuses_a_numerator_above_its_base():
    with pytest.raises(DisclosureInputError, match="from 0 to the base"):
        disclosed_share(9, 8)


def test_disclosed_count_hides_one_to_seven_and_rounds_the_rest():
    assert [disclosed_count(n) for n in (0, 1, 7, 8, 22, 23)] == [0, None, None, 10, 20, 25]


def test_the_footnote_says_shown_percentages_come_from_unrounded_counts():
    # 15 of 23 is shown as 65.2 beside a base rounded to 25: the reader is told why they do not divide.
    result = disclose(by_role(n=[23, 20, 30], n_agree=[15, 10, 15], pct_agree=[65.2, 50.0, 50.0]), ["n"],
                      {"pct_agree": ["n", "n_agree"]})
    assert result.published.loc["staff"].tolist() == ["25", "65.2"]
    assert "worked out from the unrounded counts" in result.footnote
    assert "unrounded" not in disclose(by_role(n=[12, 20, 30]), ["n"]).footnote


def test_a_base_count_not_listed_as_a_count_is_used_but_not_published():
    table = by_role(n=[5, 40, 30], pct_agree=[60.0, 75.0, 70.0])
    published = disclose(table, [], {"pct_agree": "n"}).published
    assert list(published.columns) == ["pct_agree"] and published["pct_agree"].tolist() == ["*", "75.0", "70.0"]


def test_a_lone_suppressed_cell_in_a_row_with_a_total_gets_a_partner():
    table = pd.DataFrame({"staff": [20], "lived_experience": [12], "carer": [5], "total": [37]}, index=["site_a"])
    published = disclose(table, ["staff", "lived_experience", "carer", "total"], total_column="total").published
    assert published.loc["site_a"].tolist() == ["20", "*", "*", "35"]


def test_secondary_suppression_iterates_across_rows_and_columns():
    # (a, x) = 3 is hidden; its row partner (a, y) is then alone in column y, and (a, x) alone in column x,
    # so each column needs a partner too: (b, y) and (b, x), which also pair up in row b.
    cells = pd.DataFrame({"x": [3, 40, 45], "y": [20, 10, 35], "z": [30, 50, 12]}, index=["a", "b", "c"])
    result = disclose(with_totals(cells), ["x", "y", "z", "total"], total_row="All", total_column="total")
    hidden = set(zip(result.suppressed["row"], result.suppressed["column"]))
    assert hidden == {("a", "x"), ("a", "y"), ("b", "x"), ("b", "y")}


def test_a_cell_pinned_by_a_chain_of_totals_is_protected_too():
    # Hiding only the smallest cell beside each lone "*" leaves (a, y) worked out from rows a, b and columns w, x.
    cells = pd.DataFrame({"w": [2, 3, 30, 30], "x": [4, 5, 30, 30], "y": [6, 30, 2, 4], "z": [30, 30, 3, 5]},
                         index=["a", "b", "c", "d"])
    table = with_totals(cells)
    published = disclose(table, list(table.columns), total_row="All", total_column="total").published
    assert worked_out_by_an_attacker(table, published, "All", "total") == []


def test_the_record_says_why_each_cell_was_suppressed():
    table = pd.DataFrame({"n": [23, 12, 5, 0, 40], "pct_agree": [69.6, 75.0, 60.0, np.nan, 70.0]},
                         index=["staff", "lived_experience", "carer", "other", "All"])
    record = disclose(table, ["n"], {"pct_agree": "n"}, total_row="All").record
    reasons = {(r, c): reason for r, c, reason in zip(record["row"], record["column"], record["reason"])}
    assert reasons == {("staff", "n"): "rounded", ("lived_experience", "n"): "secondary",
                       ("lived_experience", "pct_agree"): "secondary", ("carer", "n"): "primary",
                       ("carer", "pct_agree"): "primary", ("other", "pct_agree"): "primary", ("All", "n"): "rounded"}
    note = record.set_index(["row", "column"]).at[("lived_experience", "n"), "note"]
    assert note == "protects row 'carer', column 'n', which the totals would otherwise give away"


def test_counts_per_site_and_role_get_partners_within_each_site():
    table = pd.DataFrame({"site": ["north"] * 4 + ["south"] * 4,
                          "role": ["staff", "lived_experience", "carer", "All"] * 2,
                          "n": [20, 11, 4, 35, 30, 25, 12, 67]})
    result = disclose_groups(table, ["n"], ["site"], "role")
    assert result.published["n"].tolist() == ["20", "*", "*", "35", "30", "25", "10", "65"]
    assert result.suppressed[["site", "role", "reason"]].values.tolist() == [
        ["north", "lived_experience", "secondary"], ["north", "carer", "primary"]]


def test_the_markdown_says_what_the_star_means():
    text = disclose(by_role(n=[5, 20, 30]), ["n"]).to_markdown()
    assert "| carer" in text and '"*" = not shown: fewer than 8 respondents' in text


def test_check_disclosed_finds_a_small_count_or_an_unrounded_count():
    published = pd.DataFrame({"n": ["*", "4", "13", "0", "15"]})
    assert check_disclosed(published) == ["row 1, column 'n' shows 4, a count from 1 to 7",
                                          "row 2, column 'n' shows 13, not rounded to the nearest 5"]


@pytest.mark.parametrize("bad, problem", [(2.5, "is not a whole number"), ("three", "is not a whole number"),
                                          (np.nan, "is missing"), (-3, "is negative")])
def test_a_count_that_is_not_a_whole_number_of_people_is_refused(bad, problem):
    table = by_role(n=pd.Series([20, 12, bad], index=["staff", "lived_experience", "carer"], dtype=object))
    with pytest.raises(DisclosureInputError, match=f"count column 'n', row 'carer'.* {problem}"):
        disclose(table, ["n"])


def test_a_number_column_that_is_neither_count_nor_statistic_is_refused():
    with pytest.raises(DisclosureInputError, match=r"column\(s\) \['n_agree'\] hold numbers"):
        disclose(by_role(n=[20, 12, 30], n_agree=[3, 6, 9]), ["n"])


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_no_published_cell_holds_a_count_from_one_to_seven(data):
    shape = (data.draw(st.integers(1, 5), label="rows"), data.draw(st.integers(1, 5), label="columns"))
    count = st.one_of(st.integers(0, 7), st.integers(8, 60))  # half the cells small: plenty to suppress
    values = data.draw(st.lists(count, min_size=shape[0] * shape[1], max_size=shape[0] * shape[1]))
    cells = pd.DataFrame(np.array(values).reshape(shape), index=[f"site_{i}" for i in range(shape[0])],
                         columns=[f"role_{j}" for j in range(shape[1])])
    table = with_totals(cells)
    total_row = data.draw(st.sampled_from(["All", None]), label="total_row")
    total_column = data.draw(st.sampled_from(["total", None]), label="total_column")
    published = disclose(table, list(table.columns), total_row=total_row, total_column=total_column).published
    assert check_disclosed(published) == []
    assert worked_out_by_an_attacker(table, published, total_row, total_column) == []
