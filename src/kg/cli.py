"""The ``kg`` command: a thin shell over the library (the only module importing typer/rich).

Exit codes (docs/errors.md): 0 success/conforms, 1 violations or skipped input, 2 usage or
unreadable input, 130 interrupted. Errors are one line on stderr, never a traceback.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import List, Optional

import typer

from kg.errors import EXIT_FAILED, EXIT_INTERNAL, EXIT_INTERRUPTED, EXIT_USAGE, KGError
from kg.paths import ARTICLES_DIR, DEFAULT_STORE

app = typer.Typer(
    name="kg",
    help=(
        "News knowledge graph: extract who said what about whom from news articles into "
        "validated, queryable RDF.\n\n"
        "Typical run: [bold]kg build[/bold] (articles -> store), [bold]kg validate[/bold], "
        "[bold]kg query who-asserts-taiwan-link[/bold], [bold]kg export --format turtle -o kg.ttl[/bold].\n\n"
        "Exit codes: 0 ok, 1 violations or skipped articles, 2 bad input or usage, 130 interrupted.\n\n"
        "Example: [bold]kg build && kg query who-asserts-topic --param topic=Ukraine --format csv[/bold]"
    ),
    add_completion=False,
    no_args_is_help=True,
    rich_markup_mode="rich",
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)

StoreOpt = typer.Option(DEFAULT_STORE, "--store", help="Store directory (Oxigraph on disk).", show_default=True)


def _err(message: str) -> None:
    typer.echo(f"Error: {message}", err=True)


def _open_store(path: Path, *, read_only: bool = False):
    from kg.store import KGStore

    return KGStore(path, read_only=read_only)


# -- build ---------------------------------------------------------------------------------
@app.command()
def build(
    articles_dir: Path = typer.Argument(ARTICLES_DIR, help="Folder of .md/.txt articles with YAML front matter."),
    store: Path = StoreOpt,
    force: bool = typer.Option(False, "--force", help="Re-extract every article, even unchanged ones."),
    strict: bool = typer.Option(False, "--strict", help="Fail (exit 1) without changing the store if any article is bad or fails validation."),
    quiet: bool = typer.Option(False, "--quiet", "-q", help="No progress bar."),
    workers: int = typer.Option(0, "--workers", "-j", min=0, help="Processes that extract and validate in parallel; 0 = one per core (up to 4) when there are 12 or more articles to build."),
) -> None:
    """Build the graph: extract every article into its own named graph, validate, summarise.

    Articles whose content is unchanged since the last build are skipped. Bad articles are
    reported one line each and skipped; the exit code is then 1. Each article is written in
    its own transaction, so an interrupted build loses nothing: run it again to finish.

    Example: [bold]kg build data/articles --store build/store[/bold]
    """
    from kg.build import build as run_build

    if not articles_dir.is_dir():
        raise KGError(f"{articles_dir}: not a folder (give the folder that holds the articles)"
                      if articles_dir.exists() else f"{articles_dir}: no such folder of articles")
    progress_cb, finish = _progress(quiet)
    with _open_store(store) as st:
        try:
            report = run_build(articles_dir, st, force=force, strict=strict, workers=workers,
                               progress=progress_cb)
        except KeyboardInterrupt:
            # typer would turn this into a silent exit 130; say what state the store is in
            raise KGError("interrupted: each article is either fully built or as it was before; "
                          "run 'kg build' again to finish", exit_code=EXIT_INTERRUPTED) from None
        finally:
            finish()
    for e in report.errors:
        _err(e)
    for p in report.ignored:
        typer.echo(f"Note: ignored {p} (not a .md or .txt article)", err=True)
    if not report.written:
        raise KGError(f"--strict: {report.skipped} article(s) would be skipped; the store was not changed",
                      exit_code=EXIT_FAILED)
    s = report.stats
    typer.echo(
        f"built {len(report.built)}, unchanged {len(report.unchanged)}, skipped {report.skipped} | "
        f"store: {s.articles} articles, {s.triples} triples, {s.claims} claims, "
        f"{s.actors} actors, {s.events} events"
    )
    if report.skipped:
        raise typer.Exit(EXIT_FAILED)


def _progress(quiet: bool):
    """A rich progress bar on stderr (articles/s); silent when quiet or not a terminal."""
    if quiet or not sys.stderr.isatty():
        return None, lambda: None
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    prog = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                    TextColumn("{task.fields[rate]}"), TimeElapsedColumn(),
                    console=Console(stderr=True), transient=True)
    prog.start()
    task = prog.add_task("extracting", total=None, rate="")

    def update(phase: str, done: int, total: int) -> None:
        elapsed = prog.tasks[0].elapsed or 0
        rate = f"{done / elapsed:.1f} articles/s" if elapsed and done else ""
        prog.update(task, completed=done, total=total, rate=rate)

    return update, prog.stop


# -- validate ------------------------------------------------------------------------------
@app.command()
def validate(
    file: Optional[Path] = typer.Argument(None, help="An RDF file (.ttl .trig .nt .nq .jsonld .rdf); default: the store."),
    store: Path = StoreOpt,
    fmt: str = typer.Option("text", "--format", "-f", help="Report format: text, json or turtle (a sh:ValidationReport)."),
    warnings: bool = typer.Option(False, "--warnings", help="Also report recommended-shape warnings (never fail)."),
) -> None:
    """Validate with the SHACL shapes and the QC queries: exit 0 conforms, 1 violations, 2 bad input.

    Example: [bold]kg validate build/kg.ttl --format json[/bold]
    """
    from kg.validation_run import validate_file, validate_store

    if fmt not in ("text", "json", "turtle"):
        raise KGError(f"--format: '{fmt}' is not one of text, json, turtle")
    if file is not None:
        outcome = validate_file(file, include_warnings=warnings)
    else:
        with _open_store(store, read_only=True) as st:
            outcome = validate_store(st, include_warnings=warnings)
    sys.stdout.write(outcome.render(fmt))
    if not outcome.conforms:
        raise typer.Exit(EXIT_FAILED)


# -- queries -------------------------------------------------------------------------------
def _parse_params(values: List[str]) -> dict[str, str]:
    params: dict[str, str] = {}
    for item in values:
        if "=" not in item:
            raise KGError(f"--param '{item}': expected key=value")
        key, value = item.split("=", 1)
        params[key.strip()] = value
    return params


@app.command()
def query(
    name: str = typer.Argument(..., help="A saved query name (see 'kg queries') or a path to a .rq file."),
    param: List[str] = typer.Option([], "--param", "-p", help="Parameter as key=value (repeatable)."),
    store: Path = StoreOpt,
    endpoint: Optional[str] = typer.Option(None, "--endpoint", help="Query a SPARQL 1.1 endpoint URL instead of the store."),
    data: Optional[Path] = typer.Option(None, "--data", help="Query an RDF file with rdflib instead of the store."),
    fmt: str = typer.Option("table", "--format", "-f", help="table, csv, tsv, json (SPARQL results JSON) or markdown."),
    describe: bool = typer.Option(False, "--describe", help="Show the query's description and parameters, don't run it."),
) -> None:
    """Run a saved SPARQL query and print its results.

    Example: [bold]kg query who-asserts-topic --param topic=Taiwan --format csv[/bold]
    """
    from kg import queries as q

    saved = q.find_query(name)
    if describe:
        typer.echo(_describe(saved))
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
        typer.echo(str(result.data["boolean"]).lower())
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
def list_saved_queries(
    names: bool = typer.Option(False, "--names", help="Only the names, one per line (for scripts)."),
    runnable: bool = typer.Option(False, "--runnable", help="Only queries that run without --param (every parameter has a default)."),
) -> None:
    """List the saved queries with their summaries and parameters.

    Example: [bold]kg queries[/bold], then [bold]kg query NAME --describe[/bold]
    """
    from kg.queries import list_queries

    for saved in list_queries():
        if runnable and any(p.default is None for p in saved.params):
            continue
        if names:
            typer.echo(saved.name)
            continue
        params = " ".join(f"{p.name}={p.default if p.default is not None else '…'}" for p in saved.params)
        typer.echo(f"{saved.name:32} {saved.summary}" + (f"  [{params}]" if params else ""))


# -- export / load -------------------------------------------------------------------------
@app.command()
def export(
    fmt: str = typer.Option(..., "--format", "-f", help="turtle, trig, ntriples, nquads or jsonld."),
    output: Optional[Path] = typer.Option(None, "-o", "--output", help="File to write (atomically); default stdout."),
    store: Path = StoreOpt,
) -> None:
    """Export the whole graph, deterministically (same store, byte-identical output).

    Turtle, N-Triples and JSON-LD merge all named graphs; TriG and N-Quads keep them.
    Example: [bold]kg export --format trig -o build/kg.trig[/bold]
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
        typer.echo(f"wrote {output}", err=True)


@app.command()
def load(
    files: List[Path] = typer.Argument(..., help="RDF files; syntax from the extension."),
    store: Path = StoreOpt,
) -> None:
    """Import existing RDF into the store (named graphs kept; other triples go to graph/loaded/NAME).

    Every file is parsed before anything is written; the write is one transaction.
    Example: [bold]kg load extra.ttl more.trig[/bold]
    """
    from kg.store import load_files

    with _open_store(store) as st:
        counts = load_files(st, files)
    typer.echo(f"loaded {sum(counts.values())} triples into {len(counts)} graph(s)")


@app.command()
def push(
    endpoint: str = typer.Option(..., "--endpoint", help="Graph Store Protocol URL of the server (e.g. http://localhost:7878/store)."),
    store: Path = StoreOpt,
    graph_per_article: bool = typer.Option(True, "--graph-per-article/--single-graph", help="Keep one named graph per article (default)."),
    graph: Optional[str] = typer.Option(None, "--graph", help="Put everything into this one named graph instead."),
    timeout: float = typer.Option(30.0, "--timeout", help="Seconds to wait for each HTTP request."),
) -> None:
    """Upload the graph to a SPARQL 1.1 server through the Graph Store HTTP Protocol.

    Credentials come from the environment only: KG_SPARQL_USER + KG_SPARQL_PASSWORD (basic)
    or KG_SPARQL_TOKEN (bearer).
    Example: [bold]kg push --endpoint http://localhost:7878/store[/bold]
    """
    from kg.remote import push as run_push

    with _open_store(store, read_only=True) as st:
        summary = run_push(st, endpoint, graph=graph if graph else None,
                           graph_per_article=graph_per_article and not graph, timeout=timeout)
    typer.echo(summary)


@app.command("check-ontology")
def check_ontology_cmd(
    with_data: bool = typer.Option(False, "--with-data", help="Reason over the store's data too."),
    store: Path = StoreOpt,
) -> None:
    """Check the OWL ontology with HermiT: exit 0 if consistent with no unsatisfiable class.

    Example: [bold]kg check-ontology --with-data[/bold]
    """
    from kg.ontology import check_ontology

    data = None
    if with_data:
        from rdflib import Graph

        from kg.export import sorted_ntriples

        with _open_store(store, read_only=True) as st:
            data = Graph().parse(data=sorted_ntriples(st), format="nt")
    report = check_ontology(data)
    typer.echo(report.message)
    if not report.consistent or report.unsatisfiable:
        raise typer.Exit(EXIT_FAILED)


def main() -> None:
    """Entry point: run the app, turning domain errors into one-line messages and exit codes."""
    import os

    from typer.exceptions import Abort, Exit, TyperException

    try:
        code = app(standalone_mode=False)
    except KGError as exc:
        _err(str(exc))
        sys.exit(exc.exit_code)
    except Exit as exc:
        sys.exit(exc.exit_code)
    except TyperException as exc:  # usage errors: bad option, missing argument
        exc.show() if hasattr(exc, "show") else _err(exc.format_message())
        sys.exit(EXIT_USAGE)
    except (KeyboardInterrupt, Abort):
        _err("interrupted")
        sys.exit(EXIT_INTERRUPTED)
    except BrokenPipeError:
        sys.exit(EXIT_FAILED)
    except Exception as exc:  # a bug: still one line, the traceback only on request
        if os.environ.get("KG_DEBUG"):
            raise
        _err(f"internal error: {type(exc).__name__}: {exc} (set KG_DEBUG=1 for the traceback)")
        sys.exit(EXIT_INTERNAL)
    if code == EXIT_INTERRUPTED:  # typer returns 130 on Ctrl-C when not in standalone mode
        _err("interrupted")
    sys.exit(code if isinstance(code, int) else 0)


if __name__ == "__main__":
    main()
