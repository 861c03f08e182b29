from gcmreview.lib.task_worker import BLAS_THREAD_VARIABLES, worker_command, worker_environment


def test_the_worker_runs_numpy_on_one_blas_thread_unless_told_otherwise():
    env = worker_environment({"PATH": "/bin", "OPENBLAS_NUM_THREADS": "2"})
    assert env["PATH"] == "/bin"
    assert env["OPENBLAS_NUM_THREADS"] == "2"  # the operator's choice stands
    assert all(env[name] == "1" for name in BLAS_THREAD_VARIABLES if name != "OPENBLAS_NUM_THREADS")
    forced = worker_environment({"OPENBLAS_NUM_THREADS": "2"}, blas_threads=3)
    assert all(forced[name] == "3" for name in BLAS_THREAD_VARIABLES)


def test_the_worker_serves_every_queue():
    command = worker_command()
    assert command[command.index("--queue-name") + 1] == "*"
    assert "db_worker" in command
