"""Saved SPARQL queries: the ``#+`` header, typed parameters bound as VALUES, and result formats.

One engine-neutral path: every target (embedded store, RDF file via rdflib, remote endpoint)
produces SPARQL 1.1 Query Results JSON, which Oxigraph's own serialisers turn into CSV/TSV;
the table and markdown views are rendered from the same JSON, so all formats agree.
"""

from __future__ import annotations

import errno
import json
import re
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from kg.errors import QueryError
from kg.errors import first_line as _first_line
from kg.namespaces import curie as compact_iri  # noqa: F401  (display only: results keep full IRIs)
from kg.namespaces import expand as expand_iri
from kg.paths import QUERIES_DIR

PARAM_TYPES = ("string", "label", "iri", "date", "integer", "topic", "actor")
# topic/actor values are resolved to IRIs by kg.resolve_params before binding; given as text
# (a query run without resolution), they are bound like a label.
RESOLVED_TYPES = ("topic", "actor")
_VAR_RE = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_IRI_FORBIDDEN = re.compile(r'[\x00-\x20\x7f-\x9f<>"{}|^`\\]|\s|%(?![0-9A-Fa-f]{2})')
_BACKSLASH_U = re.compile(r"\\\\([uU])")
_WHERE_RE = re.compile(r"\bWHERE\s*\{", re.IGNORECASE)


@dataclass(frozen=True)
class Param:
    """A declared parameter. ``example``/``example_from`` only feed the generated docs:
    ``example_from: QUERY?var`` means "the first row's ``var`` of saved query QUERY run with its
    defaults", for values (minted IRIs) that change with the corpus."""

    name: str
    type: str = "string"
    description: str = ""
    default: str | None = None
    required: bool = True
    example: str | None = None
    example_from: str | None = None
    choices: tuple[str, ...] = ()  # the only values accepted, when the header lists them


@dataclass(frozen=True)
class SavedQuery:
    name: str
    path: Path
    text: str
    summary: str
    description: str = ""
    tags: tuple[str, ...] = ()
    params: tuple[Param, ...] = field(default=())

    @property
    def kind(self) -> str:
        body = re.sub(r"#[^\n]*", "", self.text)
        m = re.search(r"\b(SELECT|ASK|CONSTRUCT|DESCRIBE)\b", body, re.IGNORECASE)
        return m.group(1).upper() if m else "SELECT"


def parse_header(text: str, path: Path) -> dict[str, Any]:
    """The YAML held in the leading ``#+`` comment lines (grlc style)."""
    lines = []
    for raw in text.splitlines():
        if raw.startswith("#+"):
            lines.append(raw[3:] if raw.startswith("#+ ") else raw[2:])
        elif raw.strip() == "" or raw.startswith("#"):
            continue
        else:
            break
    if not lines:
        return {}
    try:
        meta = yaml.safe_load("\n".join(lines)) or {}
    except yaml.YAMLError as exc:
        raise QueryError(f"{path}: the '#+' header is not valid YAML: {getattr(exc, 'problem', exc)}") from None
    if not isinstance(meta, dict):
        raise QueryError(f"{path}: the '#+' header must be 'key: value' lines")
    return meta


def _params(meta: dict, path: Path) -> tuple[Param, ...]:
    out = []
    for p in meta.get("params") or []:
        if not isinstance(p, dict) or not p.get("name") or not _VAR_RE.match(str(p["name"])):
            raise QueryError(f"{path}: each entry of 'params' needs a 'name' that is a SPARQL variable name")
        ptype = str(p.get("type", "string"))
        if ptype not in PARAM_TYPES:
            raise QueryError(f"{path}: parameter '{p['name']}' has unknown type '{ptype}' "
                             f"(one of {', '.join(PARAM_TYPES)})")
        default, example, example_from = p.get("default"), p.get("example"), p.get("example_from")
        choices = p.get("choices") or ()
        if not isinstance(choices, (list, tuple)) or (choices and ptype != "string"):
            raise QueryError(f"{path}: parameter '{p['name']}': 'choices' must be a list, on a string parameter")
        choices = tuple(str(c) for c in choices)
        if choices and default is not None and str(default) not in choices:
            raise QueryError(f"{path}: parameter '{p['name']}': default '{default}' is not one of its choices")
        out.append(Param(name=str(p["name"]), type=ptype, description=str(p.get("description", "")),
                         default=None if default is None else str(default),
                         required=bool(p.get("required", default is None)),
                         example=None if example is None else str(example),
                         example_from=None if example_from is None else str(example_from),
                         choices=choices))
    names = [p.name for p in out]
    if len(set(names)) != len(names):
        raise QueryError(f"{path}: a parameter is declared twice in 'params'")
    return tuple(out)


def read_query(path: Path) -> SavedQuery:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise QueryError(f"{path}: cannot read query file: {getattr(exc, 'strerror', None) or exc}") from None
    meta = parse_header(text, path)
    return SavedQuery(
        name=path.stem, path=path, text=text,
        summary=str(meta.get("summary", "")).strip(),
        description=str(meta.get("description", "")).strip(),
        tags=tuple(str(t) for t in meta.get("tags") or ()),
        params=_params(meta, path),
    )


def list_queries(folder: Path = QUERIES_DIR) -> list[SavedQuery]:
    """The saved queries of ``queries/`` (not the QC checks in ``queries/qc``), by name."""
    return [read_query(p) for p in sorted(folder.glob("*.rq"))]


def qc_queries(folder: Path = QUERIES_DIR / "qc") -> list[SavedQuery]:
    return [read_query(p) for p in sorted(folder.glob("*-violation.rq"))]


def find_query(name_or_file: str, folder: Path = QUERIES_DIR) -> SavedQuery:
    """A saved query by name (``who-asserts-topic``) or a path to any ``.rq`` file."""
    as_path = Path(name_or_file)
    if as_path.suffix == ".rq" or "/" in name_or_file:
        if not as_path.is_file():
            raise QueryError(f"{name_or_file}: no such query file")
        return read_query(as_path)
    for candidate in (folder / f"{name_or_file}.rq", folder / "qc" / f"{name_or_file}.rq"):
        if candidate.is_file():
            return read_query(candidate)
    known = ", ".join(q.name for q in list_queries(folder)) or "none"
    raise QueryError(f"no saved query named '{name_or_file}' (known: {known})")


# -- parameters --------------------------------------------------------------------------
def _escape_literal(value: str) -> str:
    """The body of a double-quoted SPARQL string whose value is exactly ``value``.

    SPARQL expands ``\\uXXXX`` anywhere in the query text before parsing, and rdflib does so even
    after an escaped backslash, so a ``u``/``U`` following a backslash is itself written as a
    codepoint escape: no engine can then read a ``\\u`` sequence the value did not contain.
    """
    out = value.replace("\\", "\\\\").replace('"', '\\"')
    out = out.replace("\n", "\\n").replace("\r", "\\r").replace("\t", "\\t")
    # Eight hex digits: rdflib reads \\u with 4 or 8 digits greedily, so \\u0075 + "0022" would fail.
    return _BACKSLASH_U.sub(lambda m: "\\\\" + ("\\U00000075" if m.group(1) == "u" else "\\U00000055"), out)


def _show(value: str, limit: int = 60) -> str:
    """A value as it may appear in a one-line error: control characters escaped, long ones cut."""
    shown = "".join(c if ord(c) >= 0x20 else repr(c)[1:-1] for c in value)
    return shown if len(shown) <= limit else shown[: limit - 1] + "…"


def _parses_as_iri(value: str) -> bool:
    """Oxigraph's own IRI parser (RFC 3987) has the last word: the regex above only gives the
    common mistakes their message; 'A:##' (two fragments) passes it and would break the query."""
    import pyoxigraph as ox

    try:
        ox.NamedNode(value)
    except ValueError:
        return False
    return True


def term_for(param: Param, value: str) -> str:
    """The SPARQL term for a parameter value, or a one-line QueryError naming the parameter."""
    bad = f"parameter '{param.name}': '{_show(value)}'"
    if param.type == "iri":
        value = expand_iri(value.strip())
        if (not re.match(r"^[A-Za-z][A-Za-z0-9+.-]*:\S", value) or _IRI_FORBIDDEN.search(value)
                or not _parses_as_iri(value)):
            raise QueryError(f"{bad} is not an absolute IRI (like https://w3id.org/newskg/id/actor/china "
                             "or id:actor/china; no spaces, control characters, quotes, braces, angle brackets "
                             "or stray '%')")
        return f"<{value}>"
    if param.type == "date":
        value = value.strip()
        if not re.match(r"^\d{4}(-\d{2}(-\d{2})?)?$", value):
            raise QueryError(f"{bad} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)")
        parts = value.split("-")
        try:
            date(int(parts[0]), int(parts[1]) if len(parts) > 1 else 1, int(parts[2]) if len(parts) > 2 else 1)
        except ValueError:
            raise QueryError(f"{bad} is an impossible date") from None
        dtype = {1: "gYear", 2: "gYearMonth", 3: "date"}[len(parts)]
        return f'"{value}"^^<http://www.w3.org/2001/XMLSchema#{dtype}>'
    if param.type == "integer":
        if not re.match(r"^[+-]?\d{1,18}$", value.strip()):
            raise QueryError(f"{bad} is not an integer")
        return f'"{int(value)}"^^<http://www.w3.org/2001/XMLSchema#integer>'
    if any(ord(c) < 0x20 and c not in "\t\n\r" for c in value):
        raise QueryError(f"parameter '{param.name}': control characters are not allowed")
    if param.choices:
        value = value.strip().casefold()
        if value not in param.choices:
            raise QueryError(f"{bad} is not one of {', '.join(param.choices)}")
    if param.type in ("label", *RESOLVED_TYPES):
        # Labels are matched case-insensitively by the queries; surrounding blanks never matter.
        value = value.strip()
        if not value:
            raise QueryError(f"parameter '{param.name}': a label cannot be empty")
    return f'"{_escape_literal(value)}"'


def check_params(query: SavedQuery, given, *, require: bool = True) -> None:
    """A one-line QueryError for a parameter the query does not declare, or a missing one
    (before anything is opened or resolved)."""
    declared = [p.name for p in query.params]
    for name in given:
        if name not in declared:
            names = ", ".join(declared) or "none"
            raise QueryError(f"query '{query.name}' has no parameter '{_show(name)}' (parameters: {names})")
    for p in query.params:
        if require and given.get(p.name, p.default) is None:
            raise QueryError(f"query '{query.name}' needs parameter '{p.name}': --param {p.name}=VALUE")


def resolve_params(query: SavedQuery, given: dict[str, str | list[str]]) -> dict[str, list[str]]:
    """Check given parameters against the header; fill defaults; return name -> SPARQL terms.

    A list value (the IRIs a topic or actor resolved to) gives one term per IRI."""
    check_params(query, given)
    terms: dict[str, list[str]] = {}
    for p in query.params:
        value = given.get(p.name, p.default)
        if value is None:
            raise QueryError(f"query '{query.name}' needs parameter '{p.name}': --param {p.name}=VALUE")
        if isinstance(value, str):
            terms[p.name] = [term_for(p, value)]
        elif not value:
            raise QueryError(f"parameter '{p.name}': no value to bind")
        else:
            as_iri = Param(name=p.name, type="iri")
            terms[p.name] = [term_for(as_iri, v) for v in value]
    return terms


def bind(query: SavedQuery, given: dict[str, str | list[str]] | None = None) -> str:
    """The query text with parameters bound by a VALUES block opening the outer WHERE group.

    The values are serialised RDF terms (escaped), never spliced text, so they cannot change
    what the query does. FILTERs of the group see them, as with pre-bound variables. A parameter
    given several IRIs (a topic label naming several concepts) gets one row per IRI: the answer
    is the union of the answers for each.
    """
    terms = resolve_params(query, given or {})
    if not terms:
        return query.text
    m = _find_where(query.text)
    if m is None:
        raise QueryError(f"{query.path}: a query with parameters needs a 'WHERE {{' group to bind them in")
    names = list(terms)
    rows = [()]
    for n in names:
        rows = [row + (t,) for row in rows for t in terms[n]]
    block = (" VALUES (" + " ".join(f"?{n}" for n in names) + ") { "
             + " ".join("(" + " ".join(row) + ")" for row in rows) + " }\n")
    return query.text[: m.end()] + block + query.text[m.end():]


def _find_where(text: str):
    """The first ``WHERE {`` outside comments, strings and IRIs."""
    masked = re.sub(r'#[^\n]*|"(?:[^"\\\n]|\\.)*"|\'(?:[^\'\\\n]|\\.)*\'|<[^<>\s]*>',
                    lambda m: " " * len(m.group(0)), text)
    return _WHERE_RE.search(masked)


# -- results -----------------------------------------------------------------------------
@dataclass
class QueryResult:
    """SPARQL 1.1 Query Results JSON (for SELECT/ASK), or N-Triples for CONSTRUCT.

    ``solutions``: a store's SELECT result not read yet (``run_on_store(..., lazy=True)``), so
    CSV/TSV are written by Oxigraph straight from the solutions, as its own CLI does, rather
    than through JSON; reading ``data`` or ``rows()`` turns it into JSON first.
    """

    json_bytes: bytes | None = None
    graph_nt: str | None = None
    solutions: Any = field(default=None, repr=False, compare=False)

    def _materialise(self) -> bytes | None:
        if self.solutions is not None:
            import pyoxigraph as ox

            solutions, self.solutions = self.solutions, None
            try:
                self.json_bytes = solutions.serialize(format=ox.QueryResultsFormat.JSON)
            except OSError as exc:  # an evaluation error met while reading the rows
                raise QueryError(f"query failed: {_first_line(exc)}") from None
        return self.json_bytes

    @property
    def data(self) -> dict:
        return json.loads(self._materialise() or b"{}")

    @property
    def variables(self) -> list[str]:
        return list(self.data.get("head", {}).get("vars", []))

    def rows(self) -> list[dict[str, str]]:
        """Rows as plain strings (IRIs and literal values), '' for unbound."""
        vars_ = self.variables
        return [{v: b[v]["value"] if v in b else "" for v in vars_}
                for b in self.data.get("results", {}).get("bindings", [])]

    def serialize(self, fmt: str) -> str:
        import pyoxigraph as ox

        if self.graph_nt is not None:
            return self.graph_nt
        if fmt == "json":
            return json.dumps(self.data, ensure_ascii=False, indent=1) + "\n"
        if fmt in ("csv", "tsv"):
            ofmt = ox.QueryResultsFormat.CSV if fmt == "csv" else ox.QueryResultsFormat.TSV
            if self.solutions is not None:
                return self._native(ofmt).decode("utf-8")
            parsed = ox.parse_query_results(self._materialise(), format=ox.QueryResultsFormat.JSON)
            return parsed.serialize(format=ofmt).decode("utf-8")
        if fmt == "markdown":
            return render_markdown(self)
        raise QueryError(f"unknown result format '{fmt}'")

    def write(self, fmt: str, out) -> None:
        """``serialize(fmt)`` onto the binary stream ``out``; CSV/TSV of unread solutions are
        streamed row by row (memory stays flat however many rows the store returns)."""
        import pyoxigraph as ox

        if fmt in ("csv", "tsv") and self.solutions is not None and self.graph_nt is None:
            self._native(ox.QueryResultsFormat.CSV if fmt == "csv" else ox.QueryResultsFormat.TSV, out)
        else:
            out.write(self.serialize(fmt).encode("utf-8"))

    def _native(self, ofmt, out=None):
        solutions, self.solutions = self.solutions, None
        try:
            return solutions.serialize(out, format=ofmt)
        except OSError as exc:  # an evaluation error met while streaming the rows
            if isinstance(exc, BrokenPipeError) or exc.errno == errno.EPIPE:
                raise BrokenPipeError(errno.EPIPE, "the reader closed the pipe") from None  # `| head`
            raise QueryError(f"query failed: {_first_line(exc)}") from None


def render_markdown(result: QueryResult, *, compact: bool = False, max_rows: int | None = None,
                    max_cell: int | None = None) -> str:
    """A GitHub-flavoured markdown table; optionally IRIs compacted, rows and cells cut short."""
    vars_ = result.variables
    if "boolean" in result.data:
        return f"{str(result.data['boolean']).lower()}\n"
    iri_vars = _iri_cells(result)

    def cell(row: dict[str, str], var: str, index: int) -> str:
        s = row[var]
        if compact and (index, var) in iri_vars:
            s = compact_iri(s)
        s = s.replace("\r", " ").replace("\n", " ")
        if max_cell is not None and len(s) > max_cell:
            s = s[: max_cell - 1] + "…"
        return s.replace("|", "\\|")

    rows = result.rows()
    shown = rows if max_rows is None else rows[:max_rows]
    lines = ["| " + " | ".join(vars_) + " |", "|" + "---|" * len(vars_)]
    lines += ["| " + " | ".join(cell(r, v, i) for v in vars_) + " |" for i, r in enumerate(shown)]
    if len(shown) < len(rows):
        lines.append(f"\n… and {len(rows) - len(shown)} more row(s).")
    return "\n".join(lines) + "\n"


def _iri_cells(result: QueryResult) -> set[tuple[int, str]]:
    return {(i, var) for i, b in enumerate(result.data.get("results", {}).get("bindings", []))
            for var, v in b.items() if v.get("type") == "uri"}


def run_on_store(store, text: str, *, lazy: bool = False) -> QueryResult:
    """Run on the embedded store, the default graph being the union of the named graphs.

    ``lazy``: a SELECT's solutions are left unread in the result (its ``solutions``) until it
    is written or read; the store must stay open until then (``kg query`` streams CSV/TSV).
    """
    import pyoxigraph as ox

    try:
        res = store.query(text)
        if lazy and isinstance(res, ox.QuerySolutions):
            return QueryResult(solutions=res)
        return _from_oxigraph(res, ox)
    except SyntaxError as exc:
        raise QueryError(f"query does not parse: {_first_line(exc)}") from None
    except OSError as exc:
        raise QueryError(f"query failed: {_first_line(exc)}") from None


def _from_oxigraph(res, ox) -> QueryResult:
    if isinstance(res, ox.QueryTriples):
        triples = sorted(str(t) + " ." for t in res)
        return QueryResult(graph_nt="\n".join(triples) + ("\n" if triples else ""))
    return QueryResult(json_bytes=res.serialize(format=ox.QueryResultsFormat.JSON))


def run_on_graph(graph, text: str) -> QueryResult:
    """Run with rdflib's engine on an in-memory graph (e.g. a loaded export)."""
    try:
        res = graph.query(text)
    except Exception as exc:  # rdflib raises pyparsing errors and plain Exceptions
        raise QueryError(f"query failed in rdflib: {_first_line(exc)}") from None
    if res.type == "CONSTRUCT" or res.type == "DESCRIBE":
        lines = sorted(f"{s.n3()} {p.n3()} {o.n3()} ." for s, p, o in res.graph)
        return QueryResult(graph_nt="\n".join(lines) + ("\n" if lines else ""))
    return QueryResult(json_bytes=normalise_results_json(res.serialize(format="json")))


_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def normalise_results_json(raw: bytes) -> bytes:
    """SPARQL results JSON in the one shape every target gives: ``head`` first, simple literals
    without an explicit ``xsd:string`` datatype (RDF 1.1: the same term; rdflib keeps it when the
    data spelled it out), ``typed-literal`` (SPARQL 2008) as ``literal``.
    """
    data = json.loads(raw or b"{}")
    for row in data.get("results", {}).get("bindings", []):
        for value in row.values():
            if value.get("type") == "typed-literal":
                value["type"] = "literal"
            if value.get("datatype") == _XSD_STRING:
                del value["datatype"]
    ordered = {"head": data.get("head", {})}
    ordered.update((k, v) for k, v in data.items() if k != "head")
    return json.dumps(ordered, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
