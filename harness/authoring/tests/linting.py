"""What the style-check tests share: run the check over one feature, build a
feature's text, and read what each problem line says."""

from harness.authoring.feature_style import main


def lint(tmp_path, text, capsys, name="x.feature"):
    """The style check's lines for one feature, its exit status, and what it
    said on stderr."""
    folder = tmp_path / "features"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text)
    status = main([str(folder)])
    out, err = capsys.readouterr()
    prefix = f"{folder}/"
    return [line.removeprefix(prefix) for line in out.splitlines()], status, err


def feature(scenarios, description="  Edith keeps her lists.\n", header="Feature: Lists\n"):
    return header + description + "\n" + scenarios


def problems_of(lines):
    """Just what each line says is wrong, without file, line and place."""
    return [line.split(": ", 2)[2] for line in lines if not line.startswith("lint-features")]
