import subprocess
import sys
import time

import pytest

from harness.server.pipes import ExecPipe

# A stand-in fixture process: echoes each line it reads, upper-cased, and
# prints what its argument says first.
ECHO = """
import sys
print(sys.argv[1], end="", flush=True)
for line in sys.stdin:
    print(line.strip().upper(), flush=True)
"""


def echo_pipe(first="ready\\n", timeout=5.0):
    return ExecPipe([sys.executable, "-c", ECHO, first.encode().decode("unicode_escape")], timeout)


def test_lines_go_there_and_back():
    pipe = echo_pipe()
    assert pipe.read_line() == "ready\n"
    pipe.send(b"reset\n")
    pipe.send(b"session\n")
    assert (pipe.read_line(), pipe.read_line()) == ("RESET\n", "SESSION\n")
    pipe.close()


def test_non_ascii_text_arrives_whole():
    pipe = echo_pipe()
    pipe.read_line()
    pipe.send("zoë ünïcödé\n".encode())
    assert pipe.read_line() == "ZOË ÜNÏCÖDÉ\n"
    pipe.close()


def test_silence_is_a_timeout_within_the_pipes_limit():
    pipe = echo_pipe(first="", timeout=0.3)
    started = time.monotonic()
    with pytest.raises(TimeoutError):
        pipe.read_line()
    assert time.monotonic() - started < 2
    pipe.close()


def test_the_end_of_the_process_is_an_empty_line_after_what_it_printed():
    pipe = ExecPipe([sys.executable, "-c", "print('Unknown command', end='')"], 5)
    assert pipe.read_line() == "Unknown command"
    assert pipe.read_line() == ""
    pipe.send(b"anything\n")  # to a process that has gone: no exception here
    pipe.close()


def test_close_ends_the_process_by_closing_its_stdin():
    pipe = echo_pipe()
    pipe.read_line()
    pipe.close()
    assert pipe._process.returncode == 0


def test_close_kills_a_process_that_ignores_end_of_file(monkeypatch):
    pipe = ExecPipe([sys.executable, "-c", "import time; time.sleep(60)"], 5)
    real_wait = subprocess.Popen.wait

    def quick_wait(process, timeout=None):
        return real_wait(process, 0.2 if timeout else None)

    monkeypatch.setattr(subprocess.Popen, "wait", quick_wait)
    pipe.close()
    assert pipe._process.returncode is not None
