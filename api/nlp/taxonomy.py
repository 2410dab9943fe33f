"""The IGLO taxonomy, read from its one data file (nlu_data/iglo/taxonomy.json)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property, lru_cache

from api.paths import PROJECT_ROOT

TAXONOMY_FILE = PROJECT_ROOT / "nlu_data" / "iglo" / "taxonomy.json"
UNPLACED = "P"
POLARITIES = ("demand", "resource")


@dataclass(frozen=True)
class Category:
    id: str
    level: str
    name: dict[str, str]
    about: dict[str, str]
    definition: dict[str, str]


@dataclass(frozen=True)
class Taxonomy:
    levels: tuple[str, ...]
    categories: tuple[Category, ...]

    @cached_property
    def category_ids(self) -> tuple[str, ...]:
        return tuple(category.id for category in self.categories)

    @cached_property
    def level_by_category(self) -> dict[str, str]:
        return {category.id: category.level for category in self.categories}

    @cached_property
    def _by_id(self) -> dict[str, Category]:
        return {category.id: category for category in self.categories}

    def level_of(self, category_id: str) -> str:
        if category_id == UNPLACED:
            return UNPLACED
        return self.by_id(category_id).level

    def by_id(self, category_id: str) -> Category:
        """Looked up for every score of every statement the classifier codes, hence the
        dictionary."""
        try:
            return self._by_id[category_id]
        except KeyError:
            raise KeyError(f"unknown IGLO category: {category_id!r}") from None


@lru_cache
def load_taxonomy() -> Taxonomy:
    data = json.loads(TAXONOMY_FILE.read_text(encoding="utf-8"))
    categories = tuple(
        Category(c["id"], c["level"], c["name"], c["about"], c["definition"])
        for c in data["categories"]
    )
    return Taxonomy(levels=tuple(level["id"] for level in data["levels"]), categories=categories)
