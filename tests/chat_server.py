"""A scripted OpenAI-compatible chat-completions server on 127.0.0.1, for tests that need a real one."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class ChatServer:
    """A scripted chat-completions server: each request takes the next behaviour from ``script``."""

    def __init__(self):
        self.script = []
        self.default = ("ok", "A reply.")
        self.requests = []
        self.in_flight = 0
        self.max_in_flight = 0
        self.lock = threading.Lock()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                length = int(self.headers.get("Content-Length", 0))
                body = json.loads(self.rfile.read(length))
                with server.lock:
                    server.requests.append({"path": self.path, "body": body,
                                            "auth": self.headers.get("Authorization")})
                    behaviour = server.script.pop(0) if server.script else server.default
                    server.in_flight += 1
                    server.max_in_flight = max(server.max_in_flight, server.in_flight)
                self.counted = True
                try:
                    server.respond(self, behaviour, body)
                finally:
                    server.leave(self)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def respond(self, handler, behaviour, body):
        kind, value = behaviour
        if kind == "sleep":
            time.sleep(value)
            kind, value = "ok", "Late reply."
        if kind == "slow_ok":
            time.sleep(0.15)
            kind, value = "ok", value
        if kind == "ok":
            payload = json.dumps({"model": body["model"], "choices": [{"message": {"role": "assistant",
                                                                                   "content": f"  {value}  "}}]})
            status, data, headers = 200, payload.encode(), {}
        elif kind == "status":
            status, data, headers = value, b'{"error": "nope"}', {}
        elif kind == "retry_after":
            status, data, headers = 429, b"slow down", {"Retry-After": str(value)}
        elif kind == "garbage":
            status, data, headers = 200, value.encode(), {}
        # Out of flight once the answer is decided: the client may send its next request as soon
        # as it has read this one, before this thread gets to run again.
        self.leave(handler)
        handler.send_response(status)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(data)))
        for name, header in headers.items():
            handler.send_header(name, header)
        handler.end_headers()
        try:
            handler.wfile.write(data)
        except (BrokenPipeError, ConnectionResetError):
            pass

    def leave(self, handler):
        with self.lock:
            if getattr(handler, "counted", False):
                handler.counted = False
                self.in_flight -= 1

    @property
    def url(self):
        return f"http://127.0.0.1:{self.httpd.server_address[1]}/v1"
