"""Project configuration: ``[tool.hypecheck]`` in pyproject.toml, or a ``.hypecheck.toml``.

The file is found by searching upward from the current directory to the filesystem root;
in each folder ``.hypecheck.toml`` wins over ``pyproject.toml``, and a pyproject.toml
without a ``[tool.hypecheck]`` table is passed over. ``--config PATH`` names a file
explicitly and ``--no-config`` ignores any.

Keys (all optional)::

    enable = ["superlative", "shouting.caps_headline"]   # rule ids or id prefixes
    disable = ["shouting.caps_headline"]
    fail_above = 40                                      # exit 1 above this score
    model = "en_core_web_sm"                             # spaCy pipeline ('blank' for none)

    [extra_terms]                                        # becomes rule '<category>.custom'
    hype_language = ["mega-viral", "unmissable"]

    [severity]                                           # rule id (or prefix) -> low/medium/high
    "superlative.absolute" = "high"

(in pyproject.toml the same keys sit under ``[tool.hypecheck]``,
``[tool.hypecheck.extra_terms]`` and ``[tool.hypecheck.severity]``).

Every mistake — an unknown key, a wrong type, an unknown rule id or category — is a
ConfigError naming the file and the key (exit 2). ``resolve`` is the one place where the
configuration and the command-line options become Analyzer arguments.
"""

from __future__ import annotations

import errno
import os
import stat
import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from .errors import ConfigError
from .findings import CATEGORIES, CATEGORY_DESCRIPTIONS, SEVERITIES
from .pipeline import SPANS_BY_DEFAULT
from .rules import Examples, Rule, builtin_rules

CONFIG_NAME = ".hypecheck.toml"
PYPROJECT = "pyproject.toml"
KEYS = ("enable", "disable", "extra_terms", "severity", "fail_above", "model", "learned")
CUSTOM_RULE = "custom"  # extra terms of category C become rule 'C.custom'
MAX_CONFIG_BYTES = 1_000_000  # far above any real configuration


@dataclass(frozen=True)
class Config:
    """A parsed, validated configuration file (or the empty default when there is none)."""

    path: Path | None = None
    table: str = ""  # where in the file the keys live: '' (top level) or 'tool.hypecheck'
    enable: tuple[str, ...] | None = None
    disable: tuple[str, ...] = ()
    extra_terms: dict[str, tuple[str, ...]] = field(default_factory=dict)
    severity: dict[str, str] = field(default_factory=dict)
    fail_above: int | None = None
    model: str | None = None
    learned: bool = SPANS_BY_DEFAULT

    def where(self, key: str | None = None) -> str:
        """'FILE' or "FILE: key 'tool.hypecheck.KEY'", for error messages."""
        if key is None:
            return str(self.path)
        dotted = f"{self.table}.{key}" if self.table else key
        # A key may hold any character: escaped, the message stays one line.
        dotted = "".join(c if c.isprintable() else repr(c)[1:-1] for c in dotted)
        return f"{self.path}: key '{dotted}'"


@dataclass(frozen=True)
class Settings:
    """What a run uses: the configuration merged with the command-line options."""

    analyzer_args: dict[str, Any]
    fail_above: int | None
    config: Config


# --- finding and reading the file -------------------------------------------------


def find_config(start: Path | None = None) -> Path | None:
    """The nearest .hypecheck.toml, or pyproject.toml with [tool.hypecheck], upward from start."""
    try:
        folder = (start or Path.cwd()).resolve()
    except OSError:  # the current folder was deleted: there is nothing upward to find
        return None
    for candidate in (folder, *folder.parents):
        own = candidate / CONFIG_NAME
        if _exists(own):
            return own
        pyproject = candidate / PYPROJECT
        if _is_file(pyproject) and _has_tool_table(pyproject):
            return pyproject
    return None


def _exists(path: Path) -> bool:
    """A file (or anything but a folder) is there, even one we cannot read: reading it
    then says why, rather than passing over a configuration the user meant."""
    try:
        return not stat.S_ISDIR(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _is_file(path: Path) -> bool:
    try:
        return stat.S_ISREG(os.stat(path).st_mode)
    except (OSError, ValueError):
        return False


def _has_tool_table(path: Path) -> bool:
    try:
        text = _read_bytes(path).decode("utf-8-sig", errors="replace")
    except ConfigError:
        return False
    try:
        data = tomllib.loads(text)
    except (tomllib.TOMLDecodeError, RecursionError):
        # A broken pyproject.toml that we cannot tell about is not ours to report,
        # unless it mentions us: then reading it gives the precise error.
        return "[tool.hypecheck" in text
    return isinstance(data.get("tool"), dict) and "hypecheck" in data["tool"]


def _read_bytes(path: Path) -> bytes:
    """The file's bytes, read no further than MAX_CONFIG_BYTES; only a regular file will do
    (a FIFO or a device such as /dev/zero would block or never end)."""
    from .reading import os_error_message

    try:
        # O_NONBLOCK: opening a FIFO with no writer would otherwise wait forever.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        if exc.errno == errno.ENOENT and not os.path.islink(path):
            raise ConfigError(f"{path}: no such configuration file") from None
        raise ConfigError(f"{path}: {os_error_message(exc, str(path))}") from None
    with os.fdopen(fd, "rb") as fh:
        mode = os.fstat(fd).st_mode
        if stat.S_ISDIR(mode):
            raise ConfigError(f"{path}: is a directory, expected a configuration file")
        if not stat.S_ISREG(mode):
            raise ConfigError(f"{path}: not a regular file (a configuration file must be one)")
        try:
            data = fh.read(MAX_CONFIG_BYTES + 1)
        except OSError as exc:
            raise ConfigError(f"{path}: cannot read ({exc.strerror or exc})") from None
    if len(data) > MAX_CONFIG_BYTES:
        raise ConfigError(f"{path}: over {MAX_CONFIG_BYTES:,} bytes, too large for a configuration file")
    return data


def load_config(path: str | Path) -> Config:
    """Read and validate one configuration file."""
    path = Path(path)
    try:
        text = _read_bytes(path).decode("utf-8-sig")  # a byte order mark is accepted
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not valid UTF-8") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    except RecursionError:
        raise ConfigError(f"{path}: not readable: its tables or arrays are nested too deeply") from None
    if path.name == PYPROJECT:
        tool = data.get("tool", {})
        if not isinstance(tool, dict) or "hypecheck" not in tool:
            raise ConfigError(f"{path}: has no [tool.hypecheck] table")
        table = tool["hypecheck"]
        if not isinstance(table, dict):
            raise ConfigError(f"{path}: [tool.hypecheck] must be a table")
        config = Config(path=path, table="tool.hypecheck")
    else:
        table, config = data, Config(path=path)
    return _parse(table, config)


def _parse(table: dict, config: Config) -> Config:
    unknown = [k for k in table if k not in KEYS]
    if unknown:
        raise ConfigError(f"{config.where(unknown[0])}: unknown key (known keys: {', '.join(KEYS)})")
    values: dict[str, Any] = {}
    for key in ("enable", "disable"):
        if key in table:
            values[key] = _string_list(table[key], config, key)
    if "fail_above" in table:
        value = table["fail_above"]
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 100:
            raise ConfigError(f"{config.where('fail_above')}: must be a whole number from 0 to 100")
        values["fail_above"] = value
    if "learned" in table:
        if not isinstance(table["learned"], bool):
            raise ConfigError(f"{config.where('learned')}: must be true or false")
        values["learned"] = table["learned"]
    if "model" in table:
        if not isinstance(table["model"], str) or not table["model"].strip():
            raise ConfigError(f"{config.where('model')}: must be a spaCy pipeline name (a string)")
        values["model"] = table["model"].strip()
    if "extra_terms" in table:
        terms = table["extra_terms"]
        if not isinstance(terms, dict):
            raise ConfigError(f"{config.where('extra_terms')}: must be a table of category = [terms]")
        extra = {}
        for category, words in terms.items():
            key = f"extra_terms.{category}"
            if category not in CATEGORIES:
                raise ConfigError(f"{config.where(key)}: unknown category (categories: {', '.join(CATEGORIES)})")
            extra[category] = _string_list(words, config, key)
        values["extra_terms"] = extra
    if "severity" in table:
        severities = table["severity"]
        if not isinstance(severities, dict):
            raise ConfigError(f"{config.where('severity')}: must be a table of \"rule id\" = \"low|medium|high\"")
        for rule_id, level in severities.items():
            if level not in SEVERITIES:
                raise ConfigError(f"{config.where(f'severity.{rule_id}')}: must be one of {', '.join(SEVERITIES)}")
        values["severity"] = dict(severities)
    config = replace(config, **values)
    # Rule ids are checked against the built-in rules plus this file's custom rules.
    known = [r.id for r in _rules(config)]
    for key in ("enable", "disable"):
        for prefix in getattr(config, key) or ():
            _check_rule_id(prefix, known, config.where(key))
    for rule_id in config.severity:
        _check_rule_id(rule_id, known, config.where(f"severity.{rule_id}"))
    return config


def _string_list(value: object, config: Config, key: str) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ConfigError(f"{config.where(key)}: must be a list of non-empty strings")
    return tuple(v.strip() for v in value)


def _matches(rule_id: str, prefix: str) -> bool:
    """The same prefix rule as hypecheck.rules.select."""
    return rule_id == prefix or rule_id.startswith(prefix.rstrip(".") + ".")


def _check_rule_id(prefix: str, known: list[str], where: str) -> None:
    if not any(_matches(rule_id, prefix) for rule_id in known):
        family = prefix.split(".")[0]
        close = [r for r in known if r.startswith(family)]
        hint = f" (rules in that family: {', '.join(close)})" if close else " (see `hypecheck rules`)"
        raise ConfigError(f"{where}: no rule matches {prefix!r}{hint}")


# --- turning the configuration into Analyzer arguments ------------------------------


def custom_rule(category: str, terms: tuple[str, ...], origin: str) -> Rule:
    """The phrase rule '<category>.custom' made from a configuration's extra terms."""
    kind = CATEGORY_DESCRIPTIONS[category][0].lower() + CATEGORY_DESCRIPTIONS[category][1:]
    return Rule(
        id=f"{category}.{CUSTOM_RULE}",
        category=category,
        severity="medium",
        description=f"Project-specific {category} terms from {origin}: {', '.join(terms)}.",
        message=f"'{{text}}' is on this project's list of {kind}.",
        rationale=f"The project's configuration ({origin}) lists these terms as {kind}.",
        examples=Examples(flag=terms, passes=()),
        phrases=terms,
    )


def _rules(config: Config) -> tuple[Rule, ...]:
    origin = config.path.name if config.path else "configuration"
    rules = list(builtin_rules())
    rules += [custom_rule(c, terms, origin) for c, terms in config.extra_terms.items() if terms]
    if config.severity:
        # The most specific entry wins: "superlative" = "low", "superlative.absolute" = "high".
        ordered = sorted(config.severity.items(), key=lambda item: len(item[0]))
        changed = []
        for rule in rules:
            for prefix, level in ordered:
                if _matches(rule.id, prefix):
                    rule = replace(rule, severity=level)
            changed.append(rule)
        rules = changed
    return tuple(sorted(rules, key=lambda r: r.id))


def _chosen_model(option: str | None, config: Config) -> tuple[str | None, str]:
    """The pipeline asked for and who asked: --model, then HYPECHECK_MODEL, then the file."""
    from .pipeline import ENV_VAR

    if option:
        return option, "--model"
    if os.environ.get(ENV_VAR):
        return os.environ[ENV_VAR], ENV_VAR
    return config.model, config.where("model")


def _split(values: list[str] | None) -> list[str] | None:
    """Repeatable and comma-separated options: ['a,b', 'c'] -> ['a', 'b', 'c']."""
    if not values:
        return None
    return [part.strip() for value in values for part in value.split(",") if part.strip()]


def resolve(
    config_path: str | Path | None = None,
    no_config: bool = False,
    *,
    enable: list[str] | None = None,
    disable: list[str] | None = None,
    model: str | None = None,
    fail_above: int | None = None,
    learned: bool | None = None,
    cwd: Path | None = None,
) -> Settings:
    """The configuration file (found, named or none) merged with command-line options.

    A command-line option replaces the file's value for the same key: ``--enable`` and
    ``--disable`` replace the file's lists, ``--model`` and ``--fail-above`` its values.
    The pipeline is chosen by ``--model``, then HYPECHECK_MODEL, then the file's ``model``.
    """
    if no_config:
        config = Config()
    elif config_path is not None:
        config = load_config(config_path)
    else:
        found = find_config(cwd)
        config = load_config(found) if found else Config()
    rules = _rules(config)
    known = [r.id for r in rules]
    enable, disable = _split(enable), _split(disable)
    for option, prefixes in (("--enable", enable), ("--disable", disable)):
        for prefix in prefixes or ():
            _check_rule_id(prefix, known, option)
    chosen_model, origin = _chosen_model(model, config)
    if chosen_model:
        from .pipeline import installed_name, is_installed

        if not is_installed(installed_name(chosen_model)):
            raise ConfigError(f"{origin}: spaCy pipeline {chosen_model!r} is not installed "
                              "(install it, or use 'blank')")
    return Settings(
        analyzer_args={
            "model": chosen_model,
            "enable": enable if enable is not None else (list(config.enable) if config.enable is not None else None),
            "disable": disable if disable is not None else list(config.disable),
            "rules": rules,
            "learned": learned if learned is not None else config.learned,
        },
        fail_above=fail_above if fail_above is not None else config.fail_above,
        config=config,
    )
