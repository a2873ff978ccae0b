"""A local HTTP server started by a test, standing in for another tool that receives webhooks."""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Received:
    path: str
    headers: dict[str, str]
    body: bytes
    answered: int | None = None  # the status sent back (None: the request was left hanging)


@dataclass
class Receiver:
    """Answers POSTs with the statuses in `script` (then `then`); `hang` seconds delays the first answer."""

    script: list[int] = field(default_factory=list)
    then: int = 200
    hang: float = 0.0
    received: list[Received] = field(default_factory=list)
    server: ThreadingHTTPServer | None = None

    @property
    def url(self) -> str:
        assert self.server is not None
        host, port = self.server.server_address[:2]
        return f"http://127.0.0.1:{port}/hook"

    def answered(self, status: int = 200) -> list[Received]:
        return [r for r in self.received if r.answered == status]

    def start(self) -> Receiver:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:  # noqa: N802
                length = int(self.headers.get("Content-Length") or 0)
                record = Received(
                    self.path, {k.lower(): v for k, v in self.headers.items()}, self.rfile.read(length)
                )
                receiver.received.append(record)
                if receiver.hang and len(receiver.received) == 1:
                    time.sleep(receiver.hang)
                    return  # never answered: the sender is killed meanwhile
                status = receiver.script.pop(0) if receiver.script else receiver.then
                self.send_response(status)
                self.send_header("Content-Type", "text/plain")
                self.end_headers()
                self.wfile.write(b"ok" if status < 300 else b"nope")
                record.answered = status

            def log_message(self, *args) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def stop(self) -> None:
        if self.server:
            self.server.shutdown()
            self.server.server_close()
