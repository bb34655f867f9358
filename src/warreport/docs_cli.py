"""Generate the CLI reference (docs/cli.md) from the commands' own help, so it cannot drift.

Run ``python -m warreport.docs_cli > docs/cli.md`` (``make docs``); a test compares the
file with this output.
"""

from __future__ import annotations

from typing import Any

import typer

from warreport.cli import app
from warreport.config import ENV_PREFIX, SETTINGS


def _escape(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _arg_name(param: Any) -> str:
    name = (param.name or "").upper()
    return f"{name}..." if param.nargs == -1 else name


def _param_row(param: Any) -> str:
    if param.param_type_name == "option":
        names = ", ".join(f"`{n}`" for n in [*param.opts, *param.secondary_opts])
        default = ""
        if (
            param.show_default is not False
            and param.default not in (None, False, (), [])
            and not param.is_flag
        ):
            default = f"`{param.default}`"
        kind = "flag" if param.is_flag else "value"
    else:
        names = f"`{_arg_name(param)}`"
        default = ""
        kind = "argument" + (", required" if param.required else "")
    return f"| {names} | {kind} | {default} | {_escape(getattr(param, 'help', '') or '')} |"


def _command_doc(cmd: Any, path: list[str], level: int) -> list[str]:
    out = [f"{'#' * level} `{' '.join(path)}`", ""]
    if cmd.help:
        out += [cmd.help.strip(), ""]
    params = [p for p in cmd.params if not getattr(p, "hidden", False)]
    args = [_arg_name(p) for p in params if p.param_type_name == "argument"]
    usage = [*path, "[OPTIONS]"]
    if hasattr(cmd, "commands"):
        usage.append("COMMAND [ARGS]...")
    out += ["```", " ".join(usage + args), "```", ""]
    if params:
        out += ["| option | kind | default | help |", "|---|---|---|---|"]
        out += [_param_row(p) for p in params]
        out += ["| `--help`, `-h` | flag | | Show the help and exit. |", ""]
    for name in sorted(getattr(cmd, "commands", {})):
        sub = cmd.commands[name]
        if not sub.hidden:
            out += _command_doc(sub, [*path, name], min(level + 1, 4))
    return out


def render() -> str:
    root = typer.main.get_command(app)
    lines = [
        "# CLI reference",
        "",
        "Generated from the commands' `--help` by `python -m warreport.docs_cli` (`make docs`);",
        "a test fails when this file and the code disagree.",
        "",
    ]
    lines += _command_doc(root, ["warreport"], 2)
    lines += [
        "## Settings",
        "",
        "Layered: defaults < config file (`./warreport.toml` or `WARREPORT_CONFIG`, keys under",
        "`[warreport]`) < `WARREPORT_*` environment variables < command-line flags.",
        "",
        "| setting | environment | default | help |",
        "|---|---|---|---|",
    ]
    for setting in SETTINGS:
        default = f"`{setting.default}`" if setting.default != "" else "(empty)"
        lines.append(
            f"| `{setting.name}` | `{ENV_PREFIX}{setting.name.upper()}` | {default} | {_escape(setting.help)} |"
        )
    return "\n".join(lines).rstrip() + "\n"


if __name__ == "__main__":
    print(render(), end="")
