"""Scenarios: everything that decides a score, a tier and a gate, named, versioned and shared.

A scenario answers two questions with two scores. The *expansion* score ranks markets on what the
market itself offers — capacity, the housing pipeline, whitespace, competitive openness, the local
price level, purchasing power — so that a region scores the same whether or not we already sell
there (up to what our own units take out of its whitespace); tiers follow it. The *push* score ranks
the markets we serve by how we do there — our share, our growth, our attainment of plan.

Shipped presets (analysis/presets/*.toml) cover the common questions; a person's scenarios are kept
in the store as documents (collection "scenario", TOML text), each edit a new version with who and
when, and every page, export, report and command scores with the one chosen.
"""

from __future__ import annotations

import dataclasses
import tomllib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import numpy as np

from analysis import config
from analysis.methods.capacity import ASSUMPTION_PRESETS, CapacityAssumptions

METHODS = ("minmax", "zscore")
TIER_RULES = ("quantile", "threshold", "pareto")
DIRECTIONS = ("benefit", "cost")
ALL = "all"  # the scenario's category when it looks at every product category together
COLLECTION = "scenario"  # where the store keeps scenarios
DEFAULT_NAME = "expansion"

# Expansion: what the market offers, the same for served and unserved regions.
EXPANSION_CANDIDATES = {
    "whitespace_units": "benefit",
    "pipeline_per_1000hh": "benefit",
    "capacity_units": "benefit",
    "competitor_hhi": "cost",  # competitive openness: a market one rival holds is hard to enter
    "competitor_price": "benefit",  # local price level: room for a brand's own price
    "income_per_capita": "benefit",  # purchasing power
    "bpi": "benefit",
}
# Where to push: how we do, for the regions we serve.
PUSH_CANDIDATES = {"our_share": "benefit", "yoy_growth": "benefit", "attainment": "benefit", "price_index": "cost"}

# Product categories as data name them → the capacity preset that fits them.
CATEGORY_PRESETS = {
    "净水器": "water_purifier",
    "净水": "water_purifier",
    "water purifier": "water_purifier",
    "water_purifier": "water_purifier",
    "热水器": "water_heater",
    "water heater": "water_heater",
    "water_heater": "water_heater",
    "软水机": "water_softener",
    "water softener": "water_softener",
    "water_softener": "water_softener",
}
DEFAULT_CAPACITY = "water_purifier"  # data without a category is read as one category of this kind


@dataclass(frozen=True)
class Category:
    """A product category that reads in the reader's language when a text holding it is rendered."""

    name: str

    def render(self, lang: str) -> str:
        return category_label(self.name, lang)


def category_label(category: str, lang: str) -> str:
    """A product category in `lang`: the catalog's name of a known kind, else the name as the data writes it.

    >>> category_label("净水器", "en"), category_label("water heater", "zh"), category_label("空气净化器", "en")
    ('Water purifier', '热水器', '空气净化器')
    """
    from analysis.i18n import t

    if category == ALL:
        return t("scoring.category.all", lang)
    preset = CATEGORY_PRESETS.get(str(category).strip().lower())
    return t(f"scoring.category.{preset}", lang) if preset else str(category)


@dataclass(frozen=True)
class Criterion:
    """One scoring criterion: a feature column, whether more is better, and its weight.

    Attributes
    ----------
    name : str
        A column of the feature table.
    direction : {"benefit", "cost"}
        "benefit": more is better; "cost": less is better.
    weight : float
        Non-negative; weights are scaled to sum to 1 when scoring.
    """

    name: str
    direction: str = "benefit"
    weight: float = 1.0

    def __post_init__(self) -> None:
        if self.direction not in DIRECTIONS:
            raise ValueError(f"criterion {self.name!r}: direction must be one of {DIRECTIONS}, got {self.direction!r}")
        if not np.isfinite(self.weight) or self.weight < 0:
            raise ValueError(f"criterion {self.name!r}: weight must be finite and non-negative, got {self.weight!r}")
        object.__setattr__(self, "weight", float(self.weight))


@dataclass(frozen=True)
class SellInAssumptions:
    """Expected sell-in: capacity × attainable share × range coverage of the region's tier.

    The field practice: A markets carry the full range and order ahead, B markets stock at least
    70 % of the range, C markets at least 50 %. Held regions plan nothing.
    """

    attainable_share: float = 0.15
    coverage_a: float = 1.0
    coverage_b: float = 0.70
    coverage_c: float = 0.50

    def __post_init__(self) -> None:
        for name in ("attainable_share", "coverage_a", "coverage_b", "coverage_c"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"sell-in {name} must lie in [0, 1], got {value!r}")

    def coverage(self) -> dict[str, float]:
        """Range coverage per tier, "hold" included (0)."""
        return {"A": self.coverage_a, "B": self.coverage_b, "C": self.coverage_c, "hold": 0.0}


@dataclass(frozen=True)
class GateRule:
    """The field guide's gate: no housing built or planned in the next three years → don't open there.

    The pipeline is the homes under construction in the reference year plus those planned for the
    three years after it. Only markets we do not serve yet are held; a served market whose pipeline
    is at or below the minimum gets a "pipeline drying up" flag instead.

    Attributes
    ----------
    enabled : bool
    minimum : float
        A region is held when its pipeline is at or below this.
    per_1000_households : bool
        Whether `minimum` counts homes per 1,000 households (else homes).
    unknown_holds : bool
        Whether a region without any housing data is held (default: open, shown as unknown).
    """

    enabled: bool = True
    minimum: float = 0.0
    per_1000_households: bool = False
    unknown_holds: bool = False

    def __post_init__(self) -> None:
        if not np.isfinite(self.minimum) or self.minimum < 0:
            raise ValueError(f"gate minimum must be finite and non-negative, got {self.minimum!r}")
        object.__setattr__(self, "minimum", float(self.minimum))


def _criteria(candidates: Mapping[str, str], weights: Mapping[str, float]) -> tuple[Criterion, ...]:
    return tuple(Criterion(name, candidates[name], weight) for name, weight in weights.items())


EXPANSION_CRITERIA = _criteria(
    EXPANSION_CANDIDATES,
    {
        "whitespace_units": 0.25,
        "pipeline_per_1000hh": 0.20,
        "capacity_units": 0.20,
        "competitor_hhi": 0.15,
        "competitor_price": 0.10,
        "income_per_capita": 0.10,
    },
)
PUSH_CRITERIA = _criteria(PUSH_CANDIDATES, {"our_share": 0.4, "yoy_growth": 0.3, "attainment": 0.3})


@dataclass(frozen=True)
class Market:
    """What region features depend on in a scenario: the product category and capacity assumptions.

    Features are cached on this, so changing a weight or a tier rule never rebuilds them.
    """

    category: str = ALL
    capacity: tuple[tuple[str, CapacityAssumptions], ...] = ()

    def assumptions(self, category: str) -> CapacityAssumptions:
        """The capacity assumptions of a product category: the scenario's own, else the category's preset.

        >>> Market().assumptions("热水器").penetration, Market().assumptions("").penetration
        (0.9, 0.35)
        """
        own = dict(self.capacity)
        if category in own:
            return own[category]
        preset = CATEGORY_PRESETS.get(str(category).strip().lower(), DEFAULT_CAPACITY)
        return ASSUMPTION_PRESETS[preset]


@dataclass(frozen=True)
class Scenario:
    """Everything that decides a score and a tier; frozen, so it hashes as a cache key.

    Attributes
    ----------
    name, description : str
    category : str
        The product category scored ("all" for every category together).
    criteria : tuple of Criterion
        The expansion score (market-side criteria only); names unique, a positive weight.
    push_criteria : tuple of Criterion
        The "where to push" score of served regions (may be empty).
    ahp : tuple of float, optional
        The pairwise judgements (upper triangle, in `criteria` order) the weights came from.
    method : {"minmax", "zscore"}
    goalposts : tuple of (criterion, lo, hi), optional
        Fixed min-max reference values (read with `goalpost`).
    tier_rule : {"quantile", "threshold", "pareto"}
    a_share, b_share, a_min, b_min, pareto_a, pareto_b : float
        The tier rule's parameters.
    gate : GateRule
    sell_in : SellInAssumptions
    capacity : tuple of (category, CapacityAssumptions)
        Capacity assumptions per category that differ from the category's preset.
    """

    name: str = DEFAULT_NAME
    description: str = ""
    category: str = ALL
    criteria: tuple[Criterion, ...] = EXPANSION_CRITERIA
    push_criteria: tuple[Criterion, ...] = PUSH_CRITERIA
    ahp: tuple[float, ...] | None = None
    method: str = "minmax"
    goalposts: tuple | None = None
    tier_rule: str = "quantile"
    a_share: float = 0.2
    b_share: float = 0.3
    a_min: float = 0.6
    b_min: float = 0.4
    pareto_a: float = 0.8
    pareto_b: float = 0.95
    gate: GateRule = field(default_factory=GateRule)
    sell_in: SellInAssumptions = field(default_factory=SellInAssumptions)
    capacity: tuple[tuple[str, CapacityAssumptions], ...] = ()

    def __post_init__(self) -> None:
        for attr in ("criteria", "push_criteria"):
            value = tuple(c if isinstance(c, Criterion) else Criterion(**c) for c in getattr(self, attr))
            object.__setattr__(self, attr, value)
            names = [c.name for c in value]
            if len(set(names)) != len(names):
                raise ValueError(f"{attr} names must be unique, got {names}")
        if not self.criteria:
            raise ValueError("a scenario needs at least one criterion")
        if not sum(c.weight for c in self.criteria) > 0:
            raise ValueError("at least one criterion weight must be positive")
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {METHODS}, got {self.method!r}")
        if self.tier_rule not in TIER_RULES:
            raise ValueError(f"tier_rule must be one of {TIER_RULES}, got {self.tier_rule!r}")
        if self.a_share < 0 or self.b_share < 0 or self.a_share + self.b_share > 1:
            raise ValueError(f"need a_share, b_share ≥ 0 with a sum ≤ 1, got {self.a_share}, {self.b_share}")
        if self.a_min < self.b_min:
            raise ValueError(f"a_min must be at least b_min, got {self.a_min} < {self.b_min}")
        if not 0 < self.pareto_a <= self.pareto_b <= 1:
            raise ValueError(f"need 0 < pareto_a ≤ pareto_b ≤ 1, got {self.pareto_a}, {self.pareto_b}")
        names = [c.name for c in self.criteria]
        goalposts = self.goalposts
        if isinstance(goalposts, Mapping):
            goalposts = tuple(sorted((str(k), float(lo), float(hi)) for k, (lo, hi) in goalposts.items()))
        elif goalposts is not None:
            goalposts = tuple(sorted((str(k), float(lo), float(hi)) for k, lo, hi in goalposts))
        if goalposts:
            unknown = sorted({k for k, _, _ in goalposts} - set(names))
            if unknown:
                raise ValueError(f"goalposts name unknown criteria {unknown}; criteria are {names}")
            if self.method != "minmax":
                raise ValueError("goalposts apply to min-max only, not to z-scores")
            if any(not hi > lo for _, lo, hi in goalposts):
                raise ValueError("goalposts must satisfy lo < hi")
        object.__setattr__(self, "goalposts", goalposts or None)
        if self.ahp is not None:
            object.__setattr__(self, "ahp", tuple(float(v) for v in self.ahp))
        for attr, kind in (("gate", GateRule), ("sell_in", SellInAssumptions)):
            if isinstance(getattr(self, attr), Mapping):
                object.__setattr__(self, attr, kind(**getattr(self, attr)))
        if isinstance(self.capacity, Mapping):
            object.__setattr__(self, "capacity", tuple(sorted(self.capacity.items())))
        capacity = tuple(
            (str(c), a if isinstance(a, CapacityAssumptions) else CapacityAssumptions(**a)) for c, a in self.capacity
        )
        object.__setattr__(self, "capacity", tuple(sorted(capacity, key=lambda pair: pair[0])))

    @property
    def weights(self) -> dict[str, float]:
        """Expansion criterion → weight, as given (not yet scaled to 1)."""
        return {c.name: c.weight for c in self.criteria}

    @property
    def push_weights(self) -> dict[str, float]:
        """Push criterion → weight, as given."""
        return {c.name: c.weight for c in self.push_criteria}

    def goalpost(self, name: str) -> tuple[float, float] | None:
        """The fixed (lo, hi) of a criterion, or None."""
        return next(((lo, hi) for k, lo, hi in self.goalposts or () if k == name), None)

    def with_weights(self, weights: Mapping[str, float]) -> Scenario:
        """A copy with new expansion weights for the criteria named in `weights` (others keep theirs)."""
        criteria = tuple(dataclasses.replace(c, weight=float(weights.get(c.name, c.weight))) for c in self.criteria)
        return dataclasses.replace(self, criteria=criteria)

    @property
    def market(self) -> Market:
        """The part of the scenario that the region features depend on."""
        return Market(self.category, self.capacity)


# ------------------------------------------------------------------------------------------- TOML


def _toml_value(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_toml_value(v) for v in value) + "]"
    return repr(float(value)) if isinstance(value, float) else str(value)


_SCALARS = ("name", "description", "category", "method", "tier_rule", "a_share", "b_share", "a_min", "b_min",
            "pareto_a", "pareto_b")  # fmt: skip


def to_toml(scenario: Scenario) -> str:
    """The TOML text of a scenario, as `from_toml` reads it back unchanged.

    >>> from_toml(to_toml(Scenario(name="mine"))) == Scenario(name="mine")
    True
    """
    lines = [f"{key} = {_toml_value(getattr(scenario, key))}" for key in _SCALARS]
    if scenario.ahp is not None:
        lines.append(f"ahp = {_toml_value(list(scenario.ahp))}")
    for table, value in (("gate", scenario.gate), ("sell_in", scenario.sell_in)):
        lines.append(f"\n[{table}]")
        lines += [f"{f.name} = {_toml_value(getattr(value, f.name))}" for f in dataclasses.fields(value)]
    if scenario.goalposts:
        lines.append("\n[goalposts]")
        lines += [f"{k} = {_toml_value([lo, hi])}" for k, lo, hi in scenario.goalposts]
    for category, assumptions in scenario.capacity:
        lines.append(f"\n[capacity.{_toml_value(category)}]")
        for f in dataclasses.fields(assumptions):
            value = getattr(assumptions, f.name)
            lines.append(f"{f.name} = {_toml_value(list(value) if isinstance(value, tuple) else value)}")
    for table, criteria in (("criteria", scenario.criteria), ("push_criteria", scenario.push_criteria)):
        for c in criteria:
            lines += [
                f"\n[[{table}]]",
                f"name = {_toml_value(c.name)}",
                f"direction = {_toml_value(c.direction)}",
                f"weight = {_toml_value(c.weight)}",
            ]
    return "\n".join(lines) + "\n"


def from_dict(data: Mapping) -> Scenario:
    """A Scenario from the dict form of its TOML.

    Raises
    ------
    ValueError
        On an unknown key or an invalid value, naming it.
    """
    data = dict(data)
    known = {f.name for f in dataclasses.fields(Scenario)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise ValueError(f"unknown scenario key(s) {unknown}; known keys: {sorted(known)}")
    try:
        for key in ("criteria", "push_criteria"):
            if key in data:
                data[key] = tuple(Criterion(**c) for c in data[key])
        if "gate" in data:
            data["gate"] = GateRule(**data["gate"])
        if "sell_in" in data:
            data["sell_in"] = SellInAssumptions(**data["sell_in"])
        if "capacity" in data:
            data["capacity"] = tuple((c, CapacityAssumptions(**a)) for c, a in data["capacity"].items())
    except TypeError as exc:
        raise ValueError(f"scenario: {exc}") from exc
    for key, allowed in (("criteria", EXPANSION_CANDIDATES), ("push_criteria", PUSH_CANDIDATES)):
        unknown = [c.name for c in data.get(key, ()) if c.name not in allowed]
        if unknown:
            raise ValueError(f"{key}: unknown criterion {unknown}; one of {sorted(allowed)}")
    return Scenario(**data)


def from_toml(text: str) -> Scenario:
    """Read a scenario from its TOML text.

    Raises
    ------
    ValueError
        If the text is not valid TOML or not a valid scenario (the problem named).
    """
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(f"not valid TOML: {exc}") from exc
    return from_dict(data)


# ---------------------------------------------------------------------------------- presets, store


PRESET_ORDER = ("expansion", "defend_and_grow", "balanced")


@lru_cache(maxsize=1)
def _shipped() -> tuple[Scenario, ...]:
    found = [from_toml(path.read_text(encoding="utf-8")) for path in Path(config.PRESETS_DIR).glob("*.toml")]
    rank = {name: i for i, name in enumerate(PRESET_ORDER)}
    return tuple(sorted(found, key=lambda s: (rank.get(s.name, len(rank)), s.name)))


def presets() -> dict[str, Scenario]:
    """The shipped scenarios (analysis/presets/*.toml) by name, the default first."""
    return {scenario.name: scenario for scenario in _shipped()}


def load_file(path: str | Path) -> Scenario:
    """A scenario from a TOML file.

    Raises
    ------
    ValueError
        On invalid content; OSError when the file cannot be read.
    """
    path = Path(path)
    try:
        return from_toml(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path}: {exc}") from exc


def names(store=None) -> list[str]:
    """Every scenario one can pick: the presets, then the ones saved in `store`."""
    shipped = list(presets())
    saved = [] if store is None else [n for n in store.documents(COLLECTION)["name"].tolist() if n not in shipped]
    return shipped + sorted(saved)


def load(name: str, store=None, version: int | None = None) -> Scenario:
    """The scenario called `name`: saved in `store` (its newest version, or `version`), else a preset.

    A saved scenario with a preset's name overrides the preset.

    Raises
    ------
    ValueError
        When there is no scenario of that name (the known names listed).
    """
    if store is not None:
        body = store.document(COLLECTION, name, version)
        if body is not None:
            return from_toml(body)
    shipped = presets()
    if name in shipped and version is None:
        return shipped[name]
    raise ValueError(f"no scenario named {name!r}; known: {', '.join(names(store))}")


def find(spec: str, store=None) -> Scenario:
    """The scenario a command line names: a TOML file (a path ending in .toml), else a name as `load` finds it.

    Raises
    ------
    ValueError
        On an unknown name or an invalid file; OSError when the file cannot be read.
    """
    if spec.lower().endswith(".toml"):
        return load_file(spec)
    return load(spec, store)


def save(store, scenario: Scenario, user: str | None = None) -> int:
    """Save `scenario` in the store under its name as a new version; the version number."""
    return store.put_document(COLLECTION, scenario.name, to_toml(scenario), user=user)


def delete(store, name: str, user: str | None = None) -> None:
    """Delete a saved scenario (its versions stay and can be restored)."""
    if store.document(COLLECTION, name) is None:
        raise ValueError(f"no saved scenario named {name!r}")
    store.delete_document(COLLECTION, name, user=user)


def candidates(kind: str) -> Sequence[str]:
    """The criteria a score of `kind` ("expansion" or "push") may use."""
    return list(EXPANSION_CANDIDATES if kind == "expansion" else PUSH_CANDIDATES)
