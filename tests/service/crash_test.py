#!/usr/bin/env python3
"""Crash test of `writ serve`: kill -9 under load, restart, nothing acknowledged is lost.

Usage: crash_test.py WRIT_BINARY [--kills N] [--postgres-url-file FILE]

Starts the real server on a fresh store (SQLite in a temporary directory, or a fresh
database of the PostgreSQL test server), then runs client threads that submit decisions
continuously, each with its own Idempotency-Key. A request that gets no answer (the server
died) is retried with the same key and the same body once the server is back, so every key
ends acknowledged at most once. The server is killed with SIGKILL N times at random moments
and restarted on the same store. At the end every acknowledged decision id must be readable
(GET /v1/decisions/{id}), a retried key must have come back with the same id when it had
been acknowledged before, and `writ log verify` must exit 0.
"""
import argparse
import http.client
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
import uuid

HOME = os.environ.get("WRIT_HOME") or os.path.abspath(
    os.path.join(os.path.dirname(__file__), "..", ".."))
CASE = open(os.path.join(HOME, "examples", "cases", "doc-honor-robbery.json"), "rb").read()


def fail(msg):
    print("crash_test: FAIL: " + msg, file=sys.stderr)
    sys.exit(1)


class Server:
    """One `writ serve` process at a time over the same store."""

    def __init__(self, binary, store, key_dir, log_path):
        self.binary, self.store, self.key_dir = binary, store, key_dir
        self.log = open(log_path, "ab")
        self.proc = None
        self.port = None
        self.token = None
        self.starts = 0

    def start(self):
        cmd = [self.binary, "--home", HOME, "serve", "--listen", "127.0.0.1:0", "--store",
               self.store, "--key-dir", self.key_dir, "--threads", "16"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=self.log)
        deadline = time.time() + 30
        while time.time() < deadline:
            line = self.proc.stdout.readline().decode()
            if not line:
                fail("writ serve exited before listening (see its log)")
            if line.strip().startswith("writ_"):
                self.token = line.strip()
            m = re.match(r"writ serve: http://127\.0\.0\.1:(\d+)/", line)
            if m:
                self.port = int(m.group(1))
                self.starts += 1
                # Keep draining stdout so the server never blocks on a full pipe.
                threading.Thread(target=self.proc.stdout.read, daemon=True).start()
                return
        fail("writ serve did not start within 30 s")

    def kill(self):
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()

    def stop(self):
        self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.kill()


class Load:
    """Client threads submitting decisions until told to stop."""

    def __init__(self, server, threads):
        self.server = server
        self.acked = {}  # Idempotency-Key -> decision id
        self.lock = threading.Lock()
        self.stopping = threading.Event()
        self.errors = []
        self.retried_after_failure = 0
        self.threads = [threading.Thread(target=self.run, args=(i,), daemon=True)
                        for i in range(threads)]

    def post(self, key):
        c = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=10)
        try:
            c.request("POST", "/v1/decisions", body=CASE, headers={
                "Authorization": "Bearer " + self.server.token,
                "Content-Type": "application/json", "Idempotency-Key": key})
            r = c.getresponse()
            return r.status, r.read()
        finally:
            c.close()

    def run(self, n):
        key = None
        while not self.stopping.is_set():
            if key is None:
                key = f"crash-{n}-{uuid.uuid4().hex}"
            try:
                status, body = self.post(key)
            except (OSError, http.client.HTTPException):
                # The server is down or died mid-request: retry this key once it is back.
                self.retried_after_failure += 1
                time.sleep(0.02)
                continue
            if 200 <= status < 300:
                d = json.loads(body)
                with self.lock:
                    if key in self.acked and self.acked[key] != d["id"]:
                        self.errors.append(f"key {key} acknowledged as {self.acked[key]} "
                                           f"then as {d['id']}")
                    self.acked[key] = d["id"]
                key = None
            elif status == 503:
                time.sleep(0.02)  # store not ready yet; same key again
            else:
                self.errors.append(f"unexpected HTTP {status}: {body[:200]!r}")
                key = None

    def start(self):
        for t in self.threads:
            t.start()

    def stop(self):
        self.stopping.set()
        for t in self.threads:
            t.join(timeout=30)


def postgres_database(url_file):
    base = open(url_file).read().strip()
    name = f"writ_crash_{os.getpid()}"
    parsed = urllib.parse.urlsplit(base)
    admin = urllib.parse.urlunsplit(parsed._replace(path="/postgres"))
    subprocess.run(["psql", "-q", admin, "-c",
                    f"CREATE DATABASE {name} TEMPLATE template0 ENCODING 'UTF8'"], check=True)
    return urllib.parse.urlunsplit(parsed._replace(path="/" + name)), admin, name


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("writ")
    ap.add_argument("--kills", type=int, default=20)
    ap.add_argument("--threads", type=int, default=4)
    ap.add_argument("--postgres-url-file")
    a = ap.parse_args()
    random.seed(os.getpid())
    tmp = tempfile.mkdtemp(prefix="writ-crash-test-")
    pg = None
    server = None
    try:
        if a.postgres_url_file:
            store, admin, dbname = postgres_database(a.postgres_url_file)
            pg = (admin, dbname)
        else:
            store = "sqlite:" + os.path.join(tmp, "writ.db")
        key_dir = os.path.join(tmp, "keys")
        server = Server(a.writ, store, key_dir, os.path.join(tmp, "serve.log"))
        server.start()
        if not server.token:
            fail("the first start did not print an admin token")
        load = Load(server, a.threads)
        load.start()
        started = time.time()
        for i in range(a.kills):
            time.sleep(random.uniform(0.3, 0.9))
            before = len(load.acked)
            server.kill()
            server.start()
            if server.token is None:
                fail("no token")
            print(f"kill {i + 1}: {before} decisions acknowledged so far "
                  f"({time.time() - started:.1f} s)", flush=True)
        time.sleep(0.5)
        load.stop()
        if load.errors:
            fail("; ".join(load.errors[:5]))
        acked = dict(load.acked)
        print(f"load stopped ({time.time() - started:.1f} s); reading back {len(acked)} "
              "decisions", flush=True)
        if len(acked) < a.kills:
            fail(f"only {len(acked)} decisions were acknowledged under load")
        # Every acknowledged decision is there.
        missing = []
        c = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
        for key, did in acked.items():
            c.request("GET", "/v1/decisions/" + did,
                      headers={"Authorization": "Bearer " + server.token})
            r = c.getresponse()
            body = r.read()
            if r.status != 200 or json.loads(body).get("id") != did:
                missing.append(f"{did} (key {key}): HTTP {r.status}")
        c.close()
        server.stop()
        if missing:
            fail(f"{len(missing)} acknowledged decisions are missing: " + ", ".join(missing[:5]))
        v = subprocess.run([a.writ, "--home", HOME, "log", "verify", "--store", store,
                            "--key-dir", key_dir], capture_output=True, text=True)
        if v.returncode != 0:
            fail(f"writ log verify exited {v.returncode}: {v.stdout}{v.stderr}")
        print(f"crash_test: ok: {a.kills} kills, {server.starts} starts, {len(acked)} "
              f"acknowledged decisions all present, {load.retried_after_failure} requests "
              f"retried after a failure, log verifies ({time.time() - started:.1f} s)")
    finally:
        if server and server.proc and server.proc.poll() is None:
            server.kill()  # a failed run leaves no server behind
        shutil.rmtree(tmp, ignore_errors=True)
        if pg:
            subprocess.run(["psql", "-q", pg[0], "-c",
                            f"DROP DATABASE IF EXISTS {pg[1]} WITH (FORCE)"],
                           capture_output=True)


if __name__ == "__main__":
    main()
