"""The baseline for web benchmarks: a bare Flask hello-world, served the same way."""

from flask import Flask

app = Flask(__name__)


@app.post("/hello")
def hello():
    return {"ok": True}
