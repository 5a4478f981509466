#!/usr/bin/env python3
"""Faults amane must survive without losing an acknowledged answer (issue 12, finding 20).

  kill      SIGKILL `amane serve` (SQLite) in the middle of answer bursts, ROUNDS times: after each restart every
            answer the server acknowledged (`accepted`) is in the game's results, and SQLite's
            `PRAGMA integrity_check` says ok.
  postgres  PostgreSQL stopped for a few seconds under load, then started again: `/healthz` answers 503 while it
            is down and 200 again after, without restarting amane, and every acknowledged answer is stored.
            Stops and starts the local cluster with pg_ctlcluster: run it on a machine of your own.

Usage: python3 bench/faults.py kill [ROUNDS] [PLAYERS]          (defaults 100 30)
       python3 bench/faults.py postgres [PLAYERS]               (default 30)
Environment: AMANE_BIN (default target/release/amane, else target/debug/amane); for `postgres`,
AMANE_FAULT_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/test) and PG_CLUSTER (default "15 main").
Needs the `websockets` package (pip install websockets). Prints one line per round and a summary.
"""

import asyncio
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.request

import websockets

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
BIN = os.environ.get("AMANE_BIN") or next(
    p for p in (os.path.join(ROOT, "target/release/amane"), os.path.join(ROOT, "target/debug/amane"))
    if os.path.exists(p)
)
PASSWORD = "a long enough password"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def amane(*args, stdin=None):
    r = subprocess.run([BIN, "--lang", "en", *args], input=stdin, capture_output=True, text=True)
    if r.returncode != 0:
        raise SystemExit(f"amane {' '.join(args)}: {r.stderr}")
    return r.stdout.strip().splitlines()[-1] if r.stdout.strip() else ""


class Server:
    def __init__(self, db_args):
        self.db_args = db_args
        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.proc = subprocess.Popen(
            [BIN, "--lang", "en", "serve", "--bind", f"127.0.0.1:{self.port}", *db_args],
            stdout=subprocess.DEVNULL, stderr=open(os.environ.get("FAULTS_SERVER_LOG", os.devnull), "a"),
        )
        deadline = time.time() + 30
        while time.time() < deadline:
            if health(self.url) == 200:
                return
            time.sleep(0.05)
        raise SystemExit("the server did not start")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.terminate()
        self.proc.wait()


def health(url):
    try:
        with urllib.request.urlopen(f"{url}/healthz", timeout=5) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code
    except Exception:
        return 0


def api(server, token, path, body=None):
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(f"{server.url}{path}", data=data, method="POST" if body is not None else "GET")
    req.add_header("Authorization", f"Bearer {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    with urllib.request.urlopen(req, timeout=30) as r:
        return json.loads(r.read())


def answer_for(q):
    kind, i = q["kind"], q["index"]
    if kind in ("single", "multiple"):
        return {"v": 1, "type": "answer", "question": i, "choices": [0]}
    if kind == "true_false":
        return {"v": 1, "type": "answer", "question": i, "value": True}
    if kind == "short_answer":
        return {"v": 1, "type": "answer", "question": i, "text": "motdepasse"}
    return {"v": 1, "type": "answer", "question": i, "taps": [0, 1]}


async def frame(ws, kind, timeout=10):
    while True:
        m = json.loads(await asyncio.wait_for(ws.recv(), timeout))
        if m.get("type") == kind:
            return m
        if m.get("type") == "error":
            raise RuntimeError(m)


async def join(server, pin, nickname):
    ws = await websockets.connect(server.url.replace("http://", "ws://") + "/live/ws", max_size=2**20)
    await ws.send(json.dumps({"v": 1, "type": "join", "pin": pin, "nickname": nickname, "lang": "fr"}))
    await frame(ws, "welcome")
    return ws


async def burst(server, token, players, questions, on_answers_sent=None):
    """A game of `questions` questions; every player answers each. Returns (game id, acknowledged answers per
    question). `on_answers_sent` runs once the answers of the first question are on the wire (the fault)."""
    g = api(server, token, "/api/v1/live", {"module": "phishing", "audience": "12-14", "count": questions})
    socks = [await join(server, g["pin"], f"Joueur-{n}") for n in range(players)]
    acked = {}

    async def play(ws, q):
        await ws.send(json.dumps(answer_for(q)))
        try:
            await frame(ws, "accepted", timeout=5)
            acked[q["index"]] = acked.get(q["index"], 0) + 1
        except Exception:
            pass

    try:
        for qi in range(questions):
            # `next` first closes a question still open, then opens the next one.
            while api(server, token, f"/api/v1/live/{g['id']}/next", {})["status"] != "open":
                pass
            qs = [await frame(ws, "question") for ws in socks]
            tasks = [asyncio.create_task(play(ws, q)) for ws, q in zip(socks, qs)]
            if qi == 0 and on_answers_sent:
                await asyncio.sleep(random.uniform(0, 0.02))
                await on_answers_sent()
            await asyncio.gather(*tasks)
    finally:
        for ws in socks:
            try:
                await ws.close()
            except Exception:
                pass
    return g["id"], acked


def answered(server, token, game):
    r = api(server, token, f"/api/v1/live/{game}/results")
    return {i: q.get("answered", 0) for i, q in enumerate(r["questions"])}


def kill_rounds(rounds, players):
    data = tempfile.mkdtemp(prefix="amane-faults-")
    args = ["--data-dir", data]
    amane("migrate", *args)
    amane("admin", "create-user", *args, "--email", "fac@example.ma", "--role", "facilitator", stdin=PASSWORD + "\n")
    token = amane("admin", "token", *args, "--email", "fac@example.ma")
    server = Server(args)
    lost = 0
    damaged = 0
    started = time.time()
    for n in range(1, rounds + 1):
        victim = server

        async def fault():
            victim.kill()

        game, acked = asyncio.run(burst(server, token, players, 1, fault))
        server = Server(args)
        stored = answered(server, token, game).get(0, 0)
        missing = max(0, acked.get(0, 0) - stored)
        lost += missing
        con = sqlite3.connect(os.path.join(data, "amane.db"))
        ok = con.execute("PRAGMA integrity_check").fetchone()[0]
        con.close()
        print(f"round {n}: {acked.get(0, 0)} acknowledged, {stored} stored, {missing} lost, integrity {ok}", flush=True)
        damaged += ok != "ok"
    server.stop()
    print(f"SUMMARY kill: {rounds} SIGKILLs during answer bursts of {players} players: "
          f"{lost} acknowledged answers lost, {damaged} failed integrity checks, in {time.time() - started:.0f} s",
          flush=True)
    return 1 if lost or damaged else 0


def postgres(players):
    url = os.environ.get("AMANE_FAULT_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/test")
    schema = f"faults_{int(time.time())}"
    subprocess.run(["psql", url, "-qc", f"CREATE SCHEMA {schema}"], check=True)
    db = f"{url}{'&' if '?' in url else '?'}options=-c%20search_path%3D{schema}"
    cluster = os.environ.get("PG_CLUSTER", "15 main").split()
    args = ["--database-url", db]
    amane("migrate", *args)
    amane("admin", "create-user", *args, "--email", "fac@example.ma", "--role", "facilitator", stdin=PASSWORD + "\n")
    token = amane("admin", "token", *args, "--email", "fac@example.ma")
    server = Server(args)
    statuses = []

    async def outage():
        subprocess.run(["pg_ctlcluster", *cluster, "stop", "-m", "fast"], check=True)
        t0 = time.time()
        while time.time() - t0 < 6:
            statuses.append(health(server.url))
            await asyncio.sleep(0.2)
        subprocess.run(["pg_ctlcluster", *cluster, "start"], check=True)

    try:
        game, acked = asyncio.run(burst(server, token, players, 3, outage))
        t0 = time.time()
        while health(server.url) != 200 and time.time() - t0 < 60:
            time.sleep(0.2)
        recovered = time.time() - t0
        stored = answered(server, token, game)
        lost = sum(max(0, a - stored.get(i, 0)) for i, a in acked.items())
        down = sum(1 for s in statuses if s == 503)
        print(f"healthz while PostgreSQL was down: {down} of {len(statuses)} polls answered 503; "
              f"200 again {recovered:.1f} s after it was back, the same amane process")
        print(f"acknowledged per question {acked}, stored {stored}")
        print(f"SUMMARY postgres: {lost} acknowledged answers lost; a second game after recovery:", end=" ")
        _, after = asyncio.run(burst(server, token, players, 1))
        print(f"{after.get(0, 0)} of {players} answers acknowledged")
        return 1 if lost or down == 0 or after.get(0, 0) != players else 0
    finally:
        subprocess.run(["pg_ctlcluster", *cluster, "start"], capture_output=True)
        server.stop()


if __name__ == "__main__":
    what = sys.argv[1] if len(sys.argv) > 1 else "kill"
    if what == "kill":
        sys.exit(kill_rounds(int(sys.argv[2]) if len(sys.argv) > 2 else 100,
                             int(sys.argv[3]) if len(sys.argv) > 3 else 30))
    if what == "postgres":
        sys.exit(postgres(int(sys.argv[2]) if len(sys.argv) > 2 else 30))
    sys.exit(__doc__)
