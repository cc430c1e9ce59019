"""Reading hypecheck's YAML data files (rules, lexicons) strictly and safely."""

from __future__ import annotations

from functools import lru_cache

from ..errors import ConfigError


@lru_cache(maxsize=1)
def _yaml_loader():
    """A safe loader where only true/false are booleans.

    YAML 1.1 reads on, off, yes and no as booleans, which silently turns the word lists
    of token patterns ({LOWER: {IN: [on, off]}}) into True/False.
    """
    import re

    import yaml

    # libyaml's parser when the wheel has it: the pure-Python one costs a quarter second
    # of start-up on the rule files.
    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class RuleLoader(base):
        def construct_mapping(self, node, deep=False):
            # A key given twice would silently keep the last value: refuse it instead.
            seen = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if key in seen:
                    raise yaml.constructor.ConstructorError(
                        None, None, f"key {key!r} given twice", key_node.start_mark
                    )
                seen.add(key)
            return super().construct_mapping(node, deep=deep)

    RuleLoader.yaml_implicit_resolvers = {
        key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:bool"]
        for key, resolvers in base.yaml_implicit_resolvers.items()
    }
    RuleLoader.add_implicit_resolver(
        "tag:yaml.org,2002:bool", re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"), list("tTfF")
    )
    return RuleLoader


def load_yaml(text: str, where: str):
    """The data of a YAML document; a ConfigError naming the line when it is not valid."""
    import yaml

    try:
        return yaml.load(text, Loader=_yaml_loader())  # noqa: S506 - a SafeLoader subclass
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        at = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        problem = getattr(exc, "problem", None) or exc.__class__.__name__
        raise ConfigError(f"{where}: not valid YAML{at} ({problem})") from None
