"""An installed kg (no checkout around it) finds its ontology, shapes and saved queries.

The customer's layout keeps ontology/, queries/ and data/ at the top of the repository, outside
the Python package; setup.py copies them into kg/_resources/ when the package is built. Here the
package is built exactly as a wheel's contents are (setup.py build_py) into a temporary folder
and run from there, away from the checkout.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT, run_kg


@pytest.fixture(scope="module")
def built_package(tmp_path_factory) -> Path:
    lib = tmp_path_factory.mktemp("wheel") / "lib"
    done = subprocess.run([sys.executable, "setup.py", "-q", "build_py", "--build-lib", str(lib)],
                          cwd=ROOT, capture_output=True, timeout=300)
    assert done.returncode == 0, done.stderr.decode()
    return lib


def _run_installed(lib: Path, *args: str, cwd: Path):
    env = dict(os.environ, PYTHONPATH=str(lib))
    env.pop("KG_HOME", None)
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True, timeout=300)


def test_the_built_package_carries_every_resource(built_package):
    resources = built_package / "kg" / "_resources"
    for name in ("ontology/kg.ttl", "ontology/topics.ttl", "ontology/context.jsonld",
                 "data/lexicons", "data/gazetteer"):
        assert (resources / name).exists(), name
    assert sorted(p.name for p in (resources / "queries").glob("*.rq")) == \
        sorted(p.name for p in (ROOT / "queries").glob("*.rq"))
    assert sorted(p.name for p in (resources / "ontology" / "shapes").iterdir()) == \
        sorted(p.name for p in (ROOT / "ontology" / "shapes").iterdir())


def test_installed_kg_reads_its_own_resources_not_the_checkout(built_package, tmp_path):
    done = _run_installed(built_package, "-c", "import kg.paths as p; print(p.ROOT)", cwd=tmp_path)
    assert done.returncode == 0, done.stderr.decode()
    assert done.stdout.decode().strip() == str(built_package / "kg" / "_resources")


def test_installed_kg_validates_and_queries_the_seed_store(built_package, seed_store_path, tmp_path):
    validated = _run_installed(built_package, "-m", "kg.cli", "validate", "--store", str(seed_store_path),
                               cwd=tmp_path)
    assert validated.returncode == 0, validated.stderr.decode()
    assert validated.stdout.decode().strip().endswith("conforms (6 graph(s) checked)")
    installed = _run_installed(built_package, "-m", "kg.cli", "query", "actors", "--store",
                               str(seed_store_path), "--format", "csv", cwd=tmp_path)
    from_checkout = run_kg("query", "actors", "--store", str(seed_store_path), "--format", "csv")
    assert installed.returncode == 0, installed.stderr.decode()
    assert installed.stdout == from_checkout.stdout
    assert installed.stdout.count(b"\n") > 40
