"""What the layers above add to accounts (klushuis/extensions.py)."""

from klushuis.extensions import FirstAnswer

# Where a user lands after logging in without `next`: a layer above may answer with a URL
# (applications: a buyer with an offer to answer sees their dashboard first).
LANDING_PAGE = FirstAnswer("page after login")
