"""Command line: parses arguments, runs a command through the core's Desk, or starts the window.

Exit codes: 0 done, 1 some inputs failed (each reported as `file[:line]: reason`),
2 usage error (argparse's own convention).
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import sys
from collections.abc import Sequence

from desktop import __version__
from desktop.cli_values import fraction, megabytes, offset, process_count, top_count

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def _common() -> argparse.ArgumentParser:
    # Accepted before and after the command name: `claimdesk --db X import` and `claimdesk import --db X`.
    p = argparse.ArgumentParser(add_help=False)
    p.add_argument(
        "--db",
        default=argparse.SUPPRESS,
        help="database file or URL (default: $CLAIMDESK_DB or the user data dir)",
    )
    p.add_argument("--annotator", default=argparse.SUPPRESS, help="your name as annotator")
    return p


def build_parser() -> argparse.ArgumentParser:
    common = _common()
    parser = argparse.ArgumentParser(
        prog="claimdesk",
        parents=[common],
        description="Label check-worthy claims in news articles.",
    )
    parser.add_argument("--version", action="version", version=f"claimdesk {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="load the demo corpus into an empty database on start"
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "import",
        parents=[common],
        help="import .txt .html .jsonl .json .csv .tsv .zip files and folders (Claimdesk, Prodigy, "
        "Label Studio and doccano exports bring their claims and labels)",
    )
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument(
        "--max-mb", type=megabytes, default=5.0, help="largest article accepted, in MB (default 5)"
    )
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("articles", parents=[common], help="list the articles")
    p.add_argument("--json", action="store_true")

    sub.add_parser(
        "info", parents=[common], help="database location, schema revision and counts"
    ).add_argument("--json", action="store_true")

    p = sub.add_parser("suggest", parents=[common], help="compute claim suggestions")
    p.add_argument("articles", nargs="*", metavar="ARTICLE")
    p.add_argument("--json", action="store_true")
    p.add_argument("--model", help="spaCy pipeline to use (default en_core_web_sm)")
    p.add_argument("--threshold", type=fraction, help="lowest score shown as a suggestion")
    p.add_argument(
        "--processes", type=process_count, help="worker processes (default: as many as the machine has cores)"
    )
    p.add_argument(
        "--report", action="store_true", help="how well suggestions match the labelled claims"
    )

    p = sub.add_parser(
        "learn", parents=[common], help="retrain the suggestion model from the team's decisions"
    )
    p.add_argument("--json", action="store_true")
    p.add_argument(
        "--from-scratch",
        action="store_true",
        help="rebuild the shipped base model from the CT24 data in --data (as `make model`)",
    )
    p.add_argument("--data", metavar="DIR", help="folder with the CT24 English files")
    p.add_argument("--out", metavar="DIR", help="where --from-scratch writes (default: the package)")

    p = sub.add_parser("export", parents=[common], help="export labelled data")
    p.add_argument(
        "-f",
        "--format",
        required=True,
        choices=["jsonl", "spacy", "csv", "claimreview", "label-studio", "doccano"],
    )
    p.add_argument("-o", "--output", required=True, metavar="FILE")
    p.add_argument("--per-claim", action="store_true")
    p.add_argument("--reviewed-only", action="store_true")
    p.add_argument("--with-suggestions", action="store_true")
    p.add_argument(
        "--threshold",
        type=fraction,
        help="lowest score of an exported suggestion (default 0.5, as `suggest` shows them)",
    )
    p.add_argument(
        "--processes",
        type=process_count,
        help="worker processes for a JSONL export's tokens (default: the idle cores, from "
        "1,000 articles; 1: none)",
    )

    sub.add_parser("agreement", parents=[common], help="inter-annotator agreement").add_argument(
        "--json", action="store_true"
    )

    p = sub.add_parser("evidence", parents=[common], help="find the same claim in other articles")
    p.add_argument("article", metavar="ARTICLE")
    p.add_argument("start", type=offset)
    p.add_argument("end", type=offset)
    p.add_argument("--top", type=top_count, default=5)
    p.add_argument("--json", action="store_true")

    p = sub.add_parser("clusters", parents=[common], help="the same claim across articles, grouped")
    p.add_argument("--json", action="store_true")
    p.add_argument("--rebuild", action="store_true", help="cluster the whole corpus again")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    db = getattr(args, "db", None)
    annotator = getattr(args, "annotator", None)
    if args.command is None:
        from desktop.ui.app import run  # Qt is only imported when a window is wanted

        return run(db=db, annotator=annotator, demo=args.demo)
    from desktop import commands  # keeps `claimdesk --help` and the UI start free of core imports
    from desktop.core.errors import DeskError
    from desktop.core.store import StoreError

    handler = getattr(commands, "cmd_" + args.command)
    # SIGTERM unwinds like Ctrl+C, so an export or import being written cleans up after itself
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    try:
        return handler(args, db, annotator or os.environ.get("CLAIMDESK_ANNOTATOR"))
    except (DeskError, StoreError) as exc:  # a refusal the command did not word itself
        print(f"claimdesk: {exc}", file=sys.stderr)
        return commands.exit_code(exc)
    except BrokenPipeError:  # `claimdesk ... | head`: the reader left, which is fine
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_OK
    except KeyboardInterrupt:
        print("claimdesk: interrupted", file=sys.stderr)
        return 130


def _exit_on_sigterm(signum: int, _frame) -> None:
    raise SystemExit(128 + signum)


def print_json(value) -> None:
    json.dump(value, sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
