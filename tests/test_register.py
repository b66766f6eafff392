import pytest

from loaders.register import NameError_, load_register


@pytest.fixture(scope="module")
def register():
    return load_register()


@pytest.mark.parametrize("name,gss", [
    ("Blackpool", "E06000009"), ("Blackpool Council", "E06000009"), ("blackpool", "E06000009"),
    ("City of York Council", "E06000014"), ("Lancashire County Council", "E10000017"),
    ("Essex council", "E10000012"), ("Blackburn with Darwen Borough Council", "E06000008"),
    ("St Helens", "E08000013"), ("DfE", "org:dfe"), ("OFSTED", "org:ofsted"),
])
def test_lenient_names(register, name, gss):
    assert register.resolve(name).id == gss


def test_current_code_wins_over_replaced(register):
    assert register.resolve("North Yorkshire").id == "E06000065"


def test_unknown_name_suggests(register):
    with pytest.raises(NameError_) as exc:
        register.resolve("Blackpol")
    assert "Blackpool" in exc.value.suggestions


def test_register_has_every_current_authority(register):
    current = [a for a in register.authorities.values() if not a.valid_to and a.id.startswith("E")]
    assert len(current) == 153
