"""A tiny process that runs commands for the benchmark and reports their wall time and peak RSS.

A child's peak RSS counts the memory of the process that forked it, so children are forked from
this small process rather than from the large benchmark process. Reads one JSON argv per line.
"""

import json
import os
import sys
import time

for line in sys.stdin:
    argv = json.loads(line)
    start = time.perf_counter()
    read, write = os.pipe()
    pid = os.fork()
    if pid == 0:
        os.dup2(write, 1)
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.execvp(argv[0], argv)
    os.close(write)
    chunks = []
    while True:
        chunk = os.read(read, 1 << 16)
        if not chunk:
            break
        chunks.append(chunk)
    os.close(read)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    out = b"".join(chunks).decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    reply = {"wall": wall, "rss": usage.ru_maxrss * 1024, "code": code, "out": out}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
