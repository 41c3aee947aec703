# The applications' fixtures (a frozen lottery round, an open round and its homes).
from tests.applications.conftest import (  # noqa: F401
    complete_application,
    frozen_round,
    homes,
    lottery_round,
    notary,
    open_round,
)
