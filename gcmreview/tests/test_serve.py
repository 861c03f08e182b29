"""`gcmreview serve` runs the web server and a task worker together and stops both on Ctrl-C."""

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").iterdir():
        children = (task / "children").read_text().split()
        found.update(int(c) for c in children)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split()[2]
    except FileNotFoundError:
        return False
    return state != "Z"


def test_serve_answers_http_with_a_worker_beside_it_and_ctrl_c_stops_both(tmp_path):
    env = {**os.environ, "GCMREVIEW_DATA_DIR": str(tmp_path)}
    env.pop("DATABASE_URL", None)
    cli = [sys.executable, "-m", "gcmreview.cli"]
    subprocess.run([*cli, "migrate", "-v0"], env=env, check=True)
    subprocess.run([*cli, "demo"], env=env, check=True, capture_output=True)
    port = _free_port()
    server = subprocess.Popen(
        [*cli, "serve", "--port", str(port)], env=env,
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/ar/p/arab-region-2024/") as r:
                    assert r.status == 200
                    assert 'dir="rtl"' in r.read().decode()
                break
            except OSError:
                assert time.monotonic() < deadline, "the server did not answer in 30 s"
                time.sleep(0.3)
        workers = _children(server.pid)
        assert workers, "no task worker was started"
        server.send_signal(signal.SIGINT)
        assert server.wait(timeout=30) == 0
        time.sleep(0.5)
        assert not [pid for pid in workers if _alive(pid)]
    finally:
        if server.poll() is None:
            server.kill()
