"""Extension points: how a layer above adds to a page of a layer below, without the lower
layer importing it (docs/architecture.md, "Layers").

A lower layer declares a point and calls it while it builds the page::

    ROUND_PAGE = ContextExtension("round page")          # properties/extensions.py
    context.update(ROUND_PAGE.context(sales_round=...))  # properties/views.py

and a layer above registers a provider in its `AppConfig.ready()`::

    ROUND_PAGE.register(lottery_context)                 # applications/apps.py

Providers read and return template context; they never write (writes go through the services
of the layer that owns them, called from that layer's own views).

`Consequences` are the one kind of point whose providers write: a lower layer's service runs
them after what it just did, inside its transaction, and a layer above does its own part
through its own services in the same transaction (contracts issues the offer letter when
applications makes an offer; aftercare starts the obligations when contracts records the
transfer). Explicit calls, not Django signals: the service names the point, and its docstring
says what happens next.
"""

from collections.abc import Callable


class ContextExtension:
    """Template context that layers above add to one page of a layer below."""

    def __init__(self, name: str):
        self.name = name
        self._providers: list[Callable[..., dict]] = []

    def register(self, provider: Callable[..., dict]) -> Callable[..., dict]:
        """Add a provider (idempotent: `ready()` may run more than once in tests)."""
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def context(self, **kwargs) -> dict:
        """Every provider's context, merged in the order they were registered."""
        merged: dict = {}
        for provider in self._providers:
            merged.update(provider(**kwargs))
        return merged


class FirstAnswer:
    """A question a lower layer asks and the layers above may answer: the first provider that
    answers (returns something other than None) decides; with no answer, the caller's default.
    """

    def __init__(self, name: str):
        self.name = name
        self._providers: list[Callable[..., object]] = []

    def register(self, provider: Callable[..., object]) -> Callable[..., object]:
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def answer(self, default=None, **kwargs):
        for provider in self._providers:
            found = provider(**kwargs)
            if found is not None:
                return found
        return default


class Consequences:
    """What layers above do when something happens in a layer below, inside the same
    transaction (so both are written or neither). The lower layer declares the point and
    calls `run(...)` under its locks; a layer above registers a function in its
    `AppConfig.ready()`. Unlike context providers these write, but only through the upper
    layer's own services, and they must be idempotent (the lower layer's write path may be
    retried, and an upper layer may catch up on what happened before it was installed).
    """

    def __init__(self, name: str):
        self.name = name
        self._providers: list[Callable[..., object]] = []

    def register(self, provider: Callable[..., object]) -> Callable[..., object]:
        if provider not in self._providers:
            self._providers.append(provider)
        return provider

    def run(self, **kwargs) -> None:
        for provider in self._providers:
            provider(**kwargs)
