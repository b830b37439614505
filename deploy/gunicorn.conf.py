"""gunicorn settings for one web node: `gunicorn -c deploy/gunicorn.conf.py`.

Every value can be overridden from the environment (the systemd unit reads
/etc/lms/lms.env; `make stack` sets them per node):

- LMS_BIND (127.0.0.1:8000), LMS_WEB_WORKERS (2 x CPUs + 1), LMS_WEB_THREADS (4)
- LMS_ACCESS_LOG / LMS_ERROR_LOG: files, or "-" (stdout / stderr, the default)
- PROMETHEUS_MULTIPROC_DIR: this node's metrics folder, emptied at start

The app is loaded once in the master (`preload_app`) so jieba's dictionary loads once
and the workers share its pages. Logs are JSON lines (lms.ops.logs.JsonFormatter); the
access line carries the request id nginx sent (or the app made) and the duration.

Reloading: `kill -HUP <master>` (systemctl reload) starts new workers with the new
settings and lets the old ones finish their requests (graceful_timeout). With preload
the code itself is read by the master only, so a new release restarts the nodes one at
a time (`systemctl restart lms-web`); nginx sends the requests to the other node.
"""

import multiprocessing
import os
import shutil

wsgi_app = "lms:create_app()"
bind = os.environ.get("LMS_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("LMS_WEB_WORKERS") or multiprocessing.cpu_count() * 2 + 1)
worker_class = "gthread"
threads = int(os.environ.get("LMS_WEB_THREADS", "4"))
preload_app = True
timeout = 30  # a request (a 2 MiB upload chunk included) never needs longer
graceful_timeout = 30
keepalive = 5  # nginx keeps upstream connections open (keepalive in the upstream)
max_requests = 5000  # recycle workers now and then, jittered so not all at once
max_requests_jitter = 500
control_socket_disable = True  # gunicorn 27 opens one under $HOME otherwise
forwarded_allow_ips = os.environ.get("LMS_FORWARDED_ALLOW_IPS", "127.0.0.1")
os.environ.setdefault("LMS_SEARCH_PRELOAD", "1")  # jieba in the master, before fork
os.environ.setdefault("LMS_LOG_FORMAT", "json")


def _handler(target: str, default_stream: str) -> dict:
    if target == "-":
        stream = {"out": "ext://sys.stdout", "err": "ext://sys.stderr"}[default_stream]
        return {"class": "logging.StreamHandler", "formatter": "json", "stream": stream}
    return {"class": "logging.FileHandler", "formatter": "json", "filename": target}


logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"json": {"()": "lms.ops.logs.JsonFormatter"}},
    "handlers": {
        "access": _handler(os.environ.get("LMS_ACCESS_LOG", "-"), "out"),
        "error": _handler(os.environ.get("LMS_ERROR_LOG", "-"), "err"),
    },
    "root": {"level": "INFO", "handlers": ["error"]},
    "loggers": {
        "gunicorn.error": {"level": "INFO", "handlers": ["error"], "propagate": False},
        "gunicorn.access": {
            "level": "INFO",
            "handlers": ["access"],
            "propagate": False,
        },
    },
}


def on_starting(server):
    """Counters of a previous run must not be added to this one's."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)


def post_fork(server, worker):
    """Connections opened in the master (at preload) are not shared with a worker."""
    from lms.extensions import db

    with server.app.wsgi().app_context():
        db.engine.dispose(close=False)


def child_exit(server, worker):
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        multiprocess.mark_process_dead(worker.pid)
