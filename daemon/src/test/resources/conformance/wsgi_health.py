"""A bare WSGI app for gunicorn at its defaults (sync worker). 503 while FAIL_FILE exists."""
import json
import os

FAIL_FILE = os.environ["FAIL_FILE"]


def app(environ, start_response):
    failing = os.path.exists(FAIL_FILE)
    body = json.dumps({"status": "DOWN" if failing else "UP", "version": "1.0.0-gunicorn"}).encode()
    start_response("503 Service Unavailable" if failing else "200 OK",
                   [("Content-Type", "application/json"), ("Content-Length", str(len(body)))])
    return [body]
