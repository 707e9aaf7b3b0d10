"""The entry point of a worker process (started by workers.WorkerPool, never by hand):

    python -m autograd_core.playground.sandbox.worker_main ADDRESS HEADROOM PRELOAD < KEY

It connects back to the server at ADDRESS with the one-time KEY read from stdin, then serves
calls (workers.serve) until the server closes the connection or kills it.
"""

from __future__ import annotations

import sys
from multiprocessing.connection import Client

from .workers import serve


def main() -> None:
    address, headroom, preload = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    key = sys.stdin.buffer.read()
    conn = Client(address, authkey=key)
    serve(conn, headroom, tuple(name for name in preload.split(",") if name))


if __name__ == "__main__":
    main()
