"""Python's http.server at its defaults: HTTP/1.0, one request per connection. 503 while FAIL_FILE exists."""
import json
import os
import sys
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAIL_FILE = os.environ["FAIL_FILE"]


class Health(BaseHTTPRequestHandler):
    def do_GET(self):
        failing = os.path.exists(FAIL_FILE)
        body = json.dumps({"status": "DOWN" if failing else "UP", "version": "1.0.0-http.server"}).encode()
        self.send_response(503 if failing else 200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format, *args):
        pass


ThreadingHTTPServer(("127.0.0.1", int(sys.argv[1])), Health).serve_forever()
