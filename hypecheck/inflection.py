"""inflect's engine ("a" or "an", plurals), shared by the suggestions and the claims'
messages, imported once and cheaply."""

from __future__ import annotations

from functools import lru_cache


@lru_cache(maxsize=1)
def engine():
    """inflect's engine, for "a" or "an". inflect decorates its methods with typeguard's
    @typechecked, which rewrites and recompiles their source at import: 1.6 of the 1.7 s
    that `import inflect` takes, paid by every cold start that mends an article (the seed
    article: 3.2 s instead of 1.3 s). The checks only guard inflect's own argument types, so
    it is imported with the decorator as a no-op. When typeguard is not loaded yet, inflect
    gets a stand-in module holding only that no-op, taken away again after: importing
    typeguard itself (and the unittest.mock and asyncio it pulls in) cost about 20 ms of a
    cold start. typeguard itself is left as it was."""
    import sys

    if "inflect" not in sys.modules:
        def unchecked(target=None, **_):
            return target if target is not None else (lambda f: f)

        if "typeguard" in sys.modules:
            import typeguard

            checked = typeguard.typechecked
            typeguard.typechecked = unchecked
            try:
                import inflect
            finally:
                typeguard.typechecked = checked
        else:
            import types

            stand_in = types.ModuleType("typeguard")
            stand_in.typechecked = unchecked
            sys.modules["typeguard"] = stand_in
            try:
                import inflect
            finally:
                if sys.modules.get("typeguard") is stand_in:
                    del sys.modules["typeguard"]
    import inflect

    return inflect.engine()
