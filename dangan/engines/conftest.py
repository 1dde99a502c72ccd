import pytest


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Engine tests need no database, so the test script runs them once rather than per backend.
    for item in items:
        if "/dangan/engines/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(pytest.mark.engine)
