#!/usr/bin/python3
"""Starts and shuts down the SafeMerge kernel N times in a row through jupyter_client and reports hangs and timings.

Usage: /usr/bin/python3 kernel_stress.py N [TIMEOUT_SECONDS] > REPORT.json
(Debian's python3; JUPYTER_PATH must find the 'safemerge' kernelspec, KERNEL_NAME picks another.)

Each round: start_new_kernel (starts the process, waits until the kernel answers kernel_info), execute "1+1" and
check the result is 2, shut the kernel down with a shutdown_request and wait for the process to end. A round that
does not finish a step within TIMEOUT_SECONDS (default 60) counts as a hang; its kernel is killed.
Progress lines go to stderr; the JSON summary goes to stdout.
"""
import json
import os
import statistics
import sys
import time

from jupyter_client.manager import start_new_kernel


def percentile(values, p):
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(p / 100.0 * (len(ordered) - 1))))]


def summary(values):
    return {
        "median": round(statistics.median(values), 3) if values else None,
        "p95": round(percentile(values, 95), 3) if values else None,
        "max": round(max(values), 3) if values else None,
    }


def one_round(name, timeout):
    t0 = time.monotonic()
    km, kc = start_new_kernel(kernel_name=name, startup_timeout=timeout)
    try:
        t_ready = time.monotonic()
        msg_id = kc.execute("1+1")
        reply = kc.get_shell_msg(timeout=timeout)
        while reply["parent_header"].get("msg_id") != msg_id:
            reply = kc.get_shell_msg(timeout=timeout)
        result = None
        while True:
            msg = kc.get_iopub_msg(timeout=timeout)
            if msg["parent_header"].get("msg_id") != msg_id:
                continue
            if msg["msg_type"] == "execute_result":
                result = msg["content"]["data"]["text/plain"]
            if msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle":
                break
        if reply["content"]["status"] != "ok" or result != "2":
            raise RuntimeError("1+1 gave %r (%s)" % (result, reply["content"].get("evalue")))
        t_exec = time.monotonic()
    except BaseException:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
        raise
    kc.stop_channels()
    km.shutdown_kernel(now=False)
    deadline = time.monotonic() + timeout
    while km.is_alive() and time.monotonic() < deadline:
        time.sleep(0.05)
    if km.is_alive():
        km.shutdown_kernel(now=True)
        raise RuntimeError("the kernel did not exit after shutdown")
    t_down = time.monotonic()
    return t_ready - t0, t_exec - t_ready, t_down - t_exec


def main():
    n = int(sys.argv[1])
    timeout = float(sys.argv[2]) if len(sys.argv) > 2 else 60.0
    name = os.environ.get("KERNEL_NAME", "safemerge")
    ready, execute, shutdown, total, failures = [], [], [], [], []
    started = time.monotonic()
    for i in range(n):
        t0 = time.monotonic()
        try:
            r, e, s = one_round(name, timeout)
            ready.append(r)
            execute.append(e)
            shutdown.append(s)
            total.append(time.monotonic() - t0)
        except BaseException as err:  # a hang shows up as a timeout here
            if isinstance(err, KeyboardInterrupt):
                raise
            failures.append({"round": i + 1, "seconds": round(time.monotonic() - t0, 1),
                             "error": "%s: %s" % (type(err).__name__, err)})
        if (i + 1) % 10 == 0 or failures and failures[-1]["round"] == i + 1:
            print("round %d/%d: %d failed so far, last round %.2f s" % (i + 1, n, len(failures),
                                                                        time.monotonic() - t0), file=sys.stderr)
    report = {
        "kernel": name,
        "rounds": n,
        "ok": len(total),
        "hangs_or_failures": len(failures),
        "failures": failures,
        "seconds_to_ready": summary(ready),
        "seconds_for_1_plus_1": summary(execute),
        "seconds_to_shut_down": summary(shutdown),
        "seconds_per_round": summary(total),
        "wall_seconds": round(time.monotonic() - started, 1),
    }
    json.dump(report, sys.stdout, indent=1)
    print()


if __name__ == "__main__":
    main()
