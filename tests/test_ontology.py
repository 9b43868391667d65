from pathlib import Path

import pytest

from communique.coding.ontology import PLOVER_TYPES, default_ontology, load_ontology, quad_class_of
from communique.datafiles import data_path
from communique.errors import DataFileError


def test_all_sixteen_plover_types_with_their_cameo_codes():
    ontology = default_ontology()
    assert set(ontology.types) == set(PLOVER_TYPES)
    for name in PLOVER_TYPES:
        assert ontology.codes_for(name), name
        assert ontology.code(ontology.types[name].default_cameo).plover_type == name


@pytest.mark.parametrize(
    ("code", "quad"),
    [("010", 1), ("057", 1), ("061", 2), ("0874", 2), ("090", 3), ("1311", 3), ("141", 4), ("2042", 4)],
)
def test_quad_class_follows_gdelts_cameo_roots(code, quad):
    assert quad_class_of(code) == quad
    assert default_ontology().code(code).quad_class == quad


def test_crosswalk_facts():
    ontology = default_ontology()
    assert ontology.code("042").plover_type == "CONSULT"
    assert ontology.code("042").mode == "visit"
    # Sanctions and resignations follow the manual's explicit rules where the crosswalk differs.
    assert (ontology.code("163").plover_type, ontology.code("163").mode) == ("SANCTION", "discontinue")
    assert (ontology.code("0831").plover_type, ontology.code("0831").mode) == ("RETREAT", "resign")
    assert ontology.code("161").plover_type == "SANCTION"  # reducing relations
    assert ontology.code("0874").plover_type == "RETREAT"
    assert ontology.code("195").plover_type == "ASSAULT"
    # An appeal (CAMEO 02) is a REQUEST; a bare statement (CAMEO 01) is no event.
    assert ontology.code("020").plover_type == "REQUEST"
    assert ontology.code("100").plover_type == "REQUEST"
    assert ontology.code("010").plover_type is None


def test_goldstein_weights_are_gdelts():
    ontology = default_ontology()
    assert ontology.code("040").goldstein == 1.0
    assert ontology.code("057").goldstein == 8.0
    assert ontology.code("190").goldstein == -10.0
    assert ontology.code("020").goldstein == 3.0
    assert ontology.code("111").goldstein == -2.0


def test_a_bad_cameo_row_is_reported_with_file_and_line(tmp_path: Path):
    source = data_path("ontology/cameo.csv").read_text(encoding="utf-8").splitlines()
    source[5] = "04X,Broken,CONSULT,,,1.0"
    bad = tmp_path / "cameo.csv"
    bad.write_text("\n".join(source) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError) as info:
        load_ontology(cameo_path=bad)
    assert "cameo.csv:6" in str(info.value)
    assert "04X" in str(info.value)
