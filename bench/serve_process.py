"""serve_process.py: starts `herald serve` on a free port for the serve benchmarks and tells its
port from the line it writes when it listens (no waiting by the clock); its stderr is drained
into `log` so that the server never blocks on it."""
import re
import subprocess
import threading


def start_server(herald, store, extra, log):
    proc = subprocess.Popen([herald, "serve", store, "--port", "0", *extra],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for raw in proc.stderr:
        m = re.search(rb"http://127\.0\.0\.1:(\d+)/", raw)
        if m:
            threading.Thread(target=lambda: log.extend(proc.stderr), daemon=True).start()
            return proc, int(m.group(1))
    raise SystemExit("herald serve did not start")
