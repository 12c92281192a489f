"""SHACL Core shapes compiled once into Python checks over an indexed graph: pySHACL's results, faster.

pySHACL (the reference, kept for ``kg validate`` reports) spends ~0.3 s on each article graph of
~1,500 triples, mostly in generic machinery: rdflib graph look-ups per constraint, a report graph
built triple by triple, the ontology copied into every data graph. Our shapes use a small part of
SHACL Core, so this module reads the shapes graph once, turns each shape into a list of checks,
and runs them over plain dict indexes of the data and of the ontology.

The semantics are pySHACL's own, constraint by constraint (value comparisons go through rdflib
literals and pySHACL's ``compare_literal``; nested shapes conform as pySHACL decides with warnings
and infos allowed), and ``tests/test_validation_compiled.py`` checks the two engines report the same
results on every shapes fixture and on mutated article graphs. A shapes graph that uses anything
not implemented here raises :class:`Unsupported` when compiled; callers then use pySHACL.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import Callable, Iterable

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, RDF, RDFS, SH, XSD

Node = object  # an rdflib term
Triples = Iterable[tuple]


class Unsupported(ValueError):
    """The shapes use a SHACL feature this engine does not implement (use pySHACL)."""


# sh: predicates that are not constraints (or are read by the constraint they belong to)
_NOT_CONSTRAINTS = {
    SH.name, SH.description, SH.message, SH.severity, SH.path, SH.targetClass, SH.targetNode,
    SH.targetSubjectsOf, SH.targetObjectsOf, SH.deactivated, SH.order, SH.group, SH.declare,
    SH.defaultValue, SH.qualifiedMinCount, SH.qualifiedMaxCount, SH.qualifiedValueShapesDisjoint,
    SH.flags, SH.prefixes, SH.suggestedShapesGraph, SH.shapesGraph,
}
_ALLOWED = {SH.Warning, SH.Info}  # kg.validate runs pySHACL with allow_warnings and allow_infos
_TYPE, _SUBCLASS = RDF.type, RDFS.subClassOf
_EMPTY: frozenset = frozenset()


# --- the data: dict indexes ------------------------------------------------------------------


class Index:
    """Triples by subject and predicate, plus subjects by (predicate, object) on demand."""

    __slots__ = ("spo", "types", "_pos")

    def __init__(self, triples: Triples):
        spo: dict = {}
        types: dict = {}  # class -> instances: what targets need, without the whole inverse index
        is_type = {_TYPE}  # membership is a hash test in C; p == _TYPE calls rdflib's __eq__
        for s, p, o in triples:
            if p in is_type:
                members = types.get(o)
                if members is None:
                    types[o] = {s}
                else:
                    members.add(s)
            by_p = spo.get(s)
            if by_p is None:
                spo[s] = by_p = {}
            objs = by_p.get(p)
            if objs is None:
                by_p[p] = {o}
            else:
                objs.add(o)
        self.spo = spo
        self.types = types
        self._pos = None

    def objects(self, s, p) -> set:
        by_p = self.spo.get(s)
        return (by_p.get(p) or _EMPTY) if by_p else _EMPTY

    def subjects(self, p, o) -> set:
        if p == _TYPE:
            return self.types.get(o) or _EMPTY
        if self._pos is None:
            pos: dict = {}
            for s, by_p in self.spo.items():
                for pred, objs in by_p.items():
                    for obj in objs:
                        pos.setdefault((pred, obj), set()).add(s)
            self._pos = pos
        return self._pos.get((p, o)) or _EMPTY


class View:
    """The data graph with the ontology mixed in (as pySHACL's ``ont_graph`` does), read-only.

    ``hierarchy`` (two dicts kept by the caller) caches super- and subclasses across data graphs
    that state no rdfs:subClassOf of their own, whose class hierarchy is then the ontology's:
    an article graph's focus nodes would otherwise walk it again for every article.
    """

    def __init__(self, data: Index, ont: Index | None, hierarchy: tuple[dict, dict] | None = None):
        self.data, self.ont = data, ont
        if hierarchy is not None and not any(_SUBCLASS in by_p for by_p in data.spo.values()):
            self._supers, self._subs = hierarchy
        else:
            self._supers, self._subs = {}, {}

    def objects(self, s, p) -> set:
        found = self.data.objects(s, p)
        if self.ont is not None and s in self.ont.spo:
            extra = self.ont.objects(s, p)
            if extra:
                return found | extra
        return found

    def subjects(self, p, o) -> set:
        found = self.data.subjects(p, o)
        if self.ont is not None:
            extra = self.ont.subjects(p, o)
            if extra:
                return found | extra
        return found

    def superclasses(self, cls) -> set:
        """``cls`` and everything reachable by rdfs:subClassOf (rdflib's transitive_objects)."""
        found = self._supers.get(cls)
        if found is None:
            found, todo = {cls}, [cls]
            while todo:
                for sup in self.objects(todo.pop(), _SUBCLASS):
                    if sup not in found:
                        found.add(sup)
                        todo.append(sup)
            self._supers[cls] = found
        return found

    def subclasses(self, cls) -> set:
        found = self._subs.get(cls)
        if found is None:
            found, todo = {cls}, [cls]
            while todo:
                for sub in self.subjects(_SUBCLASS, todo.pop()):
                    if sub not in found:
                        found.add(sub)
                        todo.append(sub)
            self._subs[cls] = found
        return found


# --- paths ---------------------------------------------------------------------------------


def _compile_path(sg: Graph, path) -> Callable[[View, Node], set]:
    if isinstance(path, URIRef):
        return lambda view, node: view.objects(node, path)
    if not isinstance(path, BNode):
        raise Unsupported(f"sh:path {path!r}")
    if sg.value(path, RDF.first) is not None:
        steps = [_compile_path(sg, step) for step in Collection(sg, path)]

        def sequence(view, node):
            current = {node}
            for step in steps:
                current = {v for n in current for v in step(view, n)}
            return current
        return sequence
    inverse = sg.value(path, SH.inversePath)
    if isinstance(inverse, URIRef):
        return lambda view, node: view.subjects(inverse, node)
    alternatives = sg.value(path, SH.alternativePath)
    if alternatives is not None:
        options = [_compile_path(sg, step) for step in Collection(sg, alternatives)]
        return lambda view, node: set().union(*(o(view, node) for o in options))
    for predicate, zero, many in ((SH.zeroOrMorePath, True, True), (SH.oneOrMorePath, False, True),
                                  (SH.zeroOrOnePath, True, False)):
        inner = sg.value(path, predicate)
        if inner is not None:
            step = _compile_path(sg, inner)

            def repeated(view, node, step=step, zero=zero, many=many):
                found = {node} if zero else set()
                frontier = step(view, node)
                found |= frontier
                while many and frontier:
                    frontier = {v for n in frontier for v in step(view, n)} - found
                    found |= frontier
                return found
            return repeated
    raise Unsupported(f"sh:path {path!r}")


# --- shapes ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    focus: Node
    path: Node | None  # the sh:path node in the shapes graph
    value: Node | None
    shape: Node
    severity: URIRef
    messages: tuple[str, ...]


Check = Callable[[View, Node, set], list]  # (view, focus, value nodes) -> [(value or None)]


@dataclass
class Shape:
    node: Node
    severity: URIRef
    messages: tuple[str, ...]
    path: Node | None = None
    values: Callable | None = None  # value nodes of a focus (property shapes)
    checks: list[Check] = field(default_factory=list)
    properties: list["Shape"] = field(default_factory=list)  # sh:property, in the shapes graph's order
    deactivated: bool = False

    def evaluate(self, view: View, focus) -> list[Result]:
        """Every result of this shape on ``focus``, as pySHACL reports them."""
        if self.deactivated:
            return []
        values = self.values(view, focus) if self.values else {focus}
        out: list[Result] = []
        for check in self.checks:
            for value in check(view, focus, values):
                out.append(Result(focus, self.path, value, self.node, self.severity, self.messages))
        for prop in self.properties:
            for value in values:
                out.extend(prop.evaluate(view, value))
        return out

    def conforms(self, view: View, node) -> bool:
        """pySHACL's nested conformance with warnings and infos allowed: a shape of severity
        Warning or Info always conforms; another conforms unless it reports a Violation."""
        if self.deactivated or self.severity in _ALLOWED:
            return True
        return not any(r.severity not in _ALLOWED for r in self.evaluate(view, node))


class Compiler:
    def __init__(self, sg: Graph):
        self.sg = sg
        self.shapes: dict = {}

    def shape(self, node) -> Shape:
        if node in self.shapes:
            return self.shapes[node]
        sg = self.sg
        messages = tuple(sorted(str(m) for m in sg.objects(node, SH.message)))
        for m in messages:
            if "{$" in m or "{?" in m:
                raise Unsupported(f"message template in {node}")
        shape = Shape(node, sg.value(node, SH.severity) or SH.Violation, messages)
        self.shapes[node] = shape  # before the constraints: shapes may refer to each other
        shape.deactivated = sg.value(node, SH.deactivated) == Literal(True)
        path = sg.value(node, SH.path)
        if path is not None:
            shape.path = path
            shape.values = _compile_path(sg, path)
        seen = set()
        for p in sorted(set(sg.predicates(node, None))):
            if p == RDF.type or not str(p).startswith(str(SH)) or p in _NOT_CONSTRAINTS or p in seen:
                continue
            seen.add(p)
            self._constraint(shape, p, list(sg.objects(node, p)))
        if shape.checks and not messages:
            shape.messages = ()  # reported results need sh:message: checked in reporting()
        return shape

    def _one(self, p, objs):
        if len(objs) != 1:
            raise Unsupported(f"{p} given {len(objs)} times")
        return objs[0]

    def _list(self, head) -> list:
        return list(Collection(self.sg, head))

    def _constraint(self, shape: Shape, p, objs) -> None:
        add = shape.checks.append
        if p == SH.property:
            shape.properties.extend(self.shape(o) for o in sorted(objs, key=str))
        elif p == SH.datatype:
            add(_datatype(self._one(p, objs)))
        elif p == SH.nodeKind:
            add(_node_kind(self._one(p, objs)))
        elif p == SH["class"]:
            for cls in objs:
                add(_class(cls))
        elif p == SH.pattern:
            flags = self.sg.value(shape.node, SH.flags)
            add(_pattern(str(self._one(p, objs)), str(flags) if flags is not None else ""))
        elif p in (SH.minLength, SH.maxLength):
            add(_length(int(self._one(p, objs)), p == SH.minLength))
        elif p in (SH.minInclusive, SH.minExclusive, SH.maxInclusive, SH.maxExclusive):
            for bound in objs:
                add(_range(bound, p))
        elif p in (SH.minCount, SH.maxCount):
            if shape.values is None:
                raise Unsupported(f"{p} on a node shape")
            add(_count(int(self._one(p, objs)), p == SH.minCount))
        elif p == SH["in"]:
            add(_in(self._list(self._one(p, objs))))
        elif p == SH.hasValue:
            for hv in objs:
                add(_has_value(hv))
        elif p in (SH.equals, SH.disjoint):
            for other in objs:
                add(_equals(other) if p == SH.equals else _disjoint(other))
        elif p == SH.lessThan:
            for other in objs:
                add(_less_than(other))
        elif p == SH.uniqueLang:
            if self._one(p, objs) == Literal(True):
                add(_unique_lang)
        elif p in (SH["or"], SH.xone, SH["and"]):
            for head in objs:
                members = [self.shape(m) for m in self._list(head)]
                add(_logical(p, members))
        elif p == SH["not"]:
            for other in objs:
                add(_not(self.shape(other)))
        elif p == SH.node:
            for other in objs:
                add(_node(self.shape(other)))
        elif p == SH.qualifiedValueShape:
            if self.sg.value(shape.node, SH.qualifiedValueShapesDisjoint) == Literal(True):
                raise Unsupported("sh:qualifiedValueShapesDisjoint")
            low = self.sg.value(shape.node, SH.qualifiedMinCount)
            high = self.sg.value(shape.node, SH.qualifiedMaxCount)
            add(_qualified(self.shape(self._one(p, objs)),
                           None if low is None else int(low), None if high is None else int(high)))
        else:
            raise Unsupported(f"constraint {p}")


# --- constraint components (each mirrors pySHACL's evaluate) ----------------------------------


def _datatype(dt) -> Check:
    import datetime

    # pySHACL's _assert_actual_datatype: the Python type rdflib gives the value, when it knows one
    kind = {XSD.string: (str, bytes), RDF.langString: (str, bytes), XSD.integer: int,
            XSD.float: float, XSD.decimal: Decimal, XSD.boolean: bool, XSD.date: datetime.date,
            XSD.time: datetime.time, XSD.dateTime: datetime.datetime}.get(dt)
    is_string, is_literal, is_datatype, is_lang = (dt == XSD.string, dt == RDFS.Literal,
                                                   dt == RDFS.Datatype, dt == RDF.langString)

    def actual(v: Literal) -> bool:
        return True if kind is None else isinstance(v.value, kind)

    def check(view, focus, values):
        bad = []
        for v in values:
            ok = False
            if isinstance(v, Literal):
                if v.datatype == dt:
                    ok = False if getattr(v, "ill_typed", None) is True else actual(v)
                elif is_literal:
                    ok = True
                elif is_datatype and v.datatype:
                    ok = True
                elif v.datatype is None and v.language is None and is_string:
                    ok = actual(v)
                elif is_lang and v.language:
                    ok = actual(v)
            if not ok:
                bad.append(v)
        return bad
    return check


_KINDS = {
    SH.IRI: (URIRef,), SH.BlankNode: (BNode,), SH.Literal: (Literal,),
    SH.BlankNodeOrIRI: (BNode, URIRef), SH.BlankNodeOrLiteral: (BNode, Literal),
    SH.IRIOrLiteral: (URIRef, Literal),
}


def _node_kind(kind) -> Check:
    if kind not in _KINDS:
        raise Unsupported(f"sh:nodeKind {kind}")
    types = _KINDS[kind]
    return lambda view, focus, values: [v for v in values if not isinstance(v, types)]


def _class(cls) -> Check:
    def check(view, focus, values):
        bad = []
        for v in values:
            found = False
            if not isinstance(v, Literal):
                found = any(cls in view.superclasses(t) for t in view.objects(v, _TYPE))
            if not found:
                bad.append(v)
        return bad
    return check


_STRING_TYPES = (None, RDF.langString, XSD.string)


def _as_string(v) -> str:  # pySHACL's value_node_to_string
    if isinstance(v, Literal) and v.value is not None and v.datatype in _STRING_TYPES:
        return str(v.value)
    return str(v)


def _pattern(pattern: str, flags: str) -> Check:
    re_flags = 0
    for letter, flag in (("i", re.IGNORECASE), ("x", re.VERBOSE), ("m", re.MULTILINE), ("s", re.DOTALL)):
        if letter in flags:
            re_flags |= flag
    if set(flags) - set("ixms"):
        raise Unsupported(f"sh:flags {flags!r}")
    regex = re.compile(pattern, re_flags)
    return lambda view, focus, values: [
        v for v in values if isinstance(v, BNode) or not regex.search(_as_string(v))]


def _length(limit: int, minimum: bool) -> Check:
    def check(view, focus, values):
        bad = []
        for v in values:
            if isinstance(v, BNode):
                bad.append(v)
                continue
            n = len(_as_string(v))
            if not (n >= limit if minimum else n <= limit):
                bad.append(v)
        return bad
    return check


@lru_cache(maxsize=1)
def _compare_literal():
    from pyshacl.rdfutil.compare import compare_literal
    return compare_literal


RANGE_VERDICTS = 50_000  # values remembered per range constraint (then forgotten, to bound memory)


def _range(bound, which) -> Check:
    if not isinstance(bound, Literal):
        raise Unsupported(f"{which} {bound!r}")
    ok = {SH.minExclusive: lambda c: c > 0, SH.minInclusive: lambda c: c >= 0,
          SH.maxExclusive: lambda c: c < 0, SH.maxInclusive: lambda c: c <= 0}[which]
    bound_is_string = isinstance(bound.value, str)
    # the verdict on a value term against this bound, remembered: the same confidences, offsets
    # and dates recur in every article, and pySHACL's comparison costs ~10 us each
    verdicts: dict = {}

    def conforms(v) -> bool:
        flag = False
        if isinstance(v, Literal) and isinstance(v.value, str) == bound_is_string:
            try:
                flag = ok(_compare_literal()(v, bound))
            except (TypeError, NotImplementedError):
                flag = False
        return flag

    def check(view, focus, values):
        bad = []
        for v in values:
            flag = verdicts.get(v)
            if flag is None:
                if len(verdicts) >= RANGE_VERDICTS:
                    verdicts.clear()
                flag = verdicts[v] = conforms(v)
            if not flag:
                bad.append(v)
        return bad
    return check


def _count(limit: int, minimum: bool) -> Check:
    def check(view, focus, values):
        n = len(values)
        return [None] if (n < limit if minimum else n > limit) else []
    return check


def _in(members: list) -> Check:
    allowed = set(members)
    return lambda view, focus, values: [v for v in values if v not in allowed]


def _has_value(hv) -> Check:
    return lambda view, focus, values: [] if any(v == hv for v in values) else [None]


def _equals(other) -> Check:
    def check(view, focus, values):
        compare = view.objects(focus, other)
        return list(values - compare) + list(compare - values)
    return check


def _disjoint(other) -> Check:
    return lambda view, focus, values: list(values & view.objects(focus, other))


def _less_than(other) -> Check:
    def plain(node):
        if isinstance(node, BNode):
            from pyshacl.errors import ReportableRuntimeError
            raise ReportableRuntimeError("Cannot use sh:lessThan to compare a BlankNode.")
        if isinstance(node, URIRef):
            return str(node), True
        if isinstance(node, Literal) and isinstance(node.value, str):
            return node.value, True
        return node, False

    def check(view, focus, values):
        bad = []
        compare = view.objects(focus, other)
        for original in values:
            v, v_str = plain(original)
            for c in compare:
                c, c_str = plain(c)
                if v_str != c_str or not v < c:
                    bad.append(original)
        return bad
    return check


def _unique_lang(view, focus, values):
    seen, duplicates = set(), set()
    for v in values:
        if isinstance(v, Literal) and v.language:
            lang = str(v.language).lower()
            (duplicates if lang in seen else seen).add(lang)
    return [None] * len(duplicates)


def _logical(kind, members: list[Shape]) -> Check:
    def check(view, focus, values):
        bad = []
        for v in values:
            if kind == SH["or"]:
                ok = any(m.conforms(view, v) for m in members)
            elif kind == SH["and"]:
                ok = all(m.conforms(view, v) for m in members)
            else:
                ok = sum(m.conforms(view, v) for m in members) == 1
            if not ok:
                bad.append(v)
        return bad
    return check


def _not(other: Shape) -> Check:
    return lambda view, focus, values: [v for v in values if other.conforms(view, v)]


def _node(other: Shape) -> Check:
    # pySHACL: a result when the value does not conform or its validation reported anything
    return lambda view, focus, values: [
        v for v in values if not other.conforms(view, v) or other.evaluate(view, v)]


def _qualified(other: Shape, low: int | None, high: int | None) -> Check:
    def check(view, focus, values):
        n = sum(1 for v in values if other.conforms(view, v))
        out = []
        if high is not None and n > high:
            out.append(None)
        if low is not None and n < low:
            out.append(None)
        return out
    return check


# --- targets and the compiled shapes graph --------------------------------------------------


@dataclass
class TargetShape:
    shape: Shape
    classes: tuple
    nodes: tuple
    subjects_of: tuple
    objects_of: tuple

    def focus_nodes(self, view: View) -> set:
        found = set(self.nodes)
        for cls in self.classes:
            for sub in view.subclasses(cls):
                found |= view.subjects(_TYPE, sub)
        for p in self.subjects_of:
            found |= {s for s, by_p in view.data.spo.items() if p in by_p}
            if view.ont is not None:
                found |= {s for s, by_p in view.ont.spo.items() if p in by_p}
        for p in self.objects_of:
            for index in (view.data, view.ont):
                if index is not None:
                    for by_p in index.spo.values():
                        found |= by_p.get(p, set())
        return found


class CompiledShapes:
    """A shapes graph compiled once; :meth:`validate` runs it over one data graph."""

    def __init__(self, shapes: Graph, ontology: Graph | None = None):
        self.shapes_graph = shapes
        compiler = Compiler(shapes)
        candidates = set(shapes.subjects(RDF.type, SH.NodeShape)) | set(shapes.subjects(RDF.type, SH.PropertyShape))
        for t in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf):
            candidates |= set(shapes.subjects(t, None))
        for node in candidates:
            types = set(shapes.objects(node, RDF.type))
            if RDFS.Class in types or OWL.Class in types:
                raise Unsupported(f"implicit class target {node}")
        self.targets = []
        for node in sorted(candidates, key=str):
            spec = [tuple(sorted(shapes.objects(node, t), key=str))
                    for t in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf)]
            if any(spec):
                self.targets.append(TargetShape(compiler.shape(node), *spec))
        for node in candidates:
            compiler.shape(node)  # compile the rest too: an unsupported feature anywhere is an error
        for shape in _reporting(self.targets):
            if (shape.checks or shape.properties) and not shape.messages:
                raise Unsupported(f"{shape.node} has no sh:message (pySHACL would generate one)")
        self.ontology = Index(ontology) if ontology is not None else None
        self._hierarchy: tuple[dict, dict] = ({}, {})

    def results(self, data: Graph | Triples) -> list[Result]:
        view = View(Index(data), self.ontology, self._hierarchy)
        out: list[Result] = []
        for target in self.targets:
            for focus in target.focus_nodes(view):
                out.extend(target.shape.evaluate(view, focus))
        return out

    def validate(self, data: Graph | Triples):
        """``(conforms, violations)`` exactly as ``kg.validation.shacl.validate_graph`` would report them."""
        from kg.validation.report import Finding, sort_key
        from kg.validation.shacl import show_node, show_path

        violations = []
        for r in self.results(data):
            violations.append(Finding(
                severity=str(r.severity).rsplit("#", 1)[-1],
                focus=show_node(r.focus),
                path="" if r.path is None else show_path(self.shapes_graph, r.path),
                message="; ".join(r.messages),
                source=show_node(r.shape),
                value="" if r.value is None else show_node(r.value),
            ))
        violations.sort(key=sort_key)
        return not any(v.severity == "Violation" for v in violations), tuple(violations)


def _reporting(targets: list[TargetShape]) -> list[Shape]:
    """Shapes whose results reach the report: target shapes and their sh:property shapes."""
    out, todo, seen = [], [t.shape for t in targets], set()
    while todo:
        shape = todo.pop()
        if shape.node in seen:
            continue
        seen.add(shape.node)
        out.append(shape)
        todo.extend(shape.properties)
    return out


@lru_cache(maxsize=2)
def compiled(include_warnings: bool = False) -> CompiledShapes:
    """Our shapes (core, plus recommended when asked) with the ontology, compiled once per process."""
    from kg.validation.shacl import ontology_graph, shapes_graph

    return CompiledShapes(shapes_graph(include_warnings), ontology_graph())


def validate_fast(data: Graph | Triples, *, include_warnings: bool = False):
    """``(conforms, violations)`` for one graph, the same as pySHACL via kg.validation.shacl reports."""
    return compiled(include_warnings).validate(data)
