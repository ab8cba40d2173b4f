"""The ``entitylink`` command line: ``main(argv) -> exit code``.

The last room: it may import every room; nothing imports it but ``__main__``.

Library errors become one-line messages here and nowhere else. Exit codes
(``EXIT_CODES``, printed by ``--help``): 0 every input done; 1 some inputs
failed, each listed; 2 usage error or nothing could run (bad flags, an
unwritable output, a missing or bad dictionary).

    $ entitylink annotate examples/ -o mentions.jsonl
    $ entitylink evaluate --gold gold.jsonl articles/
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from entitylink.cli.common import (
    EXIT_CODES,
    EXIT_FAILED,
    EXIT_OK,
    EXIT_USAGE,
    add_linking_options,
    link_options,
    make_linker,
)
from entitylink.cli.help import epilog
from entitylink.cli.logs import setup_logging
from entitylink.errors import DictionaryError, EntityLinkError, OutputError, UsageError

__all__ = ["EXIT_CODES", "EXIT_FAILED", "EXIT_OK", "EXIT_USAGE", "build_parser", "link_options", "main",
           "make_linker"]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str):  # usage errors exit 2 with one line, no traceback
        self.print_usage(sys.stderr)
        raise SystemExit(f"{self.prog}: error: {message}") from None


class _Version(argparse.Action):
    """``--version``: the installed version, looked up only when asked (``importlib.metadata``
    reads the installed distributions: some 20 ms of every start otherwise)."""

    def __init__(self, option_strings, dest=argparse.SUPPRESS, default=argparse.SUPPRESS,
                 help="show program's version number and exit"):
        super().__init__(option_strings=option_strings, dest=dest, default=default, nargs=0, help=help)

    def __call__(self, parser, namespace, values, option_string=None):
        from entitylink._version import __version__

        sys.stdout.write(f"{parser.prog} {__version__}\n")
        parser.exit()


def _global_options() -> argparse.ArgumentParser:
    """The flags accepted before or after any subcommand (``-v`` after it does not reset the default)."""
    g = argparse.ArgumentParser(add_help=False)
    g.add_argument("-v", "--verbose", action="count", default=argparse.SUPPRESS, help="log more (repeat for debug)")
    return g


def _sub(sub, name: str, help: str, **kwargs) -> argparse.ArgumentParser:
    """A subcommand's parser, with the global flags and its examples and the exit codes as epilog."""
    return sub.add_parser(name, help=help, description=help[0].upper() + help[1:] + ".", parents=[_global_options()],
                          epilog=epilog(name), formatter_class=argparse.RawDescriptionHelpFormatter, **kwargs)


def build_parser() -> argparse.ArgumentParser:
    """The argument parser of every subcommand."""
    from entitylink.tools.harvest import LIST_COLUMNS
    from entitylink.write.records import FORMATS

    MARKET_GROUPS = ["A", "HK", "US", "index", "board", "fund", "bond", "future", "other"]

    p = _Parser(prog="entitylink", description="Link listed securities, indexes and boards in Chinese financial news.",
                epilog=epilog(None), formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--version", action=_Version)
    p.add_argument("-v", "--verbose", action="count", default=0, help="log more (repeat for debug)")
    sub = p.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    a = _sub(sub, "annotate", "find and link the mentions in articles; one record per mention")
    a.add_argument("paths", nargs="+", metavar="PATH",
                   help="article files, directories, JSONL dumps (.gz too), or - for stdin")
    a.add_argument("-o", "--output", metavar="OUT", help="output file (default: stdout for text formats)")
    a.add_argument("--format", choices=FORMATS,
                   help="output format (default: the one OUT's suffix names, .csv .parquet .conll .spacy, "
                        "else jsonl; parquet and spacy need -o; docs/formats.md)")
    a.add_argument("--csv-bom", action="store_true", help="start a CSV with a UTF-8 BOM, so that Excel reads it right")
    a.add_argument("--level", default="mention", choices=["mention", "entity", "article"],
                   help="one record per mention (default), per security per article, or per article")
    a.add_argument("--glob", action="append", metavar="PATTERN",
                   help="files to take from directories (default: article files)")
    a.add_argument("--encoding", help="decode inputs with this encoding instead of detecting it")
    add_linking_options(a)
    a.add_argument("--min-confidence", type=float, default=None, metavar="P",
                   help="only mentions at least this confident (0-1, default 0): trades recall for precision")
    a.add_argument("--workers", type=int, default=1, metavar="N", help="worker processes (default 1)")
    a.add_argument("--dask", metavar="SCHEDULER", help="run on Dask: local:N or tcp://HOST:PORT")
    a.add_argument("--errors", metavar="FILE", help="write one JSONL line per failed input here")
    a.add_argument("--resume", action="store_true", help="continue an interrupted run writing to -o OUT")
    a.add_argument("--quiet", action="store_true", help="no progress bar")
    a.add_argument("--max-bytes", type=int, default=50 * 1024 * 1024, metavar="N",
                   help="an input larger than this is a failed input, not read (default 50 MiB)")
    a.add_argument("--chunk-size", type=int, default=None, metavar="N",
                   help="inputs written and committed to OUT at once (default 2048): a killed run redoes at most "
                        "this many when resumed")
    a.add_argument("--max-mentions", type=int, default=100_000, metavar="N",
                   help="an article with more mentions is a failed input (default 100000; 0: no limit)")
    a.add_argument("--timeout-per-article", type=float, default=60.0, metavar="SECONDS",
                   help="an article that takes longer to link is a failed input (default 60; 0: no limit)")
    a.add_argument("--max-decompressed-bytes", type=int, default=None, metavar="N",
                   help="a gzipped dump or stdin that decompresses to more than this fails there, after the "
                        "records before it (default 20 times --max-bytes: 1000 MiB; 0: no limit)")
    a.add_argument("--id-field", action="append", metavar="NAME",
                   help="the id field of dump records (repeat to try several in order; default id)")
    a.add_argument("--text-field", action="append", metavar="NAME",
                   help="the body field of dump records (repeat to try several in order; default html, content, text)")
    a.add_argument("--date-field", action="append", metavar="NAME",
                   help="the date field of dump records, an ISO date or datetime; without an offset it is China "
                        "time, +08:00 (repeat to try several; default date, datetime, published_at)")
    a.set_defaults(handler=_annotate)

    e = _sub(sub, "evaluate", "precision/recall/F1 against a gold file")
    e.add_argument("--gold", required=True, metavar="FILE", help="gold annotations (see gold/GUIDE.md)")
    e.add_argument("paths", nargs="+", metavar="ARTICLES", help="article files, directories or dumps (as for annotate)")
    add_linking_options(e)
    e.add_argument("--min-confidence", type=float, default=None, metavar="P",
                   help="score only mentions at least this confident (0-1, default 0)")
    e.add_argument("--tag-masked", action="store_true",
                   help="also report how many publisher tags are found again when tags are ignored")
    e.add_argument("--max-errors", type=int, default=200, metavar="N", help="errors to list (default 200)")
    e.add_argument("--json", metavar="FILE", dest="json_report",
                   help="also write the scores as JSON to FILE (- for stdout, instead of the text report)")
    e.set_defaults(handler=_evaluate)

    s = _sub(sub, "schema", "print the JSON Schema of the records annotate --level LEVEL writes (JSONL)")
    s.add_argument("--level", default="mention", choices=["mention", "entity", "article"])
    s.set_defaults(handler=_schema)

    ls = _sub(sub, "labelstudio-config", "print the Label Studio labeling config that fits --format labelstudio")
    ls.set_defaults(handler=_labelstudio_config)

    d = _sub(sub, "dict", "dictionary tools: check, harvest, stats")
    dsub = d.add_subparsers(dest="dict_command", metavar="ACTION", parser_class=_Parser)
    dc = _sub(dsub, "check", "validate dictionary CSV files; problems as PATH:LINE: reason")
    dc.add_argument("files", nargs="+", metavar="FILE")
    dc.description = (dc.description or "") + (
                       " Besides the format, an alias that matches ordinary text is refused unless its row says"
                       " common_word=1 (or true; the linker then wants evidence for it): one character, a stop word"
                       " (entitylink.knowledge.dictionary.STOP_WORDS: 公司, 银行, 中国, 市场, 板块 ...), or a word"
                       " jieba counts 20,000 times or more that is not a proper noun (经济, 技术, 企业 ...).")
    dc.set_defaults(handler=_dict_check)
    dh = _sub(dsub, "harvest", "write the tagged (secid, name) pairs the dictionary does not know, as a user "
              "dictionary; with --lists, the securities publishers listed in JSONL records, aligned with the names "
              "the text uses, as a review table")
    dh.description = (dh.description or "") + (
                       " --lists reads Eastmoney raw.stockList, CLS raw.stock_list and 10jqka raw.stock (by the"
                       " record's source, else by which of them raw holds), or with --list-field FIELD a field of"
                       " your own records listing codes or {code, name} objects (600519.SH, sh600519, 00700.HK,"
                       " AAPL.O, NASDAQ:AAPL, 1.600519, BK0922, 600519). The text is title + content (or text, or"
                       " html). Columns: " + ",".join(LIST_COLUMNS) + "; count = records, days = distinct dates,"
                       " in_dictionary = yes (an alias of that secid), other:SECIDS (of others only) or no.")
    dh.add_argument("paths", nargs="+", metavar="PATH",
                    help="articles with span tags, or with --lists JSONL dumps of records "
                         "(.gz too; directories; - for stdin)")
    dh.add_argument("-o", "--output", metavar="OUT", help="CSV to write (default stdout)")
    dh.add_argument("--dictionary", action="append", metavar="FILE", help="user dictionary merged over the default")
    dh.add_argument("--replace-dictionary", action="store_true", help="use only the --dictionary files")
    dh.add_argument("--lists", action="store_true",
                    help="harvest the publishers' lists of JSONL records (not span tags) into a review table")
    dh.add_argument("--list-field", metavar="FIELD",
                    help="read each record's list from FIELD (a dotted path such as raw.codes reaches inside) "
                         "instead of the publisher shapes; implies --lists")
    dh.add_argument("--market", action="append", metavar="GROUP", choices=MARKET_GROUPS,
                    help=f"with --lists: only listed securities of GROUP ({', '.join(MARKET_GROUPS)}; "
                         "repeatable; default all)")
    dh.set_defaults(handler=_dict_harvest)
    ds = _sub(dsub, "stats", "count a dictionary's securities and aliases by market, kind, alias type and source, "
              "with the dates each source covers")
    ds.add_argument("--dictionary", action="append", metavar="FILE", help="user dictionary merged over the default")
    ds.add_argument("--replace-dictionary", action="store_true", help="count only the --dictionary files")
    ds.add_argument("--json", action="store_true", help="print the counts as JSON instead of tables")
    ds.set_defaults(handler=_dict_stats)

    sh = _sub(sub, "show", "print an article's mentions and entities as tables, for reading")
    sh.add_argument("paths", nargs="+", metavar="PATH", help="article files, directories or dumps")
    add_linking_options(sh)
    sh.set_defaults(handler=_show)

    r = _sub(sub, "retag", "write article HTML back with Eastmoney-style spans around untagged mentions")
    r.add_argument("paths", nargs="+", metavar="PATH")
    r.add_argument("-o", "--output", metavar="DIR", required=True, help="directory to write the retagged files to")
    r.add_argument("--min-confidence", type=float, default=0.0, metavar="P",
                   help="only add spans for mentions at least this confident (0-1, default 0)")
    add_linking_options(r)
    r.set_defaults(handler=_retag)
    return p


def _annotate(args: argparse.Namespace) -> int:
    from entitylink.cli.annotate import annotate_command

    return annotate_command(args)


def _evaluate(args: argparse.Namespace) -> int:
    from entitylink.cli.evaluate import evaluate_command

    return evaluate_command(args, make_linker(args))


def _schema(args: argparse.Namespace) -> int:
    import json

    from entitylink.columns import record_schema

    sys.stdout.write(json.dumps(record_schema(args.level), ensure_ascii=False, indent=2) + "\n")
    return EXIT_OK


def _labelstudio_config(args: argparse.Namespace) -> int:
    from entitylink.write.formats import LABELSTUDIO_CONFIG

    sys.stdout.write(LABELSTUDIO_CONFIG)
    return EXIT_OK


def _dict_check(args: argparse.Namespace) -> int:
    from entitylink.cli.dict import check_command

    return check_command(args)


def _dict_harvest(args: argparse.Namespace) -> int:
    from entitylink.cli.dict import harvest_command

    return harvest_command(args)


def _dict_stats(args: argparse.Namespace) -> int:
    from entitylink.cli.dict import stats_command

    return stats_command(args)


def _show(args: argparse.Namespace) -> int:
    from entitylink.cli.show import show_command

    return show_command(args, make_linker(args))


def _retag(args: argparse.Namespace) -> int:
    from entitylink.cli.retag import retag_command

    return retag_command(args, make_linker(args))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit code instead of exiting."""
    parser = build_parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse: --help/--version (0) or a usage error
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
            return EXIT_USAGE
        return exc.code if isinstance(exc.code, int) else EXIT_OK
    if getattr(args, "handler", None) is None:
        parser.print_help(sys.stderr)
        return EXIT_USAGE
    setup_logging(args.verbose)
    try:
        return args.handler(args)
    except (UsageError, OutputError, DictionaryError) as exc:  # nothing could run
        print(f"entitylink: error: {exc}", file=sys.stderr)
        return EXIT_USAGE
    except EntityLinkError as exc:
        print(f"entitylink: error: {exc}", file=sys.stderr)
        return EXIT_FAILED
    except KeyboardInterrupt:
        print("entitylink: interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
