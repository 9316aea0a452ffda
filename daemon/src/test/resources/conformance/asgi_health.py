"""A bare ASGI app for uvicorn at its defaults (timeout_keep_alive 5 s). 503 while FAIL_FILE exists."""
import json
import os

FAIL_FILE = os.environ["FAIL_FILE"]


async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    failing = os.path.exists(FAIL_FILE)
    body = json.dumps({"status": "DOWN" if failing else "UP", "version": "1.0.0-uvicorn"}).encode()
    await send({"type": "http.response.start", "status": 503 if failing else 200,
                "headers": [(b"content-type", b"application/json")]})
    await send({"type": "http.response.body", "body": body})
