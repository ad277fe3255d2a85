import pytest

from evaluation.sites import SiteRegistryError, load_site_registry, registry_frame, site_fingerprint

HEADER = "site_id,site_name,system_type,region,project_title,places\n"


def make_raw(tmp_path, rows, folders):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sites.csv").write_text(HEADER + "".join(rows), encoding="utf-8")
    for name in folders:
        (raw / name).mkdir()
    return raw


def test_a_folder_not_in_sites_csv_is_reported_and_skipped(tmp_path):
    raw = make_raw(tmp_path, ["alpha,Alpha ICS,Integrated Care System,London,Falls,Elmbridge;Castlemead\n"],
                   ["alpha", "stray-site", "_scratch"])
    registry = load_site_registry(raw)
    assert registry.ready_site_ids == ["alpha"]
    assert registry.unlisted_folders == ("stray-site",)
    assert any("data/raw/stray-site/ is not listed" in p for p in registry.problems())
    assert registry.site("alpha").places == ("Elmbridge", "Castlemead")


def test_a_listed_site_without_a_folder_is_reported(tmp_path):
    raw = make_raw(tmp_path, ["alpha,Alpha ICS,ICS,London,Falls,\n", "beta,Beta CA,CA,London,Screening,\n"],
                   ["alpha"])
    registry = load_site_registry(raw)
    assert registry.ready_site_ids == ["alpha"] and registry.missing_folders == ("beta",)


def test_a_site_listed_twice_is_reported_with_both_rows_and_the_first_kept(tmp_path):
    raw = make_raw(tmp_path, ["alpha,A,ICS,London,P,\n", "alpha,A again,ICS,London,P,\n"], ["alpha"])
    registry = load_site_registry(raw)
    assert registry.ready_site_ids == ["alpha"] and registry.site("alpha").site_name == "A"
    assert registry.problems() == ["sites.csv row 3: site_id 'alpha' is listed twice (first at row 2, which was "
                                   "used); the row was skipped"]


@pytest.mark.parametrize("bad_id", ["../beta", "Alpha Site!", "gamma delta", "/etc", "..", "-x"])
def test_a_site_id_that_cannot_name_a_folder_is_skipped_and_the_other_sites_run(tmp_path, bad_id):
    raw = make_raw(tmp_path, [f"{bad_id},A,ICS,London,P,\n", "beta,B,ICS,London,P,\n"], ["beta"])
    registry = load_site_registry(raw)
    assert registry.ready_site_ids == ["beta"]
    [problem] = registry.problems()
    assert problem.startswith("sites.csv row 2: the site_id must be lower-case letters") and "skipped" in problem


def test_a_row_with_an_empty_required_field_is_skipped_and_blank_lines_are_ignored(tmp_path):
    raw = make_raw(tmp_path, ["alpha,,ICS,London,P,\n", ",,,,,\n", "beta,B,ICS,London,P,\n"], ["alpha", "beta"])
    registry = load_site_registry(raw)
    assert registry.ready_site_ids == ["beta"]
    assert registry.problems()[0] == "sites.csv row 2: site 'alpha' has an empty site_name; the row was skipped"


def test_a_site_folder_linking_outside_the_raw_folder_is_skipped(tmp_path):
    outside = tmp_path / "elsewhere"
    outside.mkdir()
    raw = make_raw(tmp_path, ["alpha,A,ICS,London,P,\n", "beta,B,ICS,London,P,\n"], ["beta"])
    (raw / "alpha").symlink_to(outside, target_is_directory=True)
    registry = load_site_registry(raw)
    assert registry.ready_site_ids == ["beta"]
    assert "link leading outside" in registry.problems()[0]


def test_sites_sharing_a_name_are_told_apart_by_their_id(tmp_path):
    raw = make_raw(tmp_path, ["alpha,North ICS,ICS,London,P,\n", "beta,North ICS,ICS,London,Q,\n",
                              "gamma,South CA,CA,London,R,\n"], ["alpha", "beta", "gamma"])
    frame = registry_frame(load_site_registry(raw))
    assert frame["display_name"].tolist() == ["North ICS (alpha)", "North ICS (beta)", "South CA"]


def test_a_registry_missing_a_column_says_which(tmp_path):
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "sites.csv").write_text("site_id,site_name\nalpha,A\n", encoding="utf-8")
    with pytest.raises(SiteRegistryError, match="missing required column.*system_type"):
        load_site_registry(raw)


def test_place_names_stay_out_of_the_published_registry(tmp_path):
    raw = make_raw(tmp_path, ["alpha,Alpha ICS,ICS,London,Falls,Elmbridge\n"], ["alpha"])
    frame = registry_frame(load_site_registry(raw))
    assert "places" not in frame.columns
    assert "Elmbridge" not in frame.to_csv()


def test_the_fingerprint_changes_when_a_site_sends_a_file(tmp_path):
    before = site_fingerprint(tmp_path)
    (tmp_path / "new.csv").write_text("x")
    assert site_fingerprint(tmp_path) != before
