#!/usr/bin/python3
"""Drives one SafeMerge kernel through jupyter_client and prints what it answered, as JSON.

Usage: /usr/bin/python3 kernel_session.py STEPS.json > RESULTS.json
(Debian's python3: the jupyter_client package comes from Debian, not from the python first on PATH.)

STEPS.json is a list of steps, each one of:
  {"execute": CODE, "timeout": SECONDS, "interrupt_after": SECONDS}   (the last two optional)
  {"complete": CODE, "cursor": N}
  {"inspect": CODE, "cursor": N}
  {"is_complete": CODE}
The kernelspec is 'safemerge' unless KERNEL_NAME says otherwise; JUPYTER_PATH finds it.
Each result holds the reply content and, for execute, the IOPub outputs of that request.
"""
import json
import os
import sys
import threading
import time
from queue import Empty

from jupyter_client.manager import start_new_kernel


def collect_outputs(kc, msg_id, deadline):
    outputs = []
    while time.time() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=max(0.05, deadline - time.time()))
        except Empty:
            break
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        kind = msg["msg_type"]
        if kind == "status" and msg["content"]["execution_state"] == "idle":
            break
        if kind in ("stream", "display_data", "execute_result", "error", "update_display_data"):
            content = dict(msg["content"])
            content["output_type"] = kind
            outputs.append(content)
    return outputs


def execute(km, kc, step):
    timeout = step.get("timeout", 60)
    msg_id = kc.execute(step["execute"])
    timer = None
    if "interrupt_after" in step:
        timer = threading.Timer(step["interrupt_after"], km.interrupt_kernel)
        timer.start()
    started = time.time()
    reply = kc.get_shell_msg(timeout=timeout)
    while reply["parent_header"].get("msg_id") != msg_id:
        reply = kc.get_shell_msg(timeout=timeout)
    seconds = time.time() - started
    outputs = collect_outputs(kc, msg_id, time.time() + 10)
    if timer:
        timer.cancel()
    return {"reply": reply["content"], "outputs": outputs, "seconds": seconds}


def request(kc, send, timeout=30):
    msg_id = send()
    while True:
        reply = kc.get_shell_msg(timeout=timeout)
        if reply["parent_header"].get("msg_id") == msg_id:
            return {"reply": reply["content"]}


def main():
    with open(sys.argv[1]) as f:
        steps = json.load(f)
    km, kc = start_new_kernel(kernel_name=os.environ.get("KERNEL_NAME", "safemerge"), startup_timeout=60)
    results = []
    try:
        for step in steps:
            if "execute" in step:
                results.append(execute(km, kc, step))
            elif "complete" in step:
                results.append(request(kc, lambda: kc.complete(step["complete"], step["cursor"])))
            elif "inspect" in step:
                results.append(request(kc, lambda: kc.inspect(step["inspect"], step["cursor"])))
            elif "is_complete" in step:
                results.append(request(kc, lambda: kc.is_complete(step["is_complete"])))
            else:
                raise ValueError("unknown step: %r" % (step,))
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=False)
    json.dump(results, sys.stdout, indent=1)


if __name__ == "__main__":
    main()
