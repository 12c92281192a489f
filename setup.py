"""Ship the ontology, shapes, saved queries, lexicons and gazetteer inside the wheel.

They live at the top of the checkout (the customer's layout: ``ontology/``, ``queries/``,
``data/``); a plain ``pip install`` would leave them behind, so the build copies them into
``kg/_resources/``, where ``kg.paths`` finds them when no checkout is around.
"""

from pathlib import Path
import shutil

from setuptools import setup
from setuptools.command.build_py import build_py

RESOURCES = ("ontology", "queries", "data/lexicons", "data/gazetteer")


class build_py_with_resources(build_py):
    def run(self):
        super().run()
        here = Path(__file__).resolve().parent
        target = Path(self.build_lib) / "kg" / "_resources"
        for name in RESOURCES:
            source = here / name
            if source.is_dir():
                shutil.copytree(source, target / name, dirs_exist_ok=True,
                                ignore=shutil.ignore_patterns("__pycache__", "*.pyc"))


setup(cmdclass={"build_py": build_py_with_resources})
