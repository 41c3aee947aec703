"""Where an app declares its personal data: one `Category` per kind of data, registered from
the app's `AppConfig.ready()`.

The privacy package never imports the apps above it; it reads this registry to

- apply retention (`due` lists what is due on a day, `erase` removes one item and returns its
  tombstone counts),
- hand a buyer their own data (`export` returns a section of the summary, JSON and files)
  and honour a deletion request (`erase_for_user`, with `kept_for_user` naming what a legal
  duty keeps and why),
- write the privacy statement (label, purpose, legal basis, recipients, retention), and
- keep what another app holds under a legal duty (`LEGAL_HOLDS`): an application with a
  purchase agreement is not removed as "unsuccessful".

How a new app plugs in (aftercare, klushuur): see docs/privacy.md, "Adding a category".
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date

from klushuis.privacy.rules import Retention


@dataclass(frozen=True)
class DueItem:
    """One record retention may remove: its key for `erase` and its public reference."""

    key: object
    reference: str
    organisation_id: int | None = None
    today: date | None = None  # the day of the run, for a check again under the lock


@dataclass
class ExportSection:
    """A category's part of a buyer's download: readable rows, JSON data and files."""

    title: str
    rows: list[tuple[str, str]] = field(default_factory=list)  # (label, value) for the summary
    data: object = None  # JSON-serialisable
    files: list[tuple[str, object]] = field(default_factory=list)  # (name in the ZIP, FieldFile)


@dataclass
class Category:
    key: str
    label: str  # lazy translation
    purpose: str
    legal_basis: str
    recipients: str
    # How long it is kept, as the privacy statement says it: a function of the municipality's
    # settings, e.g. lambda r: _("%(months)d months after ...") % {...}.
    retention_text: Callable[[Retention], str]
    # The retention settings this category reads (the statement test ties them to the page).
    retention_fields: tuple[str, ...] = ()
    due: Callable[[Callable[[int | None], Retention], date], Iterable[DueItem]] | None = None
    erase: Callable[[DueItem], dict] | None = None  # -> counts for the tombstone
    # Optional, for speed: a chunk of items at once -> {key: counts} (those it removed).
    erase_many: Callable[[list[DueItem]], dict] | None = None
    export: Callable[[object], list[ExportSection]] | None = None
    erase_for_user: Callable[[object], dict] | None = None  # -> counts removed
    kept_for_user: Callable[[object], list[str]] | None = None  # -> why each kept thing stays
    # Municipal records: never removed by retention, only through an approved destruction list.
    destruction_list: Callable[[Retention, date, int], list[dict]] | None = None
    destroy: Callable[[dict], dict] | None = None
    order: int = 100


_CATEGORIES: dict[str, Category] = {}


def register(category: Category) -> Category:
    """Idempotent: `ready()` may run more than once in tests."""
    _CATEGORIES[category.key] = category
    return category


def categories() -> list[Category]:
    return sorted(_CATEGORIES.values(), key=lambda c: (c.order, c.key))


def category(key: str) -> Category:
    return _CATEGORIES[key]


class LegalHolds:
    """Record keys that a layer above keeps under a legal duty: `held(category, keys)`."""

    def __init__(self):
        self._providers: list[Callable[[str, set], set]] = []

    def register(self, provider):
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def held(self, category_key: str, keys: set) -> set:
        found: set = set()
        for provider in self._providers:
            found |= set(provider(category_key, keys))
        return found


LEGAL_HOLDS = LegalHolds()


class Companions:
    """Rows a layer above keeps about records of a layer below (contracts' letters about an
    application): removed with them, in the same transaction, before them. A provider takes
    a list of keys and returns {key: counts}; `run` merges them per key."""

    def __init__(self):
        self._providers: dict[str, list[Callable[[list], dict]]] = {}

    def register(self, category_key: str, provider):
        providers = self._providers.setdefault(category_key, [])
        if provider not in providers:
            providers.append(provider)
        return provider

    def run(self, category_key: str, keys: list) -> dict:
        counts: dict = {}
        for provider in self._providers.get(category_key, []):
            for key, found in provider(keys).items():
                counts.setdefault(key, {}).update(found)
        return counts


COMPANIONS = Companions()
