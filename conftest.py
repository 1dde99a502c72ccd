"""Fixtures shared by every test in the repository."""

import pytest


@pytest.fixture
def world(db):
    from dangan.core.testing import World

    return World()
