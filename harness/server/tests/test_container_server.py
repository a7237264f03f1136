"""ContainerServer against a stand-in engine: a script that answers `inspect`
with a state and runs `exec` as a local command, so the real ExecPipe and
FixtureClient are used end to end."""

import json
import stat
import sys

import pytest

from harness.run.errors import HarnessError
from harness.server.container import ContainerServer, ContainerTarget

FIXTURE_PROCESS = """
import json, sys
print(json.dumps({"ok": True, "result": "ready"}), flush=True)
for line in sys.stdin:
    request = json.loads(line)
    result = "key-for-" + request["email"] if request["op"] == "create_session" else None
    print(json.dumps({"ok": True, "result": result}), flush=True)
"""


def inspect_output(state, port, allowed_host):
    """What `podman inspect` prints for a container, in the fields read."""
    return json.dumps([{
        "State": {"Status": state},
        "Config": {
            "Labels": {"superlists.instance": "test"},
            "Env": ["PATH=/usr/bin", f"DJANGO_ALLOWED_HOST={allowed_host}"],
        },
        "NetworkSettings": {
            "Ports": {"8000/tcp": [{"HostIp": "127.0.0.1", "HostPort": str(port)}]}
        },
    }])  # fmt: skip


def engine(
    tmp_path, monkeypatch, state="running", exec_prints=None, port=8888, allowed_host="127.0.0.1"
):
    """Put a fake `podman` first on PATH; returns the file its exec logs to."""
    process = tmp_path / "fixture_process.py"
    if exec_prints is None:
        process.write_text(FIXTURE_PROCESS)
    else:
        process.write_text(f"print({exec_prints!r})")
    calls = tmp_path / "calls"
    (tmp_path / "inspect.json").write_text(inspect_output(state, port, allowed_host))
    inspect = (
        f"cat {tmp_path / 'inspect.json'}"
        if state
        else "echo 'Error: no such container superlists-test' >&2; exit 125"
    )
    podman = tmp_path / "podman"
    podman.write_text(f"""#!/bin/sh
echo "$*" >> {calls}
case "$1" in
  inspect) {inspect} ;;
  logs) echo "GET / 200" ;;
  exec) exec {sys.executable} {process} ;;
esac
""")
    podman.chmod(podman.stat().st_mode | stat.S_IXUSR)
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    return calls


def target(disposable=True, address="superlists-test"):
    return ContainerTarget(
        name="container",
        container=address,
        url="http://127.0.0.1:8888",
        site_dir="/srv/superlists",
        disposable=disposable,
        kind="container",
        engine="podman",
    )


def test_fixtures_run_in_one_exec_for_the_whole_run(tmp_path, monkeypatch):
    calls = engine(tmp_path, monkeypatch)
    server = ContainerServer.connect(target(), request_timeout=5)
    try:
        server.reset_database()
        assert (
            server.call("create_session", email="edith@example.com") == "key-for-edith@example.com"
        )
        server.reset_database()
    finally:
        server.close()
    execs = [line for line in calls.read_text().splitlines() if line.startswith("exec")]
    assert execs == [
        "exec --interactive --workdir /srv/superlists superlists-test "
        ".venv/bin/python src/manage.py fixture_server"
    ]


def test_a_missing_container_is_one_line_saying_how_to_start_it(tmp_path, monkeypatch):
    engine(tmp_path, monkeypatch, state=None)
    with pytest.raises(
        HarnessError, match="^there is no container superlists-test .*`make container`$"
    ):
        ContainerServer.connect(target(), request_timeout=5)


def test_a_stopped_container_is_one_line(tmp_path, monkeypatch):
    engine(tmp_path, monkeypatch, state="exited")
    with pytest.raises(HarnessError, match="is not running \\(it is exited\\): start it with"):
        ContainerServer.connect(target(), request_timeout=5)


def test_a_container_without_the_opt_in_is_refused_before_anything_runs(tmp_path, monkeypatch):
    engine(tmp_path, monkeypatch, exec_prints="Unknown command: 'fixture_server'")
    with pytest.raises(HarnessError, match="has not opted in .* with `make container`$"):
        ContainerServer.connect(target(), request_timeout=5)


def test_a_container_not_declared_disposable_gets_no_fixture_process(tmp_path, monkeypatch):
    calls = engine(tmp_path, monkeypatch)
    server = ContainerServer.connect(target(disposable=False), request_timeout=5)
    try:
        with pytest.raises(HarnessError, match="refusing reset on container: it is not declared"):
            server.reset_database()
        assert server.skip_reason(set()) is not None
        assert server.skip_reason({"readonly"}) is None
    finally:
        server.close()
    assert not [line for line in calls.read_text().splitlines() if line.startswith("exec")]


def test_the_container_log_is_the_failure_artifacts_server_log(tmp_path, monkeypatch):
    engine(tmp_path, monkeypatch)
    server = ContainerServer.connect(target(disposable=False), request_timeout=5)
    assert server.error_log_tail() == "GET / 200\n"
    server.close()


def test_no_engine_at_all_is_one_line(tmp_path, monkeypatch):
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(HarnessError, match="podman is not installed: install podman with"):
        ContainerServer.connect(target(), request_timeout=5)


def test_a_url_pointing_at_another_containers_port_is_refused(tmp_path, monkeypatch):
    calls = engine(tmp_path, monkeypatch, port=8898)
    with pytest.raises(
        HarnessError,
        match="serves on port 8898, but container.url is http://127.0.0.1:8888: "
        "set -D container.url=http://127.0.0.1:8898$",
    ):
        ContainerServer.connect(target(), request_timeout=5)
    # Refused before any fixture process could change its data.
    assert not [line for line in calls.read_text().splitlines() if line.startswith("exec")]


def test_a_url_with_a_host_name_the_container_refuses_is_refused(tmp_path, monkeypatch):
    engine(tmp_path, monkeypatch)
    localhost = ContainerTarget(**{**target().__dict__, "url": "http://localhost:8888"})
    with pytest.raises(
        HarnessError,
        match="answers only to the host name 127.0.0.1, but container.url is "
        "http://localhost:8888: set -D container.url=http://127.0.0.1:8888$",
    ):
        ContainerServer.connect(localhost, request_timeout=5)


def test_another_containers_start_command_names_it(tmp_path, monkeypatch):
    engine(tmp_path, monkeypatch, state=None)
    with pytest.raises(
        HarnessError, match="start it with `scripts/container up --name mine --port 8888`"
    ):
        ContainerServer.connect(target(address="mine"), request_timeout=5)
