import stance
from stance.constants import LABELS, proba_column


def test_labels_are_the_codebook_four():
    assert stance.LABELS == ("escalatory", "de-escalatory", "self-defense", "neutral")
    assert len(set(LABELS)) == 4


def test_proba_column_replaces_hyphens():
    assert proba_column("de-escalatory") == "p_de_escalatory"
    assert proba_column("self-defense") == "p_self_defense"
    assert [proba_column(x) for x in LABELS] == [
        "p_escalatory",
        "p_de_escalatory",
        "p_self_defense",
        "p_neutral",
    ]


def test_public_api_is_declared():
    for name in stance.__all__:
        assert hasattr(stance, name), name
