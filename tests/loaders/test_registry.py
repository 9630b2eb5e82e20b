"""The loader registry: a name finds its loader without importing every loader module."""

from __future__ import annotations

import subprocess
import sys

import pytest

from sanctiongraph.errors import NotFoundError
from sanctiongraph.loaders import all_loaders, get_loader, loader_class


@pytest.mark.parametrize("name", sorted(all_loaders()))
def test_every_registered_name_finds_the_registrys_loader(name: str) -> None:
    assert loader_class(name) is all_loaders()[name]
    assert type(get_loader(name)) is all_loaders()[name]


@pytest.mark.parametrize("name", ["no-such-loader", "base", "_xml", "articles", "un xml", "UN-XML", ""])
def test_a_name_no_loader_has_finds_none(name: str) -> None:
    assert loader_class(name) is None
    with pytest.raises(NotFoundError, match="known loaders"):
        get_loader(name)


def test_finding_a_list_loader_leaves_the_article_loader_unimported() -> None:
    """The article loader brings trafilatura and the resolver: a list load does not need them."""
    code = (
        "import sys; from sanctiongraph.loaders import get_loader; get_loader('un-xml').name; "
        "print(sorted(m for m in sys.modules if m.startswith(('trafilatura', 'sanctiongraph.loaders.article'))))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"
