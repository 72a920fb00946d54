"""How each tool's own UI counts offsets: draw one span after an emoji in Label Studio's and
doccano's annotation pages (headless Chromium), then read what the server stored.

Found with Label Studio 1.23.2 and doccano 1.8.4: the span "Ships 🚢 waited outside
Reykjavík" starts at JavaScript (UTF-16) index 40; Label Studio stored 39-71 (code points,
as Python counts), doccano stored 40-73 (UTF-16 code units). The importers and exporters
follow that (span_labels.py, export/doccano.py); tests/core/test_interop_real.py keeps the
files these spans came from.

Needs the servers running (servers.py, e.g. during `make test-peers`), Chromium and its
driver (`apt-get install chromium chromium-driver`), and selenium + requests in some
virtualenv (not the project's): `python -m venv /tmp/claimdesk-peers/browser &&
/tmp/claimdesk-peers/browser/bin/pip install selenium requests`, then
`/tmp/claimdesk-peers/browser/bin/python tests/peers/ui_offsets.py`.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import requests
from selenium import webdriver
from selenium.webdriver.chrome.options import Options
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.action_chains import ActionChains
from selenium.webdriver.common.by import By

TEXT = "Markets 📉 fell on Friday, Ólafur said. Ships 🚢 waited outside Reykjavík."
SPAN = "Ships 🚢 waited outside Reykjavík"
LS, DOCCANO = "http://127.0.0.1:18080", "http://127.0.0.1:18000"
LS_TOKEN = "0123456789abcdef0123456789abcdef01234567"  # as in clients.py
PASSWORD = "peerpass1"  # as in servers.py
# the labelling config our `-f label-studio` export writes (verified, conflicting, unsupported...)
CONFIG = (Path(__file__).parents[1] / "core/fixtures_interop/real_label_studio_config.xml").read_text()

# Select SPAN in the last text node holding it (the labelling view, not a preview table).
SELECT = """
const want = arguments[0];
const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
let node, last = null;
while ((node = walker.nextNode())) { if (node.data.includes(want)) last = node; }
if (!last) throw new Error('no text node holds ' + want);
const i = last.data.indexOf(want);
const range = document.createRange();
range.setStart(last, i); range.setEnd(last, i + want.length);
const sel = window.getSelection(); sel.removeAllRanges(); sel.addRange(range);
"""


def browser() -> webdriver.Chrome:
    opts = Options()
    for arg in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1400,1000"):
        opts.add_argument(arg)
    opts.binary_location = "/usr/bin/chromium"
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=opts)


def wait_for(d: webdriver.Chrome, text: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if d.execute_script("return document.body.innerText.includes(arguments[0])", text):
            time.sleep(2)  # let the labelling widget finish its own rendering
            return
        time.sleep(1)
    raise RuntimeError(f"the page never showed {text!r}")


def report(tool: str, js: list[int], start: int, end: int) -> None:
    units = TEXT.encode("utf-16-le")
    way = ("code points (Python)" if TEXT[start:end] == SPAN else
           "UTF-16 units (JavaScript)" if units[2 * start : 2 * end].decode("utf-16-le") == SPAN
           else "neither")  # fmt: skip
    print(f"{tool}: selected JS [{js[0]}, {js[1]}), stored {start}-{end}: {way}")


def label_studio(d: webdriver.Chrome) -> None:
    h = {"Authorization": f"Token {LS_TOKEN}"}
    project = requests.post(f"{LS}/api/projects", headers=h, timeout=60,
                            json={"title": "ui offsets", "label_config": CONFIG}).json()["id"]  # fmt: skip
    requests.post(f"{LS}/api/projects/{project}/import", headers=h, json=[{"data": {"text": TEXT}}],
                  timeout=60).raise_for_status()  # fmt: skip
    tasks = requests.get(f"{LS}/api/tasks", headers=h, params={"project": project}, timeout=60).json()
    task = (tasks["tasks"] if isinstance(tasks, dict) else tasks)[0]["id"]
    d.get(f"{LS}/user/login/")
    d.find_element(By.NAME, "email").send_keys("admin@example.org")
    d.find_element(By.NAME, "password").send_keys(PASSWORD)
    d.find_element(By.CSS_SELECTOR, "button[type=submit], input[type=submit]").click()
    time.sleep(2)
    d.get(f"{LS}/projects/{project}/data?task={task}")
    wait_for(d, SPAN)
    ActionChains(d).send_keys("3").perform()  # the hotkey of the third label, unsupported
    time.sleep(0.5)
    js = d.execute_script(SELECT + """
      last.parentElement.dispatchEvent(new MouseEvent('mousedown', {bubbles: true}));
      last.parentElement.dispatchEvent(new MouseEvent('mouseup', {bubbles: true}));
      return [i, i + want.length];""", SPAN)  # fmt: skip
    time.sleep(1)
    d.execute_script("""const b = [...document.querySelectorAll('button')]
        .find(b => b.textContent.trim() === 'Submit'); b && b.click();""")
    time.sleep(3)
    (ann,) = requests.get(f"{LS}/api/tasks/{task}/annotations", headers=h, timeout=60).json()
    (region,) = ann["result"]
    report("Label Studio", js, region["value"]["start"], region["value"]["end"])


def doccano(d: webdriver.Chrome) -> None:
    s = requests.Session()
    key = s.post(f"{DOCCANO}/v1/auth/login/", json={"username": "admin", "password": PASSWORD},
                 timeout=60).json()["key"]  # fmt: skip
    api = requests.Session()
    api.headers["Authorization"] = f"Token {key}"
    project = api.post(f"{DOCCANO}/v1/projects", timeout=60, json={
        "name": "ui offsets", "description": "-", "project_type": "SequenceLabeling",
        "resourcetype": "SequenceLabelingProject", "guideline": "", "allow_overlapping": True,
    }).json()["id"]  # fmt: skip
    api.post(f"{DOCCANO}/v1/projects/{project}/span-types", timeout=60, json={
        "text": "unsupported", "background_color": "#c8453c", "text_color": "#ffffff"})  # fmt: skip
    example = api.post(f"{DOCCANO}/v1/projects/{project}/examples", json={"text": TEXT, "meta": {}},
                       timeout=60).json()["id"]  # fmt: skip
    d.get(f"{DOCCANO}/favicon.ico")  # a page of the site, so its cookies can be set
    for name in ("sessionid", "csrftoken"):  # the UI posts with the session and its CSRF token
        if s.cookies.get(name):
            d.add_cookie({"name": name, "value": s.cookies.get(name), "path": "/"})
    d.get(f"{DOCCANO}/projects/{project}/sequence-labeling?page=1")
    wait_for(d, "Ólafur")
    d.execute_script("""const chip = [...document.querySelectorAll('.v-chip')]
        .find(e => e.textContent.trim() === 'unsupported'); chip.click();""")
    time.sleep(1)
    js = d.execute_script(SELECT + """
      document.getElementById('container').dispatchEvent(new MouseEvent('click', {bubbles: true}));
      return [i, i + want.length];""", SPAN)  # v-annotator reads the selection on click
    time.sleep(2)
    (span,) = api.get(f"{DOCCANO}/v1/projects/{project}/examples/{example}/spans", timeout=60).json()
    report("doccano", js, span["start_offset"], span["end_offset"])


def main() -> int:
    d = browser()
    try:
        label_studio(d)
        doccano(d)
    finally:
        d.quit()
    return 0


if __name__ == "__main__":
    sys.exit(main())
