"""The floor for web benchmarks: our app, with all its extensions and hooks, answering
a JSON POST that does nothing (no sign-in, no database), served the same way."""

from flask import jsonify, request

from lms import create_app
from lms.extensions import csrf

app = create_app()


@app.post("/noop")
@csrf.exempt
def noop():
    request.get_json()
    return jsonify({"ok": True})
