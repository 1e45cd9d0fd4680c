#!/usr/bin/env python3
"""The engine's floor for `up -d`: the project's network, then each dependency level's containers
created and started straight through the Engine API (one HTTP connection per container on the unix
socket, a thread each), nothing else: no reads, no plan. What composer's `up -d` is measured against.
    engine_floor.py PROJECT SERVICES tree|flat
The containers match scripts/bench's stacks; they carry the label bench=floor for cleaning up."""
import http.client, json, socket, sys, threading

class UnixConnection(http.client.HTTPConnection):
    def __init__(self):
        super().__init__("localhost")
    def connect(self):
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.connect("/var/run/docker.sock")

def post(connection, path, body=None):
    connection.request("POST", "/v1.41" + path, body=json.dumps(body) if body is not None else None,
                       headers={"Content-Type": "application/json"})
    response = connection.getresponse()
    response.read()
    if response.status >= 300:
        raise SystemExit(f"engine_floor: POST {path}: {response.status}")

def container(project, index, errors):
    try:
        connection = UnixConnection()
        name = f"{project}-s{index}-1"
        post(connection, f"/containers/create?name={name}", {
            "Image": "busybox:latest",
            "Cmd": ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"],
            "Env": [f"INDEX={index}"],
            "Labels": {"bench": "floor"},
            "HostConfig": {"NetworkMode": f"{project}_default"},
        })
        post(connection, f"/containers/{name}/start")
    except BaseException as error:  # reported after the level, so every thread ends
        errors.append(error)

def main():
    project, services, shape = sys.argv[1], int(sys.argv[2]), sys.argv[3]
    level = {1: 0}
    for i in range(2, services + 1):
        level[i] = level[(i - 1) // 2 + 1] + 1 if shape == "tree" else 0
    post(UnixConnection(), "/networks/create", {"Name": f"{project}_default", "Labels": {"bench": "floor"}})
    for depth in range(max(level.values()) + 1):
        errors = []
        threads = [threading.Thread(target=container, args=(project, i, errors)) for i in level if level[i] == depth]
        for thread in threads: thread.start()
        for thread in threads: thread.join()
        if errors: raise SystemExit(f"engine_floor: {errors[0]}")

main()
