"""Plate formats: normalise, parse, classify, display."""

from __future__ import annotations

import pytest

import anpr


def test_normalize() -> None:
    for spelling in ["12-abc-3", "12 ABC 3", " 12.abc.3 ", "12ABC3"]:
        assert anpr.normalize(spelling) == "12ABC3"
    for bad in ["", "--", "12€AB", "ABCDEFGHIJK"]:
        with pytest.raises(anpr.InvalidPlateError):
            anpr.normalize(bad)
    with pytest.raises(ValueError):
        anpr.normalize("?")


def test_parse_and_display() -> None:
    plate = anpr.parse("12-bxf-3", ["NL"])
    assert plate.text == "12BXF3"
    fmt = plate.format
    assert fmt is not None and fmt.country == "NL" and fmt.sidecode is not None
    assert plate.display == anpr.display(plate.text, fmt)
    assert "-" in plate.display and plate.display.replace("-", "") == "12BXF3" == plate.display.replace("-", "")
    assert fmt.spec is not None and not fmt.withheld
    assert plate.to_dict()["format"]["country"] == "NL" and plate.to_dict()["display"] == plate.display
    assert repr(plate).startswith("Plate(text='12BXF3'")
    assert anpr.parse("12ABC3").text == "12ABC3"
    assert anpr.display("12ABC3") == "12ABC3"
    with pytest.raises(anpr.InvalidPlateError):
        anpr.parse("not a plate!")
    with pytest.raises(anpr.InvalidArgumentError, match="unknown country"):
        anpr.parse("12ABC3", ["XX"])


def test_classify() -> None:
    fmt = anpr.classify("12BXF3", ["NL"])
    assert fmt is not None and fmt.country == "NL"
    assert anpr.classify("12-abc-3") is None  # not normalised: fits nothing
    assert anpr.parse("AB1234", ["DE"]).format is not None


def test_country_codes_are_accepted_case_insensitively() -> None:
    engine_countries = ["nl", "De", "UK"]
    assert [anpr.parse("12ABC3", [c]).text for c in engine_countries] == ["12ABC3"] * 3
