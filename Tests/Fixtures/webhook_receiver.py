#!/usr/bin/env python3
"""A test HTTP receiver for uvrctl's webhook and upload code (Python standard library only).

Listens on 127.0.0.1 on an ephemeral port and prints `PORT <n>` on stdout (also written to
--port-file when given). Every request except the control endpoint is appended to --log as one
JSON line: method, path, headers (lower-cased names), body length, body sha256, the body as text
for POST, and, with --secret, whether X-UVR-Signature verified (Python's own hmac).
PUT bodies are streamed to --upload-dir/<path> (byte-identical, never held in memory).

Failure injection, for the next requests:
  POST /_control {"fail_next": N, "status": 503, "retry_after": "2", "sleep": 0.5}
  answers the next N recorded requests with `status` (and Retry-After when given), after
  sleeping `sleep` seconds if given. `{"sleep_next": N, "sleep": S}` only delays them.
The same can be set at start with --fail-next/--fail-status/--retry-after/--sleep.
"""
import argparse
import hashlib
import hmac
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

STATE_LOCK = threading.Lock()
STATE = {"fail_next": 0, "status": 503, "retry_after": None, "sleep": 0.0, "sleep_next": 0}
OPTIONS = None


def take_behaviour():
    """Consumes one injected failure or delay, returning (status or None, retry_after, sleep)."""
    with STATE_LOCK:
        if STATE["fail_next"] > 0:
            STATE["fail_next"] -= 1
            return STATE["status"], STATE["retry_after"], STATE["sleep"]
        if STATE["sleep_next"] > 0:
            STATE["sleep_next"] -= 1
            return None, None, STATE["sleep"]
    return None, None, 0.0


def record(entry):
    with STATE_LOCK:
        with open(OPTIONS.log, "a", encoding="utf-8") as log:
            log.write(json.dumps(entry, sort_keys=True) + "\n")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, format, *args):  # keep the test output quiet
        pass

    def read_body(self, sink=None):
        """Reads the request body in chunks, feeding `sink`; returns (length, sha256 hex, bytes or None)."""
        length = int(self.headers.get("Content-Length") or 0)
        digest = hashlib.sha256()
        kept = bytearray() if sink is None else None
        remaining = length
        while remaining > 0:
            chunk = self.rfile.read(min(remaining, 1 << 20))
            if not chunk:
                break
            remaining -= len(chunk)
            digest.update(chunk)
            if sink is not None:
                sink.write(chunk)
            else:
                kept.extend(chunk)
        return length - remaining, digest.hexdigest(), (bytes(kept) if kept is not None else None)

    def respond(self, status, retry_after=None, body=b""):
        self.send_response(status)
        if retry_after is not None:
            self.send_header("Retry-After", str(retry_after))
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self):
        if self.path == "/_control":
            _, _, body = self.read_body()
            command = json.loads(body or b"{}")
            with STATE_LOCK:
                for key in ("fail_next", "status", "retry_after", "sleep", "sleep_next"):
                    if key in command:
                        STATE[key] = command[key]
            self.respond(204)
            return
        self.handle_recorded("POST")

    def do_PUT(self):
        self.handle_recorded("PUT")

    def do_GET(self):
        self.handle_recorded("GET")

    def handle_recorded(self, method):
        status, retry_after, delay = take_behaviour()
        entry = {"method": method, "path": self.path,
                 "headers": {name.lower(): value for name, value in self.headers.items()}}
        if method == "PUT" and status is None:
            target = os.path.join(OPTIONS.upload_dir, self.path.lstrip("/"))
            target = os.path.realpath(target)
            if not target.startswith(os.path.realpath(OPTIONS.upload_dir) + os.sep):
                self.read_body(sink=open(os.devnull, "wb"))
                self.respond(400)
                return
            os.makedirs(os.path.dirname(target), exist_ok=True)
            with open(target, "wb") as sink:
                length, sha, _ = self.read_body(sink=sink)
            entry["stored"] = target
        else:
            length, sha, body = self.read_body()
            if method == "POST" and body is not None:
                entry["body"] = body.decode("utf-8", errors="replace")
                if OPTIONS.secret is not None:
                    expected = "sha256=" + hmac.new(OPTIONS.secret.encode(), body, hashlib.sha256).hexdigest()
                    given = self.headers.get("X-UVR-Signature", "")
                    entry["signature_ok"] = hmac.compare_digest(expected, given)
        entry["length"] = length
        entry["sha256"] = sha
        entry["answered"] = status or (201 if method == "PUT" else 200)
        entry["time"] = time.time()
        record(entry)
        if delay:
            time.sleep(delay)
        self.respond(entry["answered"], retry_after)


def main():
    global OPTIONS
    # A parent that spawns us from a dispatch worker thread passes its blocked signal mask on:
    # unblock everything so SIGTERM and SIGINT stop the receiver.
    signal.pthread_sigmask(signal.SIG_UNBLOCK, signal.valid_signals())
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--log", required=True, help="JSON-lines file of recorded requests")
    parser.add_argument("--upload-dir", required=True, help="where PUT bodies are stored")
    parser.add_argument("--port-file", help="also write the port here")
    parser.add_argument("--secret", help="verify X-UVR-Signature with this key")
    parser.add_argument("--fail-next", type=int, default=0)
    parser.add_argument("--fail-status", type=int, default=503)
    parser.add_argument("--retry-after")
    parser.add_argument("--sleep", type=float, default=0.0)
    OPTIONS = parser.parse_args()
    STATE.update(fail_next=OPTIONS.fail_next, status=OPTIONS.fail_status,
                 retry_after=OPTIONS.retry_after, sleep=OPTIONS.sleep)
    os.makedirs(OPTIONS.upload_dir, exist_ok=True)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    port = server.server_address[1]
    if OPTIONS.port_file:
        with open(OPTIONS.port_file + ".tmp", "w") as handle:
            handle.write(str(port))
        os.replace(OPTIONS.port_file + ".tmp", OPTIONS.port_file)
    print(f"PORT {port}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
