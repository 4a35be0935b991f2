"""The examples in the extractor's docstrings are specs: each module's doctests run here."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import extractors

MODULES = sorted(
    name for _, name, _ in pkgutil.walk_packages(extractors.__path__, prefix="extractors.")
)


@pytest.mark.parametrize("module_name", MODULES)
def test_docstring_examples(module_name: str) -> None:
    result = doctest.testmod(importlib.import_module(module_name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples failed in {module_name}"


def test_the_rules_carry_examples() -> None:
    attempted = sum(doctest.testmod(importlib.import_module(name)).attempted for name in MODULES)
    assert attempted >= 15
