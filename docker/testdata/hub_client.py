"""Talks to a JupyterHub as students would, through the proxy only (run by
docker/test.sh on the host; needs Python 3 and tornado, which Debian's
jupyterhub package brings).

  hub_client.py URL PASSWORD login USER            -> prints USER's API token
  hub_client.py URL TOKEN    start USER            -> starts USER's server, waits until ready
  hub_client.py URL TOKEN    stop USER             -> stops it, waits until gone
  hub_client.py URL TOKEN    code PATH [METHOD]    -> prints the HTTP status of PATH
  hub_client.py URL TOKEN    execute USER CHAPTER OUT
        executes notebooks/CHAPTER in USER's server through the proxied
        kernel API (a session, so the kernel runs in notebooks/), fails on
        an error or a failed check, prints figures/checks/time, saves the
        executed notebook as work/OUT through the contents API
  hub_client.py URL TOKEN    execute-at PREFIX CHAPTER OUT
        the same against a plain server at URL+PREFIX (e.g. / for Binder's
        `jupyter notebook`): PREFIX replaces /user/USER/
  hub_client.py URL TOKEN    edit USER CHAPTER MARK -> appends a markdown cell MARK to the chapter
  hub_client.py URL TOKEN    has USER PATH TEXT  -> fails unless the file PATH holds TEXT
"""
import asyncio
import json
import re
import sys
import time
import urllib.error
import urllib.request
import uuid

from tornado.httpclient import HTTPRequest
from tornado.websocket import websocket_connect


def http(url, method="GET", token=None, body=None, timeout=60):
    data = json.dumps(body).encode() if body is not None else None
    req = urllib.request.Request(url, data=data, method=method)
    if token:
        req.add_header("Authorization", f"token {token}")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as r:
            raw = r.read()
            return r.status, (json.loads(raw) if raw.strip() else None)
    except urllib.error.HTTPError as e:
        return e.code, None


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *a, **k):
        return None


def code(url, method="GET", token=None):
    opener = urllib.request.build_opener(NoRedirect)
    req = urllib.request.Request(url, method=method)
    if token:
        req.add_header("Authorization", f"token {token}")
    try:
        with opener.open(req, timeout=60) as r:
            return r.status
    except urllib.error.HTTPError as e:
        return e.code


def die(msg):
    print(f"hub_client: {msg}", file=sys.stderr, flush=True)
    sys.exit(1)


def login(hub, password, user):
    st, body = http(f"{hub}/hub/api/users/{user}/tokens", "POST",
                    body={"auth": {"username": user, "password": password}, "note": "course image test"})
    if st not in (200, 201) or not body or "token" not in body:
        die(f"login of {user} answered {st}")
    print(body["token"])


def server_state(hub, token, user):
    st, body = http(f"{hub}/hub/api/users/{user}", token=token)
    if st != 200:
        die(f"GET /hub/api/users/{user} answered {st}")
    return (body.get("servers") or {}).get("")


def start(hub, token, user):
    t = time.monotonic()
    st, _ = http(f"{hub}/hub/api/users/{user}/server", "POST", token=token, body={})
    if st not in (201, 202, 400):  # 400: already running
        die(f"starting {user}'s server answered {st}")
    while time.monotonic() - t < 240:
        s = server_state(hub, token, user)
        if s and s.get("ready"):
            print(f"{user}'s server ready in {time.monotonic() - t:.1f} s", flush=True)
            return
        time.sleep(0.5)
    die(f"{user}'s server not ready after 240 s")


def stop(hub, token, user):
    t = time.monotonic()
    st, _ = http(f"{hub}/hub/api/users/{user}/server", "DELETE", token=token)
    if st not in (202, 204):
        die(f"stopping {user}'s server answered {st}")
    while time.monotonic() - t < 120:
        if not server_state(hub, token, user):
            print(f"{user}'s server stopped in {time.monotonic() - t:.1f} s", flush=True)
            return
        time.sleep(0.5)
    die(f"{user}'s server still there after 120 s")


async def run_cells(base, token, user, kernel_id, cells):
    ws_url = base.replace("http", "ws", 1) + f"/kernels/{kernel_id}/channels"
    conn = await websocket_connect(HTTPRequest(ws_url, headers={"Authorization": f"token {token}"}))
    session = uuid.uuid4().hex
    for cell in cells:
        if cell["cell_type"] != "code":
            continue
        msg_id = uuid.uuid4().hex
        conn.write_message(json.dumps({
            "header": {"msg_id": msg_id, "username": user, "session": session,
                       "msg_type": "execute_request", "version": "5.3",
                       "date": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())},
            "parent_header": {}, "metadata": {}, "channel": "shell", "buffers": [],
            "content": {"code": "".join(cell["source"]), "silent": False, "store_history": True,
                        "user_expressions": {}, "allow_stdin": False, "stop_on_error": True},
        }))
        outputs, idle, reply = [], False, None
        while not (idle and reply):
            raw = await asyncio.wait_for(conn.read_message(), timeout=600)
            if raw is None:
                die("kernel websocket closed")
            msg = json.loads(raw)
            if msg.get("parent_header", {}).get("msg_id") != msg_id:
                continue
            t, content = msg["header"]["msg_type"], msg["content"]
            if t == "status" and content.get("execution_state") == "idle":
                idle = True
            elif t == "execute_reply":
                reply = content
            elif t == "stream":
                outputs.append({"output_type": "stream", "name": content["name"], "text": content["text"]})
            elif t in ("display_data", "execute_result"):
                o = {"output_type": "display_data", "data": content["data"], "metadata": content.get("metadata", {})}
                outputs.append(o)
            elif t == "error":
                outputs.append({"output_type": "error", "ename": content["ename"],
                                "evalue": content["evalue"], "traceback": content["traceback"]})
        cell["outputs"] = outputs
        if reply.get("status") != "ok":
            die(f"cell failed: {''.join(cell['source'])[:200]!r}: {reply.get('evalue', '')} "
                f"{json.dumps(outputs)[:1500]}")
    conn.close()


def texts(outputs):
    for o in outputs:
        if o["output_type"] == "stream":
            yield o["text"]
        elif o["output_type"] == "display_data":
            v = o["data"].get("text/plain")  # the checks' CHECK lines; HTML repeats them
            if v:
                yield v if isinstance(v, str) else "".join(v)


def execute(hub, token, user, chapter, out, prefix=None):
    base = hub + (prefix if prefix is not None else f"/user/{user}/") + "api"
    st, nb = http(f"{base}/contents/notebooks/{chapter}?content=1", token=token)
    if st != 200:
        die(f"{user} cannot read notebooks/{chapter}: {st}")
    nb = nb["content"]
    st, sess = http(f"{base}/sessions", "POST", token=token,
                    body={"path": f"notebooks/{chapter}", "type": "notebook", "name": chapter,
                          "kernel": {"name": "gonb"}})
    if st not in (200, 201):
        die(f"{user}: starting a kernel answered {st}")
    t = time.monotonic()
    try:
        asyncio.run(run_cells(base, token, user, sess["kernel"]["id"], nb["cells"]))
    finally:
        http(f"{base}/sessions/{sess['id']}", "DELETE", token=token)
    dt = time.monotonic() - t
    figs = sum(1 for c in nb["cells"] for o in c.get("outputs", [])
               if o["output_type"] == "display_data" and "image/png" in o["data"])
    allt = "\n".join(x for c in nb["cells"] for x in texts(c.get("outputs", [])))
    errors = [o for c in nb["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    passes, fails = allt.count("CHECK PASS"), allt.count("CHECK FAIL")
    bad = [m for m in re.findall(r"CHECKS: (\d+) pass, (\d+) fail", allt) if m[1] != "0"]
    if errors or fails or bad:
        die(f"{user}: {chapter} has {len(errors)} error(s), {fails} failed check(s)")
    want = nb.get("metadata", {}).get("implicitbias", {})
    if figs < want.get("figures", 0):
        die(f"{user}: {chapter} showed {figs} figure(s), expected at least {want['figures']}")
    if passes < want.get("checks", 0):
        die(f"{user}: {chapter} passed {passes} check(s), expected at least {want['checks']}")
    via = "through the hub" if prefix is None else f"at {prefix}"
    print(f"{user}: executed {chapter} {via} in {dt:.1f} s: {figs} figure(s), "
          f"{passes} check(s) passed, none failed", flush=True)
    st, _ = http(f"{base}/contents/work/{out}", "PUT", token=token,
                 body={"type": "notebook", "format": "json", "content": nb})
    if st not in (200, 201):
        die(f"{user}: saving work/{out} answered {st}")


def edit(hub, token, user, chapter, mark):
    base = f"{hub}/user/{user}/api/contents/notebooks/{chapter}"
    st, nb = http(base + "?content=1", token=token)
    if st != 200:
        die(f"{user} cannot read notebooks/{chapter}: {st}")
    nb = nb["content"]
    nb["cells"].append({"cell_type": "markdown", "metadata": {}, "source": mark})
    st, _ = http(base, "PUT", token=token, body={"type": "notebook", "format": "json", "content": nb})
    if st not in (200, 201):
        die(f"{user}: saving notebooks/{chapter} answered {st}")


def has(hub, token, user, path, text):
    st, body = http(f"{hub}/user/{user}/api/contents/{path}?content=1", token=token)
    if st != 200:
        die(f"{user}: {path} answered {st}")
    if text not in json.dumps(body["content"]):
        die(f"{user}: {path} does not hold {text!r}")


def main():
    hub, secret, cmd, *args = sys.argv[1:]
    hub = hub.rstrip("/")
    if cmd == "login":
        login(hub, secret, *args)
    elif cmd == "start":
        start(hub, secret, *args)
    elif cmd == "stop":
        stop(hub, secret, *args)
    elif cmd == "code":
        print(code(hub + args[0], args[1] if len(args) > 1 else "GET", secret or None))
    elif cmd == "execute":
        execute(hub, secret, *args)
    elif cmd == "execute-at":
        prefix, chapter, out = args
        execute(hub, secret, "student", chapter, out, prefix=prefix)
    elif cmd == "edit":
        edit(hub, secret, *args)
    elif cmd == "has":
        has(hub, secret, *args)
    else:
        die(f"unknown command {cmd}")


if __name__ == "__main__":
    main()
