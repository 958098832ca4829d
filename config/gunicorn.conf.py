"""gunicorn settings: `gunicorn config.wsgi -c config/gunicorn.conf.py` (what `make run` and the supervisor start).

Each value can be set from the environment: GUNICORN_BIND, WEB_CONCURRENCY, GUNICORN_THREADS, GUNICORN_TIMEOUT,
GUNICORN_FORWARDED_ALLOW_IPS.
"""

import multiprocessing
import os

bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# PDF rendering (WeasyPrint) is CPU-bound: processes, a few per core; threads let quick pages pass a long render.
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
worker_class = "gthread"
threads = int(os.environ.get("GUNICORN_THREADS", 4))
# A voter list of a large group renders in up to ~20 s on a slow machine; the batch jobs run in the worker.
timeout = int(os.environ.get("GUNICORN_TIMEOUT", 120))
graceful_timeout = 30
# Recycle a process now and then, so memory stays flat over an election day.
max_requests = 2000
max_requests_jitter = 200
# Only the local reverse proxy (nginx) is trusted to say the request came over HTTPS.
forwarded_allow_ips = os.environ.get("GUNICORN_FORWARDED_ALLOW_IPS", "127.0.0.1")
accesslog = "-"
errorlog = "-"
# No control socket: it lives at one path per user, so two app servers on one machine would fight over it.
control_socket_disable = True
