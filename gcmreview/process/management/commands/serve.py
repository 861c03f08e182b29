import os
import signal
import subprocess
import sys

from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = (
        "Serve the platform and run a task worker beside it, in the foreground; Ctrl-C stops both."
    )

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--threads", type=int, default=8)

    def handle(self, *args, host, port, threads, **options):
        import waitress

        from gcmreview.wsgi import application

        # The worker is a process of its own so that a long task never holds up a page. Its
        # numpy runs on one BLAS thread unless told otherwise: the embedding model's small
        # matrix products gain little from a second thread, and on a machine whose other core
        # serves pages a second thread made tagging twice as slow (bench/ingest.py).
        blas = ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS")
        env = os.environ | {name: os.environ.get(name, "1") for name in blas}
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gcmreview.cli",
                "db_worker",
                "--queue-name",
                "*",
                "--no-reload",
                "--interval",
                "1",
            ],
            env=env,
        )

        def stop(signum, frame):
            raise KeyboardInterrupt

        signal.signal(signal.SIGTERM, stop)
        self.stdout.write(f"GCM Review at http://{host}:{port}/ (task worker pid {worker.pid})")
        try:
            waitress.serve(application, host=host, port=port, threads=threads)
        except KeyboardInterrupt:
            pass
        finally:
            worker.terminate()
            try:
                worker.wait(timeout=15)
            except subprocess.TimeoutExpired:
                worker.kill()
            self.stdout.write("Stopped the web server and the task worker.")
