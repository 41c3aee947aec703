"""The admin of applications and selection; importing this package registers every part.

- `review`: the application queue, review, decisions and exports;
- `rounds`: the selection steps on a sales round's page (publish with the seed commitment,
  freeze, assessment, offers), on top of the properties admin of the round;
- the lottery's admin lives with the lottery (`applications.lottery.admin`).
"""

from applications.admin import review, rounds
from applications.lottery import admin as lottery_admin

__all__ = ["lottery_admin", "review", "rounds"]
