"""The ``kg`` command: a thin shell over the library (the only module importing click/rich).

Exit codes (docs/errors.md): 0 success/conforms, 1 violations or skipped input, 2 usage or
unreadable input, 130 interrupted. Errors are one line on stderr, never a traceback.

Plain click keeps start-up cheap (``kg query`` is benchmarked against Oxigraph's CLI); rich is
imported only by the table output and the progress bar.
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path
from typing import Iterable, Optional

import click

from kg.errors import EXIT_FAILED, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, KGError
from kg.paths import DEFAULT_ARTICLES, DEFAULT_STORE

PATH = click.Path(path_type=Path)


class _Argument(click.Argument):
    """A positional argument with a help text (listed under "Arguments:"; click < 8.5 has no
    argument help, and 8.5's section shows no defaults)."""

    def __init__(self, *args, help: str | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.help = help

    def help_row(self, ctx: click.Context) -> tuple[str, str]:
        name = (self.metavar or self.name or "").upper() + ("..." if self.nargs == -1 else "")
        extra = "required" if self.required else (
            f"default: {self.default}" if self.default is not None and ctx.show_default else "")
        return (name if self.required else f"[{name}]",
                (self.help or "") + (f"  [{extra}]" if extra else ""))


class _Command(click.Command):
    """Help as typer laid it out: arguments with their help before the options, and the whole
    first paragraph as the summary in 'kg --help'."""

    def format_help(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self.format_usage(ctx, formatter)
        self.format_help_text(ctx, formatter)
        rows = [p.help_row(ctx) for p in self.get_params(ctx) if isinstance(p, _Argument)]
        if rows:
            with formatter.section("Arguments"):
                formatter.write_dl(rows)
        self.format_options(ctx, formatter)
        self.format_epilog(ctx, formatter)

    def get_short_help_str(self, limit: int = 45) -> str:
        return " ".join(inspect.cleandoc(self.help or "").split("\n\n")[0].split())


class _Group(click.Group):
    command_class = _Command

    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(self.commands)  # in the order they are defined, not sorted

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except KeyboardInterrupt:  # main() says "Error: interrupted" (exit 130), nothing more
            raise click.Abort() from None


def argument(*decls: str, **kwargs):
    return click.argument(*decls, cls=_Argument, **kwargs)


@click.group(
    name="kg",
    cls=_Group,
    help=(
        "News knowledge graph: extract who said what about whom from news articles into "
        "validated, queryable RDF.\n\n"
        "Typical run: kg build (articles -> store), kg validate, "
        "kg query who-asserts-taiwan-link, kg export --format turtle -o kg.ttl.\n\n"
        "Exit codes: 0 ok, 1 violations or skipped articles, 2 bad input or usage, 130 interrupted.\n\n"
        "Example: kg build && kg query who-asserts-topic --param topic=Ukraine --format csv"
    ),
    no_args_is_help=True,
    context_settings={"help_option_names": ["-h", "--help"], "show_default": True},
)
def app() -> None:
    pass


store_option = click.option("--store", type=PATH, default=DEFAULT_STORE, show_default=True,
                            help="Store directory (Oxigraph on disk).")


def _err(message: str) -> None:
    click.echo(f"Error: {message}", err=True)


def _open_store(path: Path, *, read_only: bool = False):
    from kg.store import KGStore

    return KGStore(path, read_only=read_only)


# -- build ---------------------------------------------------------------------------------
@app.command()
@argument("articles_dir", type=PATH, default=DEFAULT_ARTICLES, required=False,
          help="Folder of .md/.txt articles with YAML front matter.")
@store_option
@click.option("--force", is_flag=True, help="Re-extract every article, even unchanged ones.")
@click.option("--strict", is_flag=True,
              help="Fail (exit 1) without changing the store if any article is bad or fails validation.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", "-j", type=click.IntRange(min=0), default=0,
              help="Processes that extract and validate in parallel; 0 = one per core (up to 4) "
                   "when there are 12 or more articles to build.")
@click.option("--scheduler", metavar="ADDRESS",
              help="Extract and validate on a Dask cluster (e.g. tcp://10.0.0.5:8786); this process "
                   "still writes the store. Needs pip install 'kg-news[distributed]'.")
@click.option("--endpoint", metavar="URL",
              help="Write the graphs to a SPARQL server's Graph Store Protocol URL (e.g. "
                   "http://localhost:7878/store) instead of the store; every article is sent.")
def build(articles_dir: Path, store: Path, force: bool, strict: bool, quiet: bool, workers: int,
          scheduler: Optional[str], endpoint: Optional[str]) -> None:
    """Build the graph: extract every article into its own named graph, validate, summarise.

    Articles whose content is unchanged since the last build are skipped. Bad articles are
    reported one line each and skipped; the exit code is then 1. Each article is written in
    its own transaction, so an interrupted build loses nothing: run it again to finish.

    Example: kg build data/articles --store build/store
    Example: kg build archive/ --scheduler tcp://127.0.0.1:8786   (on a Dask cluster)
    Example: kg build archive/ --endpoint http://localhost:7878/store   (to a SPARQL server)
    """
    from kg.build import build as run_build

    if not articles_dir.is_dir():
        raise KGError(f"{articles_dir}: not a folder (give the folder that holds the articles)"
                      if articles_dir.exists() else f"{articles_dir}: no such folder of articles")
    progress_cb, finish = _progress(quiet)
    if endpoint:
        from kg.build_remote import build_to_endpoint

        try:
            report, summary = build_to_endpoint(articles_dir, endpoint, strict=strict, workers=workers,
                                                scheduler=scheduler, progress=progress_cb)
        finally:
            finish()
        for e in report.errors:
            _err(e)
        if not report.written:
            raise KGError(f"--strict: {report.skipped} article(s) would be skipped; nothing was sent",
                          exit_code=EXIT_FAILED)
        click.echo(f"built {len(report.built)}, skipped {report.skipped} | {summary}")
        if report.skipped:
            raise click.exceptions.Exit(EXIT_FAILED)
        return
    with _open_store(store) as st:
        try:
            report = run_build(articles_dir, st, force=force, strict=strict, workers=workers,
                               progress=progress_cb, scheduler=scheduler)
        except KeyboardInterrupt:
            # more than main()'s "interrupted": say what state the store is in
            raise KGError("interrupted: each article is either fully built or as it was before; "
                          "run 'kg build' again to finish", exit_code=EXIT_INTERRUPTED) from None
        finally:
            finish()
    for e in report.errors:
        _err(e)
    for p in report.ignored:
        click.echo(f"Note: ignored {p} (not a .md or .txt article)", err=True)
    if not report.written:
        raise KGError(f"--strict: {report.skipped} article(s) would be skipped; the store was not changed",
                      exit_code=EXIT_FAILED)
    s = report.stats
    click.echo(
        f"built {len(report.built)}, unchanged {len(report.unchanged)}, skipped {report.skipped} | "
        f"store: {s.articles} articles, {s.triples} triples, {s.claims} claims, "
        f"{s.actors} actors, {s.events} events"
    )
    if report.skipped:
        raise click.exceptions.Exit(EXIT_FAILED)


def _progress(quiet: bool):
    """A rich progress bar on stderr (articles/s); silent when quiet or not a terminal."""
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import (BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn,
                               TimeRemainingColumn)

    prog = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(), TextColumn("ETA"),
                    TimeRemainingColumn(),
                    console=Console(stderr=True), transient=True)
    prog.start()
    task = prog.add_task("extracting", total=None, rate="")

    def update(phase: str, done: int, total: int) -> None:
        elapsed = prog.tasks[0].elapsed or 0
        unit = "graphs" if phase == "validate" else "articles"
        rate = f"{done / elapsed:.1f} {unit}/s" if elapsed and done else ""
        prog.update(task, description="validating" if phase == "validate" else "extracting",
                    completed=done, total=total, rate=rate)

    return update, prog.stop


# -- validate ------------------------------------------------------------------------------
@app.command()
@argument("file", type=PATH, default=None, required=False,
          help="An RDF file (.ttl .trig .nt .nq .jsonld .rdf); default: the store.")
@store_option
@click.option("--format", "-f", "fmt", default="text",
              help="Report format: text, json or turtle (a sh:ValidationReport).")
@click.option("--warnings", is_flag=True, help="Also report recommended-shape warnings (never fail).")
@click.option("--changed", is_flag=True,
              help="Store only: SHACL only on article graphs changed since the last --changed run "
                   "(plus the entities graph and QC queries).")
def validate(file: Optional[Path], store: Path, fmt: str, warnings: bool, changed: bool) -> None:
    """Validate with the SHACL shapes and the QC queries: exit 0 conforms, 1 violations, 2 bad input.

    Example: kg validate build/kg.ttl --format json
    Example: kg validate --changed   (after a rebuild of a few articles: checks only those)
    """
    from kg.validation_run import validate_file, validate_store

    if fmt not in ("text", "json", "turtle"):
        raise KGError(f"--format: '{fmt}' is not one of text, json, turtle")
    if changed:
        if file is not None or fmt == "turtle":
            raise KGError("--changed: validates the store, in text or json (not a file, not turtle)")
        from kg.validation_changed import validate_changed

        progress_cb, finish = _progress(False)
        try:
            with _open_store(store, read_only=True) as st:
                outcome = validate_changed(st, include_warnings=warnings, progress=progress_cb and (
                    lambda done, total: progress_cb("validate", done, total)))
        finally:
            finish()
    elif file is not None:
        outcome = validate_file(file, include_warnings=warnings)
    else:
        with _open_store(store, read_only=True) as st:
            outcome = validate_store(st, include_warnings=warnings)
    sys.stdout.write(outcome.render(fmt))
    if not outcome.conforms:
        raise click.exceptions.Exit(EXIT_FAILED)


# -- queries -------------------------------------------------------------------------------
def _parse_params(values: Iterable[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        if "=" not in item:
            raise KGError(f"--param '{item}': expected key=value")
        key, value = item.split("=", 1)
        params[key.strip()] = value
    return params


@app.command()
@argument("name", help="A saved query name (see 'kg queries') or a path to a .rq file.")
@click.option("--param", "-p", multiple=True, help="Parameter as key=value (repeatable).")
@store_option
@click.option("--endpoint", help="Query a SPARQL 1.1 endpoint URL instead of the store.")
@click.option("--data", type=PATH, help="Query an RDF file with rdflib instead of the store.")
@click.option("--format", "-f", "fmt", default="table",
              help="table, csv, tsv, json (SPARQL results JSON) or markdown.")
@click.option("--describe", is_flag=True, help="Show the query's description and parameters, don't run it.")
def query(name: str, param: tuple[str, ...], store: Path, endpoint: Optional[str], data: Optional[Path],
          fmt: str, describe: bool) -> None:
    """Run a saved SPARQL query and print its results.

    Example: kg query who-asserts-topic --param topic=Taiwan --format csv
    """
    from kg import queries as q

    saved = q.find_query(name)
    if describe:
        click.echo(_describe(saved))
        return
    if fmt not in ("table", "csv", "tsv", "json", "markdown"):
        raise KGError(f"--format: '{fmt}' is not one of table, csv, tsv, json, markdown")
    text = q.bind(saved, _parse_params(param))
    if endpoint:
        from kg.remote import query_endpoint

        result = query_endpoint(endpoint, text)
    elif data is not None:
        from kg.validation_run import load_graph_file

        result = q.run_on_graph(load_graph_file(data), text)
    else:
        with _open_store(store, read_only=True) as st:
            result = q.run_on_store(st, text)
    if fmt == "table":
        _print_table(result, saved.name)
    else:
        sys.stdout.write(result.serialize(fmt))


def _describe(saved) -> str:
    lines = [f"{saved.name}: {saved.summary}", ""]
    if saved.description:
        lines += [saved.description, ""]
    if saved.params:
        lines.append("Parameters:")
        for p in saved.params:
            default = f" (default: {p.default})" if p.default is not None else " (required)"
            lines.append(f"  {p.name} [{p.type}]{default}: {p.description}")
    else:
        lines.append("Parameters: none")
    if saved.tags:
        lines.append("Tags: " + ", ".join(saved.tags))
    return "\n".join(lines)


def _print_table(result, title: str) -> None:
    """A readable table: IRIs shortened to prefixed names, long cells cut with an ellipsis
    (at 60 characters, less when that is what fits the terminal), never wrapped inside a cell;
    csv/tsv/json/markdown give the full values."""
    import shutil

    from rich.console import Console
    from rich.table import Table

    from kg.queries import compact_iri

    if result.graph_nt is not None:
        sys.stdout.write(result.graph_nt)
        return
    if "boolean" in result.data:
        click.echo(str(result.data["boolean"]).lower())
        return
    cells = [[" ".join(compact_iri(r[v]).split()) for v in result.variables] for r in result.rows()]
    full = [max([len(v)] + [len(r[i]) for r in cells]) for i, v in enumerate(result.variables)]
    terminal = shutil.get_terminal_size((0, 0)).columns if sys.stdout.isatty() else 0
    limits = _column_limits(full, terminal - 3 * len(full) - 1) if terminal else [60] * len(full)
    table = Table(title=title, show_lines=False)
    for v in result.variables:
        table.add_column(v, no_wrap=True)
    for r in cells:
        table.add_row(*(_cut(c, limit) for c, limit in zip(r, limits)))
    widths = [min(w, limit) for w, limit in zip(full, limits)]
    console = Console(soft_wrap=False, width=max(80, sum(widths) + 3 * len(widths) + 1))
    console.print(table)
    console.print(f"{len(cells)} row(s)")


def _column_limits(widths: list[int], room: int, floor: int = 12, cap: int = 60) -> list[int]:
    """Cell limits that fit ``room`` characters: narrow columns keep their width, the widest
    give way first, none below ``floor`` (the table then overflows rather than become useless)."""
    limits = [min(w, cap) for w in widths]
    while sum(limits) > room:
        widest = max(range(len(limits)), key=lambda i: limits[i])
        if limits[widest] <= floor:
            break
        limits[widest] -= 1
    return limits


def _cut(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


@app.command("queries")
@click.option("--names", is_flag=True, help="Only the names, one per line (for scripts).")
@click.option("--runnable", is_flag=True,
              help="Only queries that run without --param (every parameter has a default).")
def list_saved_queries(names: bool, runnable: bool) -> None:
    """List the saved queries with their summaries and parameters.

    Example: kg queries, then kg query NAME --describe
    """
    from kg.queries import list_queries

    for saved in list_queries():
        if runnable and any(p.default is None for p in saved.params):
            continue
        if names:
            click.echo(saved.name)
            continue
        params = " ".join(f"{p.name}={p.default if p.default is not None else '…'}" for p in saved.params)
        click.echo(f"{saved.name:32} {saved.summary}" + (f"  [{params}]" if params else ""))


# -- export / load -------------------------------------------------------------------------
@app.command()
@click.option("--format", "-f", "fmt", required=True, help="turtle, trig, ntriples, nquads or jsonld.")
@click.option("-o", "--output", type=PATH, help="File to write (atomically); default stdout.")
@store_option
def export(fmt: str, output: Optional[Path], store: Path) -> None:
    """Export the whole graph, deterministically (same store, byte-identical output).

    Turtle, N-Triples and JSON-LD merge all named graphs; TriG and N-Quads keep them.

    Example: kg export --format trig -o build/kg.trig
    """
    from kg.export import FORMATS, export_text, write_atomically

    if fmt not in FORMATS:
        raise KGError(f"--format: '{fmt}' is not one of {', '.join(FORMATS)}")
    with _open_store(store, read_only=True) as st:
        text = export_text(st, fmt)
    if output is None:
        sys.stdout.write(text)
    else:
        try:
            write_atomically(output, text)
        except OSError as exc:
            raise KGError(f"{output}: cannot write: {exc.strerror or exc}") from None
        click.echo(f"wrote {output}", err=True)


@app.command()
@argument("files", type=PATH, nargs=-1, required=True, help="RDF files; syntax from the extension.")
@store_option
def load(files: tuple[Path, ...], store: Path) -> None:
    """Import existing RDF into the store (named graphs kept; other triples go to graph/loaded/NAME).

    Every file is parsed before anything is written; the write is one transaction.

    Example: kg load extra.ttl more.trig
    """
    from kg.store import load_files

    with _open_store(store) as st:
        counts = load_files(st, files)
    click.echo(f"loaded {sum(counts.values())} triples into {len(counts)} graph(s)")


@app.command()
@click.option("--endpoint", required=True,
              help="Graph Store Protocol URL of the server (e.g. http://localhost:7878/store).")
@store_option
@click.option("--graph-per-article/--single-graph", default=True,
              help="Keep one named graph per article (default).")
@click.option("--graph", help="Put everything into this one named graph instead.")
@click.option("--timeout", type=float, default=30.0, help="Seconds to wait for each HTTP request.")
def push(endpoint: str, store: Path, graph_per_article: bool, graph: Optional[str], timeout: float) -> None:
    """Upload the graph to a SPARQL 1.1 server through the Graph Store HTTP Protocol.

    Credentials come from the environment only: KG_SPARQL_USER + KG_SPARQL_PASSWORD (basic)
    or KG_SPARQL_TOKEN (bearer).

    Example: kg push --endpoint http://localhost:7878/store
    """
    from kg.remote import push as run_push

    with _open_store(store, read_only=True) as st:
        summary = run_push(st, endpoint, graph=graph if graph else None,
                           graph_per_article=graph_per_article and not graph, timeout=timeout)
    click.echo(summary)


@app.command("check-ontology")
@click.option("--with-data", is_flag=True, help="Reason over the store's data too.")
@store_option
def check_ontology_cmd(with_data: bool, store: Path) -> None:
    """Check the OWL ontology with HermiT: exit 0 if consistent with no unsatisfiable class.

    Example: kg check-ontology --with-data
    """
    from kg.ontology import check_ontology

    data = None
    if with_data:
        from rdflib import Graph

        from kg.export import sorted_ntriples

        with _open_store(store, read_only=True) as st:
            data = Graph().parse(data=sorted_ntriples(st), format="nt")
    report = check_ontology(data)
    click.echo(report.message)
    if not report.consistent or report.unsatisfiable:
        raise click.exceptions.Exit(EXIT_FAILED)


def main() -> None:
    """Entry point: run the group, turning domain errors into one-line messages and exit codes."""
    import os

    try:
        code = app.main(standalone_mode=False)
    except KGError as exc:
        _err(str(exc))
        sys.exit(exc.exit_code)
    except click.exceptions.Exit as exc:
        sys.exit(exc.exit_code)
    except click.ClickException as exc:  # usage errors: bad option, missing argument
        exc.show()
        sys.exit(EXIT_USAGE)
    except (KeyboardInterrupt, click.Abort):
        _err("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.exit(EXIT_FAILED)
    except Exception as exc:  # a bug: still one line, the traceback only on request
        if os.environ.get("KG_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set KG_DEBUG=1 for the traceback)")
        sys.exit(EXIT_INTERNAL)
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
