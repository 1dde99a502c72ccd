import pytest


@pytest.fixture
def cw(world):
    from dangan.custody.testing import build

    return build(world)
