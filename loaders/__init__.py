"""Loaders turn source files into triples; this is their registry.

Each loader is one module in this package that defines LOADER, a Loader subclass. Adding a
format is adding a module: the registry discovers it, the CLI lists it and a test checks
that it is documented.
"""

from __future__ import annotations

import importlib
import pkgutil
from functools import cache

from sanctiongraph.errors import NotFoundError
from sanctiongraph.loaders.base import LoadContext, Loader, SourceInfo

__all__ = ["LoadContext", "Loader", "SourceInfo", "all_loaders", "get_loader", "loader_class"]

_NOT_LOADERS = {"base"}


@cache
def all_loaders() -> dict[str, type[Loader]]:
    """Every registered loader by name, discovered from this package's modules."""
    found: dict[str, type[Loader]] = {}
    for module_info in pkgutil.iter_modules(__path__):
        if module_info.name.startswith("_") or module_info.name in _NOT_LOADERS or module_info.ispkg:
            continue
        module = importlib.import_module(f"{__name__}.{module_info.name}")
        loader = getattr(module, "LOADER", None)
        if loader is None:
            continue
        if loader.name in found:
            raise RuntimeError(f"two loaders are named {loader.name!r}")
        found[loader.name] = loader
    return dict(sorted(found.items()))


def loader_class(name: str) -> type[Loader] | None:
    """The loader class registered under name, or None.

    A loader's module is usually named after it (un-xml in un_xml.py): that module alone is
    imported first, because importing every loader (the article loader brings trafilatura and
    the resolver) cost a `load` of one list about 0.3 s; any other name goes to the registry."""
    module_name = name.replace("-", "_")
    if module_name.isidentifier() and not module_name.startswith("_") and module_name not in _NOT_LOADERS:
        try:
            module = importlib.import_module(f"{__name__}.{module_name}")
        except ModuleNotFoundError as exc:
            if exc.name != f"{__name__}.{module_name}":  # the module exists and failed: say so
                raise
        else:
            loader = getattr(module, "LOADER", None)
            if loader is not None and loader.name == name:
                return loader
    return all_loaders().get(name)


def get_loader(name: str) -> Loader:
    """An instance of the loader registered under name."""
    loader = loader_class(name)
    if loader is None:
        raise NotFoundError(f"no loader named {name!r}; known loaders: {', '.join(all_loaders())}")
    return loader()
