import pytest

from stancegraph.errors import AmbiguousNameError, UnknownNameError

from .conftest import EX


@pytest.mark.parametrize(
    ("text", "kind", "expected"),
    [
        ("Aland", "actor", "Aland"),
        ("aland", "actor", "Aland"),
        ("Republic of Aland", "actor", "Aland"),
        ("ex:Borduria", "actor", "Borduria"),
        (f"<{EX}Borduria>", "actor", "Borduria"),
        (f"{EX}Borduria", "actor", "Borduria"),
        ("DeltaNGO", "actor", "DeltaNGO"),
        ("delta", "actor", "DeltaNGO"),
        ("JRC", "position", "JointCommission"),
        ("equal share", "position", "EqualShare"),
        ("dam", "issue", "Dam"),
        ("Dam deal", "scenario", "DamDeal"),
    ],
)
def test_names_resolve_by_iri_prefixed_name_label_alias_and_words(river, text, kind, expected):
    assert river.resolve(text, kind) == EX + expected


def test_an_unknown_name_lists_close_candidates(river):
    with pytest.raises(
        UnknownNameError, match="unknown actor 'Borduira'; did you mean: 'Borduria'"
    ) as err:
        river.resolve("Borduira", "actor")
    assert "Borduria" in err.value.candidates


def test_an_ambiguous_name_lists_every_match(river):
    # "the" is a word of two position labels: "Build the dam", "Equal share of the river"
    with pytest.raises(AmbiguousNameError, match="ambiguous position 'the'") as err:
        river.resolve("the", "position")
    assert sorted(err.value.candidates) == ["ex:BuildDam", "ex:EqualShare"]


def test_kinds_do_not_mix(river):
    with pytest.raises(UnknownNameError):
        river.resolve("Aland", "position")
