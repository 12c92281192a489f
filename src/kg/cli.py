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

    Articles whose content is unchanged since the last build are skipped, unless kg's extractor
    (its rules, lexicons, gazetteer or spaCy model) changed since then. Bad articles are
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
    if report.reextracted:
        click.echo("Note: kg's extractor (rules, lexicons, gazetteer or model) changed since this store "
                   "was built: every article was extracted again", err=True)
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


def _progress(quiet: bool, label: str = "extracting", unit: str = "articles"):
    """(update(phase, done, total), finish): a progress bar with an ETA on stderr (kg.progress);
    update is None when quiet, in a pipe or under CI."""
    from kg.progress import bar

    update, finish = bar(label, unit, quiet=quiet)
    if update is None:
        return None, finish
    return (lambda phase, done, total: update(label, done, total)), finish


# -- validate ------------------------------------------------------------------------------
@app.command()
@argument("paths", type=PATH, nargs=-1, required=False,
          help="RDF files or folders (.ttl .trig .nt .nq .jsonld .rdf; folders: every RDF file "
               "under them), validated together as one graph; default: the store.")
@store_option
@click.option("--format", "-f", "fmt", default="text",
              help="Report format: text, json, junit (JUnit XML), github (GitHub Actions "
                   "annotations) or turtle (a sh:ValidationReport).")
@click.option("--warnings", is_flag=True, help="Also report recommended-shape warnings (never fail).")
@click.option("--changed", is_flag=True,
              help="Store only: SHACL only on article graphs changed since the last --changed run "
                   "(plus the entities graph and QC queries).")
def validate(paths: tuple[Path, ...], store: Path, fmt: str, warnings: bool, changed: bool) -> None:
    """Validate with the SHACL shapes and the QC queries: exit 0 conforms, 1 violations, 2 unreadable input.

    Without PATHS, the store is validated. Files that cannot be read are reported (exit 2)
    and the rest are still validated, so a CI run shows every problem at once. --changed
    checks only the article graphs changed since its last run (after a rebuild of a few).

    Example: kg validate graphs/ --format junit > kg-validate.xml
    """
    from kg.validation import REPORT_FORMATS, validate_files, validate_store

    if fmt not in REPORT_FORMATS:
        raise KGError(f"--format: '{fmt}' is not one of {', '.join(REPORT_FORMATS)}")
    if changed and (paths or fmt == "turtle"):
        raise KGError("--changed: validates the store, not files, and reports in text, json, junit "
                      "or github (not turtle)")
    if paths:
        report = validate_files(paths, include_warnings=warnings)
    else:
        from kg.validation.changed import validate_changed

        check = validate_changed if changed else validate_store
        progress_cb, finish = _progress(False, "validating", "graphs")
        try:
            with _open_store(store, read_only=True) as st:
                report = check(st, include_warnings=warnings, progress=progress_cb and (
                    lambda done, total: progress_cb("validate", done, total)))
        finally:
            finish()
    if fmt in ("text", "turtle"):
        for error in report.errors:
            _err(str(error))
    sys.stdout.write(report.render(fmt))
    if report.exit_code:
        raise click.exceptions.Exit(report.exit_code)


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
@click.option("--describe", is_flag=True,
              help="Show the query's description and parameters (and what they resolve to), don't run it.")
def query(name: str, param: tuple[str, ...], store: Path, endpoint: Optional[str], data: Optional[Path],
          fmt: str, describe: bool) -> None:
    """Run a saved SPARQL query and print its results.

    Topic and actor parameters take any name the graph knows ("Ukraine", "Beijing", "the
    Kremlin"; see kg query topics / kg query actors); the table's footer says what they
    resolved to.

    Example: kg query who-asserts-topic --param topic=Ukraine --format csv
    """
    import contextlib

    from kg import queries as q
    from kg.resolve_params import KINDS, Resolver, bind_resolved

    saved = q.find_query(name)
    params = _parse_params(param)
    q.check_params(saved, params, require=not describe)
    if not describe and fmt not in ("table", "csv", "tsv", "json", "markdown"):
        raise KGError(f"--format: '{fmt}' is not one of table, csv, tsv, json, markdown")
    with contextlib.ExitStack() as stack:
        if describe:
            resolutions, unresolved = [], None
            if any(p.type in KINDS for p in saved.params):
                try:
                    run = _target(stack, store, endpoint, data)
                except KGError as exc:  # no store yet: describe the query all the same
                    unresolved = str(exc)
                else:
                    resolutions = Resolver(run).resolve(saved, params)
            click.echo(_describe(saved, resolutions, unresolved))
            return
        run = _target(stack, store, endpoint, data)
        text, resolutions = bind_resolved(saved, params, run)
        result = run(text)
        if fmt == "table":
            _print_table(result, saved.name, [r.note() for r in resolutions])
            return
        for r in resolutions:  # csv/json stay pure data; a value that named several things is said on stderr
            if len(r.matches) > 1:
                click.echo(f"Note: {r.note()}", err=True)
        sys.stdout.flush()
        result.write(fmt, sys.stdout.buffer)  # inside: a store's CSV/TSV streams from the open store


def _target(stack, store: Path, endpoint: Optional[str], data: Optional[Path]):
    """SPARQL text -> result on what the user chose: an endpoint, an RDF file or the store."""
    from kg import queries as q

    if endpoint:
        from kg.remote import query_endpoint

        return lambda text: query_endpoint(endpoint, text)
    if data is not None:
        from kg.rdfio.read import read_graph

        graph = read_graph([data])
        return lambda text: q.run_on_graph(graph, text)
    st = stack.enter_context(_open_store(store, read_only=True))
    return lambda text: q.run_on_store(st, text, lazy=True)


def _describe(saved, resolutions=(), unresolved: str | None = None) -> str:
    from kg.resolve_params import values_hint

    resolved = {r.param: r for r in resolutions}
    lines = [f"{saved.name}: {saved.summary}", ""]
    if saved.description:
        lines += [saved.description, ""]
    if saved.params:
        lines.append("Parameters:")
        for p in saved.params:
            default = f" (default: {p.default})" if p.default is not None else " (required)"
            lines.append(f"  {p.name} [{p.type}]{default}: {p.description}")
            hint = " | ".join(p.choices) or values_hint(p.type)
            if hint:
                lines.append(f"    values: {hint}")
            if p.name in resolved:
                lines.append(f"    resolves: {resolved[p.name].note()}")
        if unresolved:
            lines.append(f"  (not resolved: {unresolved})")
    else:
        lines.append("Parameters: none")
    if saved.tags:
        lines.append("Tags: " + ", ".join(saved.tags))
    return "\n".join(lines)


def _print_table(result, title: str, notes: Iterable[str] = ()) -> None:
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
    for note in notes:
        console.print(note, markup=False, highlight=False)


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
    from kg.resolve_params import values_hint

    kinds: dict[str, list[str]] = {}
    for saved in list_queries():
        if runnable and any(p.default is None for p in saved.params):
            continue
        if names:
            click.echo(saved.name)
            continue
        params = " ".join(f"{p.name}={p.default if p.default is not None else '…'}" for p in saved.params)
        click.echo(f"{saved.name:32} {saved.summary}" + (f"  [{params}]" if params else ""))
        for p in saved.params:
            if values_hint(p.type) and p.name not in kinds.setdefault(p.type, []):
                kinds[p.type].append(p.name)
    for kind, used_by in kinds.items():  # where the values of topic/actor parameters are listed
        click.echo(f"\n{', '.join(used_by)}: {values_hint(kind)}")


# -- export / load -------------------------------------------------------------------------
@app.command()
@click.option("--format", "-f", "fmt", required=True, help="turtle, trig, ntriples, nquads or jsonld.")
@click.option("-o", "--output", type=PATH, help="File to write (atomically); default stdout.")
@store_option
def export(fmt: str, output: Optional[Path], store: Path) -> None:
    """Export the whole graph, deterministically (same store, byte-identical output), streamed.

    TriG, N-Quads and JSON-LD keep the named graphs; Turtle and N-Triples merge them.
    JSON-LD is compacted with ontology/context.jsonld (embedded in the file).

    Example: kg export --format trig -o build/kg.trig
    """
    from kg.rdfio.write import FORMATS, export, export_file

    if fmt not in FORMATS:
        raise KGError(f"--format: '{fmt}' is not one of {', '.join(FORMATS)}")
    with _open_store(store, read_only=True) as st:
        if output is None:
            export(st, fmt, sys.stdout.buffer)
            sys.stdout.buffer.flush()
        else:
            export_file(st, fmt, output)
    if output is not None:
        click.echo(f"wrote {output}", err=True)


@app.command()
@argument("files", type=PATH, nargs=-1, required=True,
          help="RDF files or folders; syntax from the extension (.ttl .trig .nt .nq .jsonld .rdf).")
@store_option
def load(files: tuple[Path, ...], store: Path) -> None:
    """Import existing RDF into the store (named graphs kept; other triples go to graph/loaded/NAME).

    Every file is parsed before anything is written; the write is one transaction. A graph
    that is in a file replaces that graph of the store: loading a TriG, N-Quads or JSON-LD
    export into an empty store gives back the exported store.

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
        from kg.rdfio.read import union_graph

        with _open_store(store, read_only=True) as st:
            data = union_graph(st.quads())
    report = check_ontology(data)
    click.echo(report.message)
    if not report.consistent or report.unsatisfiable:
        raise click.exceptions.Exit(EXIT_FAILED)


# -- import ----------------------------------------------------------------------------------
@app.command("import")
@argument("sources", type=PATH, nargs=-1, required=True,
          help="Saved pages (.html, .htm, .html.gz), RSS/Atom feeds, JSON Lines dumps, WARC files, "
               "or folders of them (searched recursively; kinds are recognised by content).")
@click.option("--into", type=PATH, default=DEFAULT_ARTICLES, show_default=True,
              help="Folder the article files go to (what kg build reads).")
@click.option("--publisher", help="Publisher for sources that name none (else the site's host name).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
@click.option("--workers", "-j", type=click.IntRange(min=1), default=1,
              help="Processes that extract pages in parallel (the output is the same).")
def import_cmd(sources: tuple[Path, ...], into: Path, publisher: Optional[str], quiet: bool,
               workers: int) -> None:
    """Import saved news pages, feeds, scraper dumps and web archives as article files.

    One article file per news article, with front matter (id, title, publisher, url, published,
    authors, language, source). Re-importing is idempotent; the same URL or body twice is one
    article (a duplicate). Bad input is one line each and skipped: exit 1. See docs/import.md.

    Example: kg import ~/saved-pages feeds/world.xml crawl.warc.gz --into data/articles
    """
    from kg.ingest import run_import

    update, finish = _progress(quiet, "importing", "files")
    progress_cb = (lambda done, total: update("import", done, total)) if update else None
    try:
        report = run_import(sources, into, publisher=publisher, progress=progress_cb, workers=workers)
    finally:
        finish()
    for line in report.problems:
        _err(line)
    for line in report.duplicates:
        click.echo(f"Note: {line}", err=True)
    for p in report.ignored:
        click.echo(f"Note: ignored {p} (not a page, feed, JSON Lines or WARC file)", err=True)
    click.echo(report.summary())
    if report.skipped:
        raise click.exceptions.Exit(EXIT_FAILED)
# -- serve / report (kg.web) -----------------------------------------------------------------
articles_option = click.option(
    "--articles", type=PATH, default=DEFAULT_ARTICLES, show_default=True,
    help="Folder of the article files, for article bodies with highlights (the store keeps offsets "
         "and sentences, not whole texts; a file is used only if its hash matches the store).")


@app.command()
@store_option
@articles_option
@click.option("--host", default="127.0.0.1", show_default=True,
              help="Address to listen on (127.0.0.1: this machine only).")
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True, help="TCP port.")
@click.option("--query-timeout", type=click.FloatRange(min=0.1), default=5.0, show_default=True,
              help="Seconds a SPARQL query may run before it is stopped (HTTP 503).")
@click.option("--max-result-bytes", type=click.IntRange(min=1000), default=10_000_000, show_default=True,
              help="Largest SPARQL result sent (HTTP 413 beyond).")
@click.option("--workers", type=click.IntRange(min=1), default=2, show_default=True,
              help="Processes answering SPARQL and saved queries.")
def serve(store: Path, articles: Path, host: str, port: int, query_timeout: float,
          max_result_bytes: int, workers: int) -> None:
    """Serve the graph over HTTP: SPARQL endpoint, a page per IRI, the saved queries.

    /sparql is a read-only SPARQL 1.1 Protocol endpoint (with a query editor for browsers);
    /id/... and /topic/... resolve every minted IRI (HTML, Turtle, JSON-LD, N-Triples by Accept);
    /queries runs the saved queries. Reads a snapshot of the store, so kg build can run meanwhile.

    Example: kg serve --store build/store --port 8000   (then open http://127.0.0.1:8000/)
    """
    from kg.web.server import ServeConfig, serve as run_server

    config = ServeConfig(store=store, articles=articles, query_timeout_s=query_timeout,
                         max_result_bytes=max_result_bytes, workers=workers)
    run_server(config, host, port, echo=lambda m: click.echo(m, err=True))


@app.command()
@store_option
@articles_option
@click.option("-o", "--output", type=PATH, required=True, help="Folder to write (replaced whole).")
def report(store: Path, articles: Path, output: Path) -> None:
    """Write the actor, claim, article, event, topic and saved-query pages as a static site.

    Links are relative, so the folder opens from disk or any web server. It is written next to
    OUTPUT first and renamed into place, so OUTPUT is never half-written.

    Example: kg report --store build/store -o build/site   (then open build/site/index.html)
    """
    from kg.web.report import write_site

    update, finish = _progress(False, "writing pages", "pages")
    try:
        counts = write_site(store, output, articles=articles,
                            progress=update and (lambda done, total: update("report", done, total)))
    finally:
        finish()
    click.echo(f"wrote {output}: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()), err=True)
@app.command("eval")
@argument("gold", type=PATH, help="Gold YAML: per article, required/acceptable/forbidden claimants.")
@store_option
@click.option("--format", "-f", "fmt", default="table", help="table or json.")
def eval_cmd(gold: Path, store: Path, fmt: str) -> None:
    """Score the store's claimants against a gold file: precision, recall, F1 per article and overall.

    The gold format is described in docs/extraction.md ("Gold files for kg eval").

    Example: kg eval tests/blind/gold/set1.yaml --store build/blind --format json
    """
    from kg.evaluate import evaluate_store, load_gold, render_json, render_table

    if fmt not in ("table", "json"):
        raise KGError(f"--format: '{fmt}' is not one of table, json")
    gold_articles = load_gold(gold)
    with _open_store(store, read_only=True) as st:
        report = evaluate_store(st, gold_articles, str(gold))
    click.echo(render_json(report) if fmt == "json" else render_table(report))


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
