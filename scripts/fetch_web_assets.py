#!/usr/bin/env python3
"""Fetch the map's web libraries from the npm registry, verified, into explorer/assets/vendor/.

Each package of explorer/assets/web-packages.json is downloaded as its published tarball, checked
against the pinned integrity hash (the registry's ``dist.integrity``, SRI sha512), and only
the listed files are unpacked. No Node.js needed. Already present and verified: nothing to do.
The npm registry can be replaced with NPM_REGISTRY (a mirror).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MANIFEST = ROOT / "explorer" / "assets" / "web-packages.json"
VENDOR = ROOT / "explorer" / "assets" / "vendor"
REGISTRY = os.environ.get("NPM_REGISTRY", "https://registry.npmjs.org").rstrip("/")


def main() -> int:
    packages = json.loads(MANIFEST.read_text(encoding="utf-8"))["packages"]
    for package in packages:
        target = VENDOR / package["name"]
        stamp = target / ".integrity"
        if stamp.exists() and stamp.read_text().strip() == package["integrity"]:
            continue
        data = download(package)
        verify(package, data)
        unpack(package, data, target)
        stamp.write_text(package["integrity"] + "\n")
        print(f"fetched {package['name']}@{package['version']} (integrity verified)")
    return 0


def download(package: dict) -> bytes:
    name, version = package["name"], package["version"]
    url = f"{REGISTRY}/{name}/-/{name.split('/')[-1]}-{version}.tgz"
    with urllib.request.urlopen(url, timeout=60) as response:
        return response.read()


def verify(package: dict, data: bytes) -> None:
    algorithm, _, expected = package["integrity"].partition("-")
    actual = base64.b64encode(hashlib.new(algorithm, data).digest()).decode()
    if actual != expected:
        raise SystemExit(
            f"{package['name']}@{package['version']}: integrity mismatch "
            f"(expected {package['integrity']}, got {algorithm}-{actual}); refusing to install"
        )


def unpack(package: dict, data: bytes, target: Path) -> None:
    shutil.rmtree(target, ignore_errors=True)
    wanted = package["files"]
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as archive:
        for member in archive.getmembers():
            relative = member.name.split("/", 1)[1] if "/" in member.name else member.name
            if not member.isfile() or not any(
                relative == w or (w.endswith("/") and relative.startswith(w)) for w in wanted
            ):
                continue
            destination = (target / relative).resolve()
            if not destination.is_relative_to(target.resolve()):
                raise SystemExit(f"{package['name']}: unsafe path in tarball: {member.name}")
            destination.parent.mkdir(parents=True, exist_ok=True)
            extracted = archive.extractfile(member)
            assert extracted is not None
            destination.write_bytes(extracted.read())


if __name__ == "__main__":
    sys.exit(main())
