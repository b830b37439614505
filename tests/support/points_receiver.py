"""A fake of the city's points platform (another organisation's server): a real HTTP
server on 127.0.0.1 that checks the push contract (shared/specs/points-export.md)
the way the receiver would, de-duplicates on id, and misbehaves on cue.

Cues (`receiver.faults`, consumed one per request; `receiver.always` when empty):
  "status:<code>"       answer <code> before processing (e.g. 401, 403, 503)
  "429:<seconds>"       answer 429 with Retry-After before processing
  "500"                 process the batch, then answer 500 (nothing counts for the sender)
  "timeout:<seconds>"   process, then sleep past the client's timeout before answering
  "drop"                process, then close the connection without an answer
  "stall"               process, then wait until `release_stall()` (the sender is killed)
Also here: `seed_ledger`, which writes ledger entries in bulk for these tests.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import socket
import threading
import time
import uuid
from collections import Counter, deque
from contextlib import contextmanager
from datetime import UTC, datetime
from decimal import Decimal
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FIELDS = {
    "id",
    "seq",
    "person_id",
    "kind",
    "reverses",
    "credit_hours",
    "course_code",
    "lesson_code",
    "title",
    "earned_at",
    "org_code",
}
HOURS = re.compile(r"^-?[0-9]+\.[0-9]{2}$")


class ContractError(Exception):
    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


class PointsReceiver:
    def __init__(self, secret: str, source: str):
        self.secret, self.source, self.url = secret, source, ""
        self.faults: deque[str] = deque()
        self.always: str | None = None
        self.reject_people: set[str] = set()
        self.awarded: dict[str, dict] = {}  # id -> entry: the points given
        self.accepted = Counter()  # how often each id was accepted (must be 1)
        self.batches: list[dict] = []  # every request seen: key, size, answer status
        self.entries_by_key: dict[str, list[str]] = {}  # a key names one set of ids
        self.violations: list[str] = []  # contract breaches by the sender
        self.stalled, self._release = threading.Event(), threading.Event()
        self.lock = threading.Lock()

    def release_stall(self) -> None:
        self._release.set()

    def next_fault(self) -> str | None:
        with self.lock:
            return self.faults.popleft() if self.faults else self.always

    def verify(self, headers, body: bytes) -> dict:
        """The receiver's checks; a breach raises ContractError (and is recorded)."""
        try:
            return self._verify(headers, body)
        except ContractError as exc:
            self.violations.append(str(exc))
            raise

    def _verify(self, headers, body: bytes) -> dict:
        if not (headers.get("Content-Type") or "").startswith("application/json"):
            raise ContractError(400, "Content-Type is not application/json")
        stamp = headers.get("X-Points-Timestamp") or ""
        if not stamp.isdigit() or abs(time.time() - int(stamp)) > 300:
            raise ContractError(401, f"timestamp out of the window: {stamp!r}")
        mac = hmac.new(
            self.secret.encode(), stamp.encode() + b"." + body, hashlib.sha256
        )
        given = headers.get("X-Points-Signature") or ""
        if not hmac.compare_digest(given, "sha256=" + mac.hexdigest()):
            raise ContractError(401, "signature does not match")
        batch = json.loads(body)
        if batch.get("source") != self.source or not batch.get("sent_at"):
            raise ContractError(400, f"bad source or sent_at: {batch.get('source')}")
        if headers.get("Idempotency-Key") != batch.get("batch_id"):
            raise ContractError(400, "Idempotency-Key is not the batch_id")
        credits = batch.get("credits")
        if not isinstance(credits, list) or not 1 <= len(credits) <= 500:
            raise ContractError(400, "a batch holds 1 to 500 credits")
        seqs = [c.get("seq") for c in credits]
        if any(b <= a for a, b in zip(seqs, seqs[1:], strict=False)):
            raise ContractError(400, "seq is not increasing")
        for credit in credits:
            check_entry(credit)
        self.check_key(batch["batch_id"], [c["id"] for c in credits])
        return batch

    def check_key(self, key: str, ids: list[str]) -> None:
        """An Idempotency-Key stands for one set of entries, whenever it comes."""
        with self.lock:
            known = self.entries_by_key.setdefault(key, ids)
        if known != ids:
            raise ContractError(422, f"Idempotency-Key {key} reused for other entries")

    def process(self, batch: dict) -> dict:
        answer = {"accepted": [], "duplicates": [], "rejected": []}
        with self.lock:
            for credit in batch["credits"]:
                if credit["person_id"] in self.reject_people:
                    reason = f"unknown person_id {credit['person_id']}"
                    answer["rejected"].append({"id": credit["id"], "reason": reason})
                elif credit["id"] in self.awarded:
                    answer["duplicates"].append(credit["id"])
                else:
                    self.awarded[credit["id"]] = credit
                    self.accepted[credit["id"]] += 1
                    answer["accepted"].append(credit["id"])
        return answer

    def twice(self) -> list[str]:
        return [i for i, n in self.accepted.items() if n > 1]


def check_entry(credit: dict) -> None:
    if set(credit) != FIELDS:
        raise ContractError(400, f"fields differ: {sorted(set(credit) ^ FIELDS)}")
    uuid.UUID(credit["id"])
    if credit["kind"] not in {"lesson", "course", "practical", "reversal"}:
        raise ContractError(400, f"bad kind {credit['kind']}")
    if credit["kind"] == "practical" and credit["lesson_code"] is not None:
        raise ContractError(400, "a practical entry has no lesson_code (v1.1)")
    if (
        not HOURS.match(credit["credit_hours"])
        or not 1 <= len(credit["person_id"]) <= 64
    ):
        raise ContractError(400, "bad credit_hours or person_id")
    if datetime.fromisoformat(credit["earned_at"]).tzinfo is None:
        raise ContractError(400, "earned_at has no offset")
    if (credit["kind"] == "reversal") != (credit["reverses"] is not None):
        raise ContractError(400, "reverses is set exactly for reversals")


def handler_for(receiver: PointsReceiver):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        disable_nagle_algorithm = True  # as real servers do; else ~40 ms a batch

        def log_message(self, *args):  # quiet
            pass

        def do_POST(self):
            body = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            if self.path != "/v1/credits":
                return self.answer(404, {"error": "no such path"})
            fault = receiver.next_fault() or ""
            if fault.startswith(("status:", "429:")):
                return self.early(fault)
            try:
                batch = receiver.verify(self.headers, body)
            except ContractError as exc:
                return self.answer(exc.status, {"error": str(exc)})
            answer = receiver.process(batch)
            receiver.batches.append(
                {
                    "key": batch["batch_id"],
                    "size": len(batch["credits"]),
                    "fault": fault,
                }
            )
            self.misbehave(fault, answer)

        def early(self, fault: str):
            kind, _, value = fault.partition(":")
            if kind == "429":
                return self.answer(429, {"error": "slow down"}, {"Retry-After": value})
            return self.answer(int(value), {"error": f"refused with {value}"})

        def misbehave(self, fault: str, answer: dict):
            kind, _, value = fault.partition(":")
            if kind == "500":
                return self.answer(500, {"error": "internal error"})
            if kind == "drop":
                self.close_connection = True
                return self.connection.shutdown(socket.SHUT_RDWR)
            if kind == "timeout":
                time.sleep(float(value))
            if kind == "stall":
                receiver.stalled.set()
                receiver._release.wait(60)
            self.answer(200, answer)

        def answer(self, status: int, body: dict, headers: dict | None = None):
            data = json.dumps(body).encode()
            try:
                self.send_response(status)
                for name, value in {
                    **(headers or {}),
                    "Content-Type": "application/json",
                    "Content-Length": str(len(data)),
                }.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)
            except OSError:  # the sender gave up (timeout) or was killed
                self.close_connection = True

    return Handler


class _Server(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request, client_address):  # a dead sender is no news
        pass


@contextmanager
def running_receiver(secret: str, source: str):
    """Serve a PointsReceiver on a free loopback port; `receiver.url` is its base URL."""
    receiver = PointsReceiver(secret, source)
    server = _Server(("127.0.0.1", 0), handler_for(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_port}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield receiver
    finally:
        receiver.release_stall()
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def seed_ledger(db, person, count: int, earned_at: datetime | None = None) -> None:
    """Write `count` lesson entries for `person` straight into the ledger, in bulk."""
    from lms.models import CreditEntry

    moment = earned_at or datetime.now(UTC)
    rows = [
        {
            "id": str(uuid.uuid4()),
            "person_pk": person.id,
            "person_id": person.person_id,
            "kind": "lesson",
            "credit_hours": Decimal("0.25"),
            "course_code": "bulk-101",
            "lesson_code": f"l{n}",
            "title": f"第{n}课",
            "earned_at": moment,
            "org_code": None,
            "created_at": moment,
        }
        for n in range(count)
    ]
    if rows:
        db.session.execute(db.insert(CreditEntry), rows)
    db.session.commit()


SECRET = "points-secret-for-tests"
SOURCE = "lms-test"


@contextmanager
def receiver_for(app, **settings):
    """A running receiver, and `app` configured to push to it (plus `settings`)."""
    with running_receiver(SECRET, SOURCE) as receiver:
        app.config.update(
            LMS_POINTS_URL=receiver.url,
            LMS_POINTS_SECRET=SECRET,
            LMS_INSTANCE_ID=SOURCE,
            **settings,
        )
        yield receiver
