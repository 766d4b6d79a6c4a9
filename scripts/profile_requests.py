"""Where one request's time goes, on a real uvicorn server: py-spy samples every thread of the
server (the event loop and the pool that runs sync handlers) while one kind of request is
sent one at a time, then prints the functions with the most samples (own and inclusive).

    python scripts/profile_requests.py                   # every request kind below
    python scripts/profile_requests.py --only me --count 2000 --top 40

Request kinds: ``me`` (GET /api/auth/me), ``plain`` and ``high`` (POST /api/contacts, plain
and high risk), ``voice`` (a signed Twilio voice webhook). SQLite in a temporary file.
py-spy needs ptrace (root, or ``kernel.yama.ptrace_scope=0``). Loopback only; bounded by
``--count``.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from twilio.request_validator import RequestValidator

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

from bench_alert_latency import HIGH, _seed
from local_server import free_port, server_pid, serving

TWILIO_TOKEN = "profile-auth-token"


def _requests(kind: str, base: str, token: str) -> tuple[str, str, dict[str, object]]:
    """(method, path, httpx keyword arguments) of one request of ``kind``."""
    auth = {"Authorization": f"Bearer {token}"}
    if kind == "me":
        return "GET", "/api/auth/me", {"headers": auth}
    if kind == "plain":
        return "POST", "/api/contacts", {"headers": auth, "json": {"channel": "chat"}}
    if kind == "high":
        return "POST", "/api/contacts", {"headers": auth,
                                         "json": {"channel": "voice", "risk_screen": HIGH}}
    raise ValueError(kind)


def _voice(i: int, base: str) -> dict[str, object]:
    form = {"CallSid": f"CA{i:032d}", "From": f"+86139{i % 10**8:08d}", "To": "+8610012356",
            "CallStatus": "ringing"}
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(f"{base}/twilio/voice", form)
    return {"data": form, "headers": {"X-Twilio-Signature": signature}}


def profile(kind: str, count: int, top: int, rate: int, raw: Path | None = None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        url = f"sqlite:///{tmp}/profile.db"
        tokens = _seed(url, 1)
        port = free_port()
        env = {"HOTLINE_DATABASE_URL": url, "HOTLINE_TWILIO_ACCOUNT_SID": "AC" + "0" * 32,
               "HOTLINE_TWILIO_AUTH_TOKEN": TWILIO_TOKEN,
               "HOTLINE_TWILIO_FROM_NUMBER": "+8610012356"}
        with serving(env, port) as base, httpx.Client(base_url=base, timeout=30) as client:
            def send(i: int) -> None:
                if kind == "voice":
                    r = client.post("/twilio/voice", **_voice(i, base))  # type: ignore[arg-type]
                else:
                    method, path, kwargs = _requests(kind, base, tokens["operator"])
                    r = client.request(method, path, **kwargs)  # type: ignore[arg-type]
                assert r.status_code < 300, r.text

            for i in range(50):  # warm caches and the pool
                send(i)
            out = Path(tmp) / "samples.txt"
            spy = subprocess.Popen(
                [str(Path(sys.executable).parent / "py-spy"), "record", "--pid",
                 str(server_pid(port)), "--rate", str(rate), "--format", "raw", "--output",
                 str(out), "--nonblocking"], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            time.sleep(1)
            started = time.perf_counter()
            for i in range(50, 50 + count):
                send(i)
            elapsed = time.perf_counter() - started
            spy.send_signal(2)
            spy.wait(timeout=30)
        if raw is not None:  # the samples kept, e.g. for a flame graph
            raw.parent.mkdir(parents=True, exist_ok=True)
            raw.write_text(out.read_text())
        _print(kind, out.read_text(), top, elapsed / count * 1000)


def _print(kind: str, raw: str, top: int, per_request_ms: float) -> None:
    own: collections.Counter[str] = collections.Counter()
    inclusive: collections.Counter[str] = collections.Counter()
    total = 0
    for line in raw.splitlines():
        stack, _, n = line.rpartition(" ")
        frames = [f for f in stack.split(";") if "(" in f]
        if not frames or not n.isdigit():  # a line py-spy cut short when stopped
            continue
        total += int(n)
        own[_short(frames[-1])] += int(n)
        for frame in {_short(f) for f in frames}:
            inclusive[frame] += int(n)
    print(f"== {kind}: {per_request_ms:.2f} ms per request from the client, "
          f"{total} busy samples on the server")
    print("  own time:")
    for frame, n in own.most_common(top):
        print(f"    {100 * n / total:5.1f}%  {frame}")
    print("  inclusive (our code):")
    ours = [(f, n) for f, n in inclusive.most_common() if "hotline/" in f or "operator_ui/" in f]
    for frame, n in ours[:top]:
        print(f"    {100 * n / total:5.1f}%  {frame}")


def _short(frame: str) -> str:
    name, _, where = frame.partition(" (")
    path = where.rstrip(")").replace(str(ROOT) + "/", "")
    for marker in ("site-packages/", "lib/python3.11/"):
        path = path.split(marker)[-1]
    return f"{name} ({path})"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--only", nargs="*", default=["me", "plain", "high", "voice"])
    parser.add_argument("--count", type=int, default=500)
    parser.add_argument("--top", type=int, default=25)
    parser.add_argument("--rate", type=int, default=2000, help="py-spy samples per second")
    parser.add_argument("--raw", type=Path, metavar="DIR",
                        help="keep py-spy's collapsed stacks there, one file per kind")
    args = parser.parse_args()
    for kind in args.only:
        profile(kind, args.count, args.top, args.rate,
                None if args.raw is None else args.raw / f"{kind}.txt")


if __name__ == "__main__":
    main()
