"""A scripted stand-in for `RemoteHost`, for the deploy's decisions (no network).

What the host answers is scripted; what the deploy asks of it is recorded,
so a test can say what a deploy does when the host says no.
"""

import re
from dataclasses import dataclass, field
from pathlib import Path

from deploy.options import Served
from deploy.site_layout import SiteLayout

LAYOUT = SiteLayout.named("superlists")
LIVE, NEW = "000004-20261207T090000Z", "000005-20261207T100000Z"
SERVED = Served("superlists", "staging.test", 443, False, 1).record()


@dataclass
class Result:
    stdout: str = ""
    stderr: str = ""
    exited: int = 0

    @property
    def ok(self) -> bool:
        return self.exited == 0

    @property
    def failed(self) -> bool:
        return not self.ok


@dataclass
class Connection:
    user: str = "deploy"
    host: str = "staging.test"
    port: int = 22


@dataclass
class ScriptedHost:
    """Answers commands by the first pattern that matches; records them all."""

    answers: list[tuple[str, Result]] = field(default_factory=list)
    #: What each server-side script command answers, in turn (the last repeats).
    scripts: dict[str, list[dict]] = field(default_factory=dict)
    commands: list[str] = field(default_factory=list)
    scripted: list[tuple[str, ...]] = field(default_factory=list)
    c: Connection = field(default_factory=Connection)
    home: str = "/home/deploy"

    @property
    def where(self) -> str:
        return "deploy@staging.test:22"

    def run(self, command: str, warn: bool = False, **kwargs) -> Result:
        self.commands.append(command)
        for pattern, result in self.answers:
            if re.search(pattern, command):
                if callable(result):
                    result = result()
                if result.failed and not warn:
                    raise AssertionError(f"unexpected failure of {command}")
                return result
        return Result()

    def sudo(self, command: str, warn: bool = False, **kwargs) -> Result:
        # sudo runs the first command of several as root, the rest as the
        # deploy user: several must go through `sh -c` (`|| true` may not).
        if not command.startswith("sh -c "):
            plain = command.removesuffix(" || true")
            assert not re.search(r";|&&|\|\||\||\$\(", plain), f"sudo of several: {command}"
        return self.run(command, warn=warn, **kwargs)

    def put(self, content, path, mode="644") -> None:
        self.commands.append(f"put {path}")

    def install(self, content, path, mode="644") -> None:
        self.commands.append(f"install {path}")

    def script(self, script: Path, *arguments: str, **kwargs) -> dict:
        self.scripted.append(arguments)
        queue = self.scripts.get(arguments[0], [{"ok": True}])
        if callable(queue):
            return queue(self, *arguments[1:])
        return queue.pop(0) if len(queue) > 1 else queue[0]

    @property
    def switched_to(self) -> str | None:
        """The release the last `switch` put live."""
        switches = [args[2] for args in self.scripted if args[0] == "switch"]
        return switches[-1] if switches else None


def switching_host(site_answers, restarts=("0",)) -> ScriptedHost:
    """A host where LIVE is live, and each `site` check answers `site_answers`."""
    return ScriptedHost(
        answers=[
            (r"NRestarts", Result(stdout=restarts[0])),
            (r"^cat \S+/served\.json", Result(stdout=SERVED)),
        ],
        scripts={
            "previous": [{"ok": True, "live": LIVE, "previous": None}],
            "switch": [{"ok": True, "before": LIVE, "new_venv": False}],
            "site": site_answers,
        },
    )
