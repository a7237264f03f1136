import re
import stat
import tomllib
from pathlib import Path

import pytest

from deploy import containers
from deploy.containers import (
    CONTAINERFILE,
    PODMAN_CONF,
    ContainerError,
    Engine,
    Instance,
    find_engine,
    valid_name,
)
from deploy.site_layout import CONTAINER_DATA, CONTAINER_SITE

ROOT = Path(__file__).resolve().parents[2]


def fake_program(folder: Path, name: str, script: str) -> Path:
    """An executable `name` in `folder` that runs `script` (sh)."""
    path = folder / name
    path.write_text(f"#!/bin/sh\n{script}\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_podman_always_runs_with_this_projects_settings(monkeypatch):
    monkeypatch.delenv("CONTAINERS_CONF", raising=False)
    assert Engine("/usr/bin/podman").environment()["CONTAINERS_CONF"] == str(PODMAN_CONF)
    assert "CONTAINERS_CONF" not in Engine("/usr/bin/docker").environment()


def test_the_podman_settings_carry_the_flags_these_machines_need():
    settings = tomllib.loads(PODMAN_CONF.read_text())
    assert settings["engine"]["runtime"] == "runc"
    assert settings["engine"]["cgroup_manager"] == "cgroupfs"
    assert sorted(settings["containers"]["default_ulimits"]) == [
        "nofile=20000:20000",
        "nproc=4096:4096",
    ]


def test_no_engine_installed_is_one_line_with_the_install_command(monkeypatch):
    monkeypatch.setattr(containers.shutil, "which", lambda program: None)
    with pytest.raises(
        ContainerError, match=r"^podman or docker is not installed: .*apt-get install podman runc"
    ):
        find_engine()


def test_podman_is_preferred(monkeypatch):
    monkeypatch.setattr(containers.shutil, "which", lambda program: f"/usr/bin/{program}")
    assert find_engine().program == "/usr/bin/podman"


def test_a_docker_client_without_an_engine_is_refused(monkeypatch, tmp_path):
    docker = fake_program(
        tmp_path, "docker", "echo 'Cannot connect to the Docker daemon' >&2; exit 1"
    )
    monkeypatch.setattr(
        containers.shutil, "which", lambda program: str(docker) if program == "docker" else None
    )
    with pytest.raises(ContainerError, match="docker is installed but no Docker engine answers"):
        find_engine()


def test_an_unknown_engine_is_refused():
    with pytest.raises(ContainerError, match="unknown container engine 'lxc'"):
        find_engine("lxc")


def test_inspect_reads_the_engine_and_a_missing_container_is_none(tmp_path):
    facts = (
        '[{"State": {"Status": "running"}, "Config": {"Labels": {"superlists.instance": "test"},'
        ' "Env": ["DJANGO_ALLOWED_HOST=127.0.0.1", "A=b=c"]}, "NetworkSettings": {"Ports":'
        ' {"8000/tcp": [{"HostIp": "127.0.0.1", "HostPort": "8898"}]}}}]'
    )
    engine = Engine(
        str(
            fake_program(
                tmp_path,
                "podman",
                f"""
case "$*" in
  *" here") echo '{facts}' ;;
  *" stranger") echo '[{{"State": {{"Status": "exited"}}, "Config": {{"Labels": null}}}}]' ;;
  *) echo "Error: no such container" >&2; exit 125 ;;
esac""",
            )
        )
    )
    here = engine.inspect("here")
    assert (here.state, here.label, here.host_port) == ("running", "test", 8898)
    assert here.environment == {"DJANGO_ALLOWED_HOST": "127.0.0.1", "A": "b=c"}
    stranger = engine.inspect("stranger")
    assert (stranger.state, stranger.label, stranger.host_port) == ("exited", None, None)
    assert engine.inspect("elsewhere") is None
    assert engine.state("elsewhere") is None


def test_a_broken_engine_is_not_mistaken_for_a_missing_container(tmp_path):
    engine = Engine(
        str(
            fake_program(
                tmp_path,
                "podman",
                """
echo 'Error: default OCI runtime "runc" not found: invalid argument' >&2; exit 125""",
            )
        )
    )
    with pytest.raises(ContainerError, match='cannot inspect containers: .*"runc" not found'):
        engine.state("anything")


def test_a_test_instance_has_the_fixture_opt_in_and_file_email():
    arguments = Instance("box", 8890).run_arguments(fixtures=True)
    assert "--env=DJANGO_ACCEPTANCE_FIXTURES=1" in arguments
    assert f"--env=EMAIL_FILE_PATH={CONTAINER_DATA}/emails" in arguments
    # Reachable from this machine only, with its data on a named volume.
    assert "--publish=127.0.0.1:8890:8000" in arguments
    assert f"--volume=box-data:{CONTAINER_DATA}" in arguments
    assert "--init" in arguments


def test_an_instance_that_is_not_for_tests_keeps_the_fixtures_off():
    arguments = Instance("box", 8890).run_arguments(fixtures=False)
    assert "--env=DJANGO_ACCEPTANCE_FIXTURES=0" in arguments
    assert not [a for a in arguments if "EMAIL_FILE_PATH" in a]


@pytest.mark.parametrize(
    ("name", "valid"),
    [("superlists-test", True), ("a.b_c", True), ("", False), ("-x", False), ("a b", False)],
)
def test_container_names(name, valid):
    assert valid_name(name) is valid


def test_the_containerfile_defaults_match_the_shared_layout():
    defaults = dict(re.findall(r"^ARG (\w+)=(\S+)$", CONTAINERFILE.read_text(), re.MULTILINE))
    assert defaults["SITE"] == CONTAINER_SITE.root
    assert defaults["DATA"] == CONTAINER_DATA
    assert defaults["BASE"] == containers.BASE_IMAGE


def test_an_image_build_sees_only_the_app():
    rules = [
        line.strip()
        for line in (ROOT / ".dockerignore").read_text().splitlines()
        if line.strip() and not line.startswith("#")
    ]
    # Everything is ignored first; only the app's own files are let back in.
    assert rules[0] == "*"
    allowed = {rule[1:] for rule in rules if rule.startswith("!")}
    assert allowed == {
        "manage.py",
        "requirements.txt",
        "superlists",
        "container/serve",
        "build/wheels",
    }


@pytest.fixture
def container_script(tmp_path, monkeypatch):
    """scripts/container's functions (`scripts.container`), run in this process:
    wheels and the build log stay in `tmp_path`, and a stand-in podman (written
    by the test) comes first on PATH."""
    from scripts import container

    monkeypatch.setattr(container, "build_wheels", lambda progress: ROOT / "build" / "under-test")
    monkeypatch.setattr(container, "BUILD_LOG", tmp_path / "build.log")
    monkeypatch.setenv("PATH", f"{tmp_path}:{__import__('os').environ['PATH']}")

    def run(*arguments, podman_script):
        fake_program(tmp_path, "podman", podman_script)
        monkeypatch.setattr("sys.argv", ["scripts/container", *arguments])
        return container.main()

    return run


def test_a_failed_image_build_is_one_line_naming_the_step(container_script, capsys, tmp_path):
    status = container_script(
        "build",
        podman_script="""
case "$1" in
  image) exit 0 ;;
  build)
    echo "STEP 1/18: FROM localhost/superlists-base:bookworm"
    echo "STEP 9/18: RUN python3 -m venv /srv/superlists/.venv && pip install"
    echo "ERROR: No matching distribution found for Django==5.2.19"
    echo "Error: building at STEP \\"RUN python3 -m venv\\": exit status 1"
    exit 1 ;;
esac""",
    )
    assert status == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(
        "container: error: the image build failed at step 9/18 (RUN python3"
    )
    assert "Django==5.2.19" in (tmp_path / "build.log").read_text()


def test_a_port_taken_by_another_program_is_one_line(container_script, capsys):
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        status = container_script("up", "--name", "nobody-uses-this", "--port", str(port),
                                  podman_script="""
case "$1" in
  inspect) echo "Error: no such container nobody-uses-this" >&2; exit 125 ;;
  *) exit 0 ;;
esac""")  # fmt: skip
    assert status == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert len(errors) == 1
    assert errors[0].startswith(f"container: error: port {port} on 127.0.0.1 is already in use")


def test_behave_ini_points_the_container_server_at_the_test_instance():
    import configparser

    ini = configparser.ConfigParser(interpolation=None)
    ini.read(ROOT / "behave.ini")
    userdata = ini["behave.userdata"]
    assert userdata["container"] == containers.TEST_INSTANCE.name
    assert userdata["container.url"] == containers.TEST_INSTANCE.url


@pytest.mark.parametrize("command", ["up", "down"])
def test_a_container_in_use_by_a_run_is_neither_replaced_nor_stopped(
    container_script, capsys, tmp_path, command
):
    status = container_script(
        command,
        podman_script=f"""
echo "$@" >> {tmp_path}/calls
case "$1" in
  top) echo "COMMAND"; echo "/srv/superlists/.venv/bin/python src/manage.py fixture_server" ;;
  *) exit 0 ;;
esac""",
    )
    assert status == 1
    errors = capsys.readouterr().err.strip().splitlines()
    assert errors == [
        "container: error: container superlists-test is in use by an acceptance run (its "
        "fixture process is running): wait for the run to finish, or stop it (Ctrl-C), "
        "then try again"
    ]
    calls = (tmp_path / "calls").read_text().splitlines()
    assert not [call for call in calls if call.startswith(("rm", "stop", "run", "build"))]
