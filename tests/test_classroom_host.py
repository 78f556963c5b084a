"""The `host` command as a teacher runs it: killed mid-turn, resumed, then the debrief."""

from __future__ import annotations

import asyncio
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp

ROOT = Path(__file__).resolve().parent.parent


def start_host(*args: str) -> tuple[subprocess.Popen, dict[str, str], str]:
    """Run `autonomy-game host ... --no-window --port 0`; returns the process, the codes
    (seat -> code, plus "teacher") and the address, read from what it prints."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src"), "PYTHONUNBUFFERED": "1"}
    proc = subprocess.Popen([sys.executable, "-m", "autonomy_game", "host", *args,
                             "--no-window", "--port", "0"], cwd=ROOT, env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    codes: dict[str, str] = {}
    url = ""
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        if m := re.match(r"Groups open (\S+) ", line):
            url = m.group(1)
        elif m := re.match(r"\s+([A-Z]{2})\s+([A-Z0-9]+)$", line):
            codes[m.group(1)] = m.group(2)
        elif m := re.search(r"\(code ([A-Z0-9]+)\)", line):
            codes["teacher"] = m.group(1)
        elif line.startswith("Autosaves") and "teacher" in codes:
            break
    assert url and "teacher" in codes, "the host did not announce itself"
    return proc, codes, url


async def ask(url: str, code: str, requests: list[dict]) -> dict:
    """Join with `code`, send `requests` one by one (each must be accepted), return the
    last view."""
    view: dict = {}
    async with aiohttp.ClientSession() as http, http.ws_connect(url + "ws") as ws:
        await ws.send_str(json.dumps({"type": "hello", "code": code, "id": 0}))
        pending = 0
        for k, request in enumerate([None, *requests]):
            if request is not None:
                await ws.send_str(json.dumps({**request, "id": k}))
            pending = k
            while True:
                data = json.loads((await ws.receive(timeout=20)).data)
                if data["type"] == "view":
                    view = data["view"]
                elif data.get("id") == pending:
                    assert data["type"] == "ack", data
                    break
        await asyncio.sleep(0.2)
        while True:
            try:
                data = json.loads((await ws.receive(timeout=0.3)).data)
            except asyncio.TimeoutError:
                break
            if data["type"] == "view":
                view = data["view"]
    return view


def test_a_host_killed_mid_turn_resumes_with_the_same_codes_seats_and_log(tmp_path):
    saves = tmp_path / "class"
    proc, codes, url = start_host("tutorial", "--teams", "DE,PL", "--seed", "4",
                                  "--saves", str(saves))
    try:
        asyncio.run(ask(url, codes["teacher"], [{"type": "start"},
                                                {"type": "advance", "force": True}]))
        view = asyncio.run(ask(url, codes["PL"], [
            {"type": "message", "to": ["DE"], "text": "<script>alert(1)</script> deal?"}]))
        assert view["phase"] == "council"
        asyncio.run(ask(url, codes["teacher"], [{"type": "news", "text": "Summit moved"}]))
        time.sleep(3)  # the host saves a changed phase every 2 s
    finally:
        proc.send_signal(signal.SIGKILL)  # the laptop crashes mid-turn
        proc.wait(10)
    assert list(saves.glob("*.class.json")), "no class autosave was written"

    proc, again, url = start_host("--resume", "--saves", str(saves))
    try:
        assert again == codes
        view = asyncio.run(ask(url, codes["DE"], []))
        assert view["seat"] == "DE" and view["phase"] == "council" and view["turn"] == 1
        assert [e["text"] for e in view["log"]] == ["<script>alert(1)</script> deal?",
                                                    "Summit moved"]
        console = asyncio.run(ask(url, codes["teacher"], [{"type": "advance", "force": True}]))
        assert console["phase"] == "orders"
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(10)

    newest = max(saves.glob("*.class.json"), key=lambda p: p.stat().st_mtime)
    out = tmp_path / "debrief.html"
    done = subprocess.run([sys.executable, "-m", "autonomy_game", "report", str(newest),
                           "--out", str(out)], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")}, timeout=120)
    assert done.returncode == 0, done.stderr
    page = out.read_text()
    assert "Messages, news and injects" in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; deal?" in page and "<script>" not in page
    assert "Summit moved" in page
