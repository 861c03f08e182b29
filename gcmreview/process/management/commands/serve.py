import os
import signal
import subprocess

from django.core.management.base import BaseCommand

from gcmreview.lib.task_worker import worker_command, worker_environment


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

        # The worker is a process of its own so that a long task never holds up a page.
        worker = subprocess.Popen(worker_command(), env=worker_environment(os.environ))

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
