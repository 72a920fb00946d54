"""Claimdesk -> real tool -> Claimdesk: our export imported through the tool's API, the
tool's own export downloaded, and that file imported back into a fresh Claimdesk database.

Label Studio resolves `completed_by` by e-mail among its users, so the users our export
names are created first. doccano makes new examples owned by whoever imports, so each
annotator's file of our .zip is imported by that annotator (a project member)."""

from __future__ import annotations

import json
import time
import zipfile
from pathlib import Path

from clients import Doccano, LabelStudio

from desktop.core.export import ExportOptions, export
from desktop.core.export.label_studio import config_path
from desktop.core.store import Store


def ls_users(tasks: list[dict]) -> set[str]:
    return {a["completed_by"]["email"] for t in tasks for a in t["annotations"]
            if isinstance(a.get("completed_by"), dict)}  # fmt: skip


def to_label_studio(ls: LabelStudio, store: Store, folder: Path, title: str) -> int:
    """Export -f label-studio, create its users and a project with its config, import."""
    tasks_path = folder / "claimdesk_tasks.json"
    # every prediction, the imported 0.4 too: a move to another tool keeps them all
    export(store, "label-studio", tasks_path,
           ExportOptions(with_suggestions=True, suggestion_threshold=0.0))  # fmt: skip
    for email in sorted(ls_users(json.loads(tasks_path.read_text(encoding="utf-8")))):
        ls.ensure_user(email)
    project = ls.create_project(title, config_path(tasks_path).read_text(encoding="utf-8"))
    ls.import_tasks(project, tasks_path)
    return project


def from_label_studio(ls: LabelStudio, project: int, folder: Path) -> dict[str, Path]:
    """The Export button's JSON and JSON_MIN, and a snapshot with full users and predictions."""
    out = {fmt: ls.export(project, fmt, folder / f"ls_{fmt.lower()}.json") for fmt in ("JSON", "JSON_MIN")}
    snap = ls.post(f"/api/projects/{project}/exports", json={"title": "claimdesk", "serialization_options": {
        "predictions": {"only_id": False}, "annotations__completed_by": {"only_id": False}}})  # fmt: skip
    for _ in range(600):
        if ls.get(f"/api/projects/{project}/exports/{snap['id']}")["status"] == "completed":
            break
        time.sleep(0.2)
    for fmt in ("JSON", "JSON_MIN"):
        r = ls.http.get(f"{ls.url}/api/projects/{project}/exports/{snap['id']}/download",
                        params={"exportType": fmt}, timeout=3600)  # fmt: skip
        r.raise_for_status()
        out[f"snapshot {fmt}"] = folder / f"ls_snapshot_{fmt.lower()}.json"
        out[f"snapshot {fmt}"].write_bytes(r.content)
    return out


def to_doccano(admin: Doccano, store: Store, folder: Path, name: str,
               logins: dict[str, Doccano]) -> int:  # fmt: skip
    """Export -f doccano as a .zip; each member's file imported by that member."""
    zpath = folder / "claimdesk_doccano.zip"
    export(store, "doccano", zpath)
    project = admin.create_project(name)
    with zipfile.ZipFile(zpath) as z:
        for member in sorted(z.namelist()):
            who = member.rsplit(".", 1)[0]
            client = logins.get(who, admin)
            if client is not admin:
                admin.add_member(project, who)
            path = folder / f"in_{member}"
            path.write_bytes(z.read(member))
            client.import_jsonl(project, path)
    return project
