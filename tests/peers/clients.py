"""Thin HTTP clients for the real Label Studio and doccano servers (their documented REST
APIs), used by the peer tests and `make bench-peers`. Only what those need."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import requests

LS_TOKEN = "0123456789abcdef0123456789abcdef01234567"  # a throwaway server's legacy token


class PeerError(RuntimeError):
    pass


def _ok(r: requests.Response) -> requests.Response:
    if r.status_code >= 400:
        raise PeerError(f"{r.request.method} {r.url}: {r.status_code} {r.text[:500]}")
    return r


class LabelStudio:
    def __init__(self, url: str = "http://127.0.0.1:18080", token: str = LS_TOKEN) -> None:
        self.url = url.rstrip("/")
        self.http = requests.Session()
        self.http.headers["Authorization"] = f"Token {token}"

    def get(self, path: str, **kw) -> Any:
        return _ok(self.http.get(self.url + path, timeout=600, **kw)).json()

    def post(self, path: str, **kw) -> Any:
        return _ok(self.http.post(self.url + path, timeout=3600, **kw)).json()

    def create_project(self, title: str, label_config: str) -> int:
        return self.post("/api/projects", json={"title": title, "label_config": label_config})["id"]

    def import_tasks(self, project: int, tasks: list[dict] | Path) -> dict:
        """Tasks as a list (JSON body) or a .json file (multipart upload)."""
        path = f"/api/projects/{project}/import?commit_to_project=true"
        if isinstance(tasks, Path):
            with open(tasks, "rb") as f:
                return self.post(path, files={"file": (tasks.name, f, "application/json")})
        return self.post(path, json=tasks)

    def tasks(self, project: int) -> list[dict]:
        out, page = [], 1
        while True:
            r = self.http.get(f"{self.url}/api/tasks", params={"project": project, "page": page,
                              "page_size": 500, "fields": "all"}, timeout=600)  # fmt: skip
            if r.status_code == 404:
                return out
            body = _ok(r).json()
            batch = body.get("tasks", body) if isinstance(body, dict) else body
            out.extend(batch)
            if len(batch) < 500:
                return out
            page += 1

    def export(self, project: int, fmt: str, target: Path) -> Path:
        r = _ok(self.http.get(f"{self.url}/api/projects/{project}/export",
                              params={"exportType": fmt, "download_all_tasks": "true"},
                              timeout=3600))  # fmt: skip
        target.write_bytes(r.content)
        return target

    def users(self) -> list[dict]:
        return self.get("/api/users")

    def ensure_user(self, email: str, first_name: str = "") -> int:
        for u in self.users():
            if u["email"] == email:
                return u["id"]
        return self.post("/api/users", json={"email": email, "username": email,
                                             "first_name": first_name})["id"]  # fmt: skip


class Doccano:
    def __init__(self, url: str = "http://127.0.0.1:18000", user: str = "admin",
                 password: str = "peerpass1") -> None:  # fmt: skip
        self.url = url.rstrip("/")
        self.http = requests.Session()
        r = _ok(self.http.post(f"{self.url}/v1/auth/login/",
                               json={"username": user, "password": password}, timeout=60))
        self.http.headers["Authorization"] = f"Token {r.json()['key']}"
        self.http.cookies.clear()  # token auth only: a session cookie would demand CSRF tokens

    def get(self, path: str, **kw) -> Any:
        return _ok(self.http.get(self.url + path, timeout=600, **kw)).json()

    def post(self, path: str, **kw) -> Any:
        return _ok(self.http.post(self.url + path, timeout=600, **kw)).json()

    def create_project(self, name: str, *, collaborative: bool = False) -> int:
        return self.post("/v1/projects", json={
            "name": name, "description": "Claimdesk peer check", "project_type": "SequenceLabeling",
            "resourcetype": "SequenceLabelingProject", "collaborative_annotation": collaborative,
            "allow_overlapping": True, "guideline": "",
        })["id"]  # fmt: skip

    def add_member(self, project: int, user: str, role: str = "project_admin") -> None:
        users = {u["username"]: u["id"] for u in self.get("/v1/users", params={"q": user})}
        roles = {r["name"]: r["id"] for r in self.get("/v1/roles")}
        self.post(f"/v1/projects/{project}/members", json={"user": users[user], "role": roles[role]})

    def _wait(self, task_id: str, timeout: float = 3600) -> dict:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            status = self.get(f"/v1/tasks/status/{task_id}")
            if status.get("ready"):
                if status.get("error"):
                    raise PeerError(f"doccano task failed: {status['error']}")
                return status
            time.sleep(0.2)
        raise PeerError(f"doccano task {task_id} did not finish in {timeout} s")

    def import_jsonl(self, project: int, path: Path, label_column: str = "label") -> dict:
        with open(path, "rb") as f:
            r = _ok(self.http.post(f"{self.url}/v1/fp/process/",
                                   files={"filepond": (path.name, f, "application/octet-stream")},
                                   timeout=3600))  # fmt: skip
        upload_id = r.text.strip()
        task = self.post(f"/v1/projects/{project}/upload", json={
            "uploadIds": [upload_id], "format": "JSONL", "task": "SequenceLabeling",
            "column_data": "text", "column_label": label_column, "delimiter": "",
            "encoding": "utf_8",
        })["task_id"]  # fmt: skip
        return self._wait(task)

    def examples(self, project: int) -> list[dict]:
        out, offset = [], 0
        while True:
            page = self.get(f"/v1/projects/{project}/examples", params={"limit": 200, "offset": offset})
            out.extend(page["results"])
            if not page.get("next"):
                return out
            offset += 200

    def spans(self, project: int, example: int) -> list[dict]:
        return self.get(f"/v1/projects/{project}/examples/{example}/spans")

    def span_types(self, project: int) -> list[dict]:
        return self.get(f"/v1/projects/{project}/span-types")

    def export_zip(self, project: int, target: Path, fmt: str = "JSONL") -> Path:
        task = self.post(f"/v1/projects/{project}/download",
                         json={"format": fmt, "exportApproved": False})["task_id"]  # fmt: skip
        self._wait(task)
        r = _ok(self.http.get(f"{self.url}/v1/projects/{project}/download",
                              params={"taskId": task}, timeout=3600))  # fmt: skip
        target.write_bytes(r.content)
        return target
