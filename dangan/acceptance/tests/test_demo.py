from __future__ import annotations

import pytest

from dangan.acceptance.demo import load_acceptance_demo
from dangan.acceptance.models import AcceptanceRound


@pytest.mark.django_db(transaction=True)
def test_demo_round_is_refused_with_an_order_and_idempotent(acc_settings):
    from dangan.core.demo import load_demo

    load_demo()
    rounds = AcceptanceRound.objects.all()
    if not rounds.exists():  # the lead has not listed the loader in APP_DEMO_LOADERS yet
        assert load_acceptance_demo()
    rnd = AcceptanceRound.objects.get()
    assert rnd.machine_check == "fail" and rnd.status == "refused"
    assert rnd.findings.filter(code="PAGE_COUNT_MISMATCH").exists()
    assert rnd.decision.rectification_order.addressed_to == rnd.project.provider
    assert load_acceptance_demo() == []
    assert AcceptanceRound.objects.count() == 1
