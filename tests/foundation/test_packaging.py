"""The wheel carries everything the app needs at run time: templates, static files, migrations, locales."""

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheel(tmp_path_factory):
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
                    str(ROOT)], check=True, capture_output=True, timeout=300)
    (path,) = out.glob("marketing_ai-*.whl")
    return path


def test_wheel_contains_package_data(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    expected = [
        "marketing_ai/migrations/0001_initial.py",
        "marketing_ai/templates/marketing_ai/admin/job_change_form.html",
        "marketing_ai/static/marketing_ai/admin.css",
        "marketing_ai/static/marketing_ai/admin_jobs.js",
        "marketing_ai/locale/zh_Hans/LC_MESSAGES/django.mo",
        "marketing_ai/locale/zh_Hans/LC_MESSAGES/django.po",
    ]
    missing = [name for name in expected if name not in names]
    assert not missing
    assert not any(name.startswith(("demo_shop/", "tests/", "bench/")) for name in names)


def test_wheel_metadata_declares_the_dependencies(wheel):
    archive = zipfile.ZipFile(wheel)
    metadata = archive.read(next(n for n in archive.namelist() if n.endswith("METADATA"))).decode()
    for requirement in ("Django<7,>=5.2", "django-q2", "djangorestframework", "implicit", "numpy", "scipy"):
        assert requirement in metadata
    assert "Provides-Extra: ml" in metadata


def test_wheel_installs_into_a_clean_venv(wheel, tmp_path):
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, timeout=120)
    python = venv / "bin" / "python"
    subprocess.run([str(python), "-m", "pip", "install", "-q", "--no-deps", "--no-index", str(wheel)], check=True,
                   capture_output=True, timeout=120)
    script = ("import importlib.util, pathlib; spec = importlib.util.find_spec('marketing_ai'); "
              "root = pathlib.Path(spec.origin).parent; "
              "print(all((root / p).exists() for p in ['migrations/0001_initial.py', 'templates/marketing_ai', "
              "'static/marketing_ai/admin.css', 'locale/zh_Hans/LC_MESSAGES/django.mo'])), print(root)")
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    result = subprocess.run([str(python), "-c", script], capture_output=True, text=True, cwd=tmp_path, timeout=60,
                            env=env)
    lines = result.stdout.split()
    assert lines[0] == "True" and str(venv) in lines[1], result.stderr
