"""The allow-list for ad-hoc Cypher: reading clauses and reading functions only.

`tenure cypher` runs text a user typed (or pasted from somewhere). The engine
also understands statements that write files (`COPY ... TO`), read any file
(`LOAD FROM`), load native code (`LOAD EXTENSION`), change settings
(`CALL timeout=0`) or touch the database (`CHECKPOINT`, `ATTACH`). A deny-list
of those words would miss the next one, so this module accepts a query only if

1. it is short and shallow enough to parse safely (bounded length, tokens and
   bracket depth: a deeply nested expression crashes the engine's parser);
2. it parses, as a whole and as one statement, with the openCypher grammar
   (`antlr4-cypher`): engine-only syntax such as COPY, LOAD, INSTALL, ATTACH,
   EXPORT, IMPORT, CHECKPOINT or `CALL name=value` is not openCypher, so it
   fails here;
3. every clause in the parse tree is a reading one (MATCH, OPTIONAL MATCH,
   WHERE, WITH, UNWIND, RETURN, ORDER BY, SKIP, LIMIT, UNION, EXISTS { pattern };
   the grammar has no `EXISTS { MATCH ... }`),
   and every function called is on a list of reading scalar and aggregate
   functions (so no `nextval`, no table functions, no procedure CALL).

`engine_check` then asks the engine itself (in the query's child process,
see queries/sandbox.py) whether it also sees exactly one statement and plans
only reading operators, in case its grammar and ours ever disagree.
"""

from __future__ import annotations

import re
import sys
from typing import Any

MAX_QUERY_CHARS = 20_000
MAX_TOKENS = 4_000
MAX_DEPTH = 24

ALLOWED = ("reading queries only: MATCH, OPTIONAL MATCH, WHERE, WITH, UNWIND, RETURN, ORDER BY, SKIP, LIMIT, "
           "UNION, EXISTS { pattern } (not EXISTS { MATCH ... }) and reading functions (e.g. count, collect, size, "
           "toLower, date); "
           "no CALL, COPY, LOAD, INSTALL, ATTACH, EXPORT, IMPORT, CHECKPOINT, settings, writes or ';'-separated "
           "statements")

# Reading scalar, list, string, date and aggregate functions (lower case). Anything else is refused.
FUNCTIONS = frozenset("""
count sum avg min max collect percentilecont percentiledisc stdev stdevp count_if
abs ceil ceiling floor round sign sqrt cbrt exp ln log log2 log10 pow power sin cos tan asin acos atan atan2
cot degrees radians pi e rand random factorial gamma even negate bitwise_and bitwise_or bitwise_xor
lower upper lcase ucase tolower toupper trim ltrim rtrim left right substring substr replace reverse split
string_split split_part concat concat_ws contains starts_with ends_with prefix suffix size length lpad rpad
repeat initcap levenshtein regexp_matches regexp_replace regexp_extract regexp_extract_all
regexp_split_to_array array_extract list_extract tostring to_string string
range list_creation list_concat list_cat list_append list_prepend list_position list_indexof list_contains
list_has list_has_all list_slice list_sort list_reverse_sort list_sum list_product list_distinct list_unique
list_any_value list_to_string list_reverse list_element list_transform list_filter list_reduce head tail last
coalesce ifnull nullif greatest least element_at cardinality array_contains array_has array_slice
tointeger toint tofloat todouble toboolean tostringornull tointegerornull tofloatornull cast
date timestamp interval duration to_date date_part datepart date_trunc datetrunc dayname monthname last_day
century epoch_ms make_date current_date current_timestamp to_epoch_ms year month day
id label labels keys properties nodes rels relationships type start_node end_node startnode endnode
is_trail is_acyclic struct_extract map_extract map_keys map_values
""".split())

# Parse-tree rules a reading query may contain; any other rule (CALL, CREATE, MERGE, SET, DELETE,
# REMOVE, ...) is refused by name.
_REFUSED_RULES = {
    "standaloneCall": "CALL", "queryCallSt": "CALL", "updatingStatement": "a write", "deleteSt": "DELETE",
    "removeSt": "REMOVE", "mergeSt": "MERGE", "setSt": "SET", "createSt": "CREATE", "mergeAction": "MERGE",
}
_OPEN = {"(", "[", "{"}
_CLOSE = {")", "]", "}"}


class QueryRefused(ValueError):
    """A query outside the allow-list, with what is allowed."""

    def __init__(self, why: str) -> None:
        super().__init__(f"query refused, `tenure cypher` is read-only: {why}. It accepts {ALLOWED}")
        self.why = why


def _tokens(text: str) -> list[Any]:
    from antlr4 import InputStream
    from antlr4_cypher import CypherLexer

    errors: list[str] = []
    lexer = CypherLexer(InputStream(text))
    lexer.removeErrorListeners()
    lexer.addErrorListener(_Collect(errors))
    tokens = lexer.getAllTokens()
    if errors:
        raise QueryRefused(f"it is not openCypher ({errors[0]})")
    return tokens


class _Collect:
    """An ANTLR error listener that keeps the first messages."""

    def __init__(self, sink: list[str]) -> None:
        self.sink = sink

    def syntaxError(self, recognizer: Any, symbol: Any, line: int, column: int, msg: str, e: Any) -> None:  # noqa: N802
        if len(self.sink) < 3:
            self.sink.append(f"line {line}:{column} {msg}"[:200])

    def reportAmbiguity(self, *a: Any) -> None:  # noqa: N802
        pass

    def reportAttemptingFullContext(self, *a: Any) -> None:  # noqa: N802
        pass

    def reportContextSensitivity(self, *a: Any) -> None:  # noqa: N802
        pass


def _check_shape(text: str) -> None:
    if not isinstance(text, str) or not text.strip():
        raise QueryRefused("the query is empty")
    if len(text) > MAX_QUERY_CHARS:
        raise QueryRefused(f"the query is longer than {MAX_QUERY_CHARS:,} characters")
    if "\x00" in text:
        raise QueryRefused("the query contains a NUL character")


def check_query(text: str) -> None:
    """Raise QueryRefused unless `text` is one reading openCypher query; returns quietly otherwise."""
    from antlr4_cypher import CypherLexer, CypherParser

    _check_shape(text)
    tokens = [t for t in _tokens(text) if t.channel == 0]
    depth = 0
    semis = 0
    for t in tokens:
        if t.text in _OPEN:
            depth += 1
            if depth > MAX_DEPTH:
                raise QueryRefused(f"brackets are nested deeper than {MAX_DEPTH} levels")
        elif t.text in _CLOSE:
            depth -= 1
        elif t.text == ";":
            semis += 1
    if len(tokens) > MAX_TOKENS:
        raise QueryRefused(f"the query has more than {MAX_TOKENS:,} tokens")
    significant = [t for t in tokens if t.type != CypherLexer.SP]
    if semis > 1 or (semis == 1 and significant and significant[-1].text != ";"):
        raise QueryRefused("it holds more than one statement")
    # The grammar is picky about spaces (it wants none before UNION and one inside OPTIONAL MATCH):
    # the same tokens are parsed with and without the space tokens, and either clean parse will do.
    errors: list[str] = []
    tree = _parse(tokens, errors) or _parse(significant, [])
    if tree is None:
        raise QueryRefused(f"it is not a single openCypher query ({errors[0] if errors else 'syntax error'})")
    _walk(tree, CypherParser)


def _parse(tokens: list[Any], errors: list[str]) -> Any:
    """A parse tree of exactly these tokens, or None when they are not one openCypher query."""
    from antlr4 import CommonTokenStream
    from antlr4.ListTokenSource import ListTokenSource
    from antlr4_cypher import CypherParser

    parser = CypherParser(CommonTokenStream(ListTokenSource(list(tokens))))
    parser.removeErrorListeners()
    parser.addErrorListener(_Collect(errors))
    old = sys.getrecursionlimit()
    sys.setrecursionlimit(max(old, 20_000))
    try:
        tree = parser.script()
    except RecursionError:
        raise QueryRefused("it is nested too deeply to check") from None
    finally:
        sys.setrecursionlimit(old)
    if errors or parser.getNumberOfSyntaxErrors():
        return None
    return tree


def _walk(tree: Any, parser_cls: Any) -> None:
    """Every rule must be a reading one; every function on the list."""
    from antlr4 import ParserRuleContext

    stack = [tree]
    names = parser_cls.ruleNames
    while stack:
        node = stack.pop()
        if not isinstance(node, ParserRuleContext):
            continue
        rule = names[node.getRuleIndex()]
        if rule in _REFUSED_RULES:
            raise QueryRefused(f"{_REFUSED_RULES[rule]} is not a reading clause")
        if rule == "functionInvocation":
            name = node.invocationName().getText().strip("`").lower()
            if name not in FUNCTIONS:
                raise QueryRefused(f"function {name[:60]!r} is not on the list of reading functions")
        if node.exception is not None:
            raise QueryRefused("it is not a single openCypher query")
        stack.extend(node.children or [])


# -- the engine's view (run in the child process, on the read-only connection) --------

_OPERATOR = re.compile(r"([A-Z][A-Z_0-9]+)\[\d+\]")
# Physical operators of reading plans (measured on the named queries and tests/test_guard.py);
# TABLE_FUNCTION_CALL is also how the engine feeds a RETURN without MATCH, so functions are
# checked by name above instead.
READ_OPERATORS = frozenset("""
RESULT_COLLECTOR PROJECTION FILTER FLATTEN LIMIT SKIP MULTIPLICITY_REDUCER SCAN_NODE_TABLE SCAN_REL_TABLE
PRIMARY_KEY_SCAN_NODE_TABLE QUERY_PRIMARY_KEY_LOOKUP INDEX_LOOKUP HASH_JOIN_BUILD HASH_JOIN_PROBE
INTERSECT_BUILD INTERSECT CROSS_PRODUCT AGGREGATE AGGREGATE_SCAN AGGREGATE_FINALIZE ORDER_BY ORDER_BY_MERGE
ORDER_BY_SCAN TOP_K TOP_K_SCAN UNION_ALL_SCAN UNWIND TABLE_FUNCTION_CALL RECURSIVE_EXTEND PATH_PROPERTY_PROBE
SEMI_MASKER EMPTY_RESULT DUMMY_SINK DUMMY_SIMPLE_SINK OFFSET PARTITIONER COUNT_REL_TABLE
""".split())


def engine_check(conn: Any, text: str, params: dict[str, Any] | None = None) -> None:
    """The engine must see one statement and plan only reading operators (a second opinion)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        prepared = conn.prepare(text)
    if not prepared.is_success():
        message = prepared.get_error_message() or ""
        if "multiple statements" in message.lower():
            raise QueryRefused("the engine reads it as more than one statement")
        raise RuntimeError(message.splitlines()[0] if message else "the engine cannot prepare this query")
    result = conn.execute("EXPLAIN " + text, params or {})
    plan = result.get_next()[0] if result.has_next() else ""
    ops = set(_OPERATOR.findall(plan))
    unknown = sorted(ops - READ_OPERATORS)
    if unknown:
        raise QueryRefused(f"the engine would run {', '.join(unknown)}, which is not a reading operator")
