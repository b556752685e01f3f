"""Publishing a session's results on PostgreSQL: a handful of set-based statements over temporary tables, the
same results as the Python publisher (publication.ResultsPublisher, which stays the reference and the SQLite
path; tests/test_publication_sql.py compares both on generated candidates).

1. scope: the session's candidates (for a second session, with their normal-session candidacy), the year's rules
   of the level, and the decision and mention of every shown mark, per kind of candidate, computed in Python by
   calculations.decision_for / mention_for themselves (a shown mark has two decimals: 2,001 values from 0.00 to
   20.00);
2. sources: for each candidate and exam component, the candidacy its copies are read from — this session's, the
   normal session's merged with this one's (best of two per subject), or the student's latest candidacy in the
   other exam of the level (normal session, marks locked or published, up to this year);
3. exam marks: per candidate and component, Σ mark × coefficient and Σ coefficient (exact numerics, divided
   never), whether every subject has a mark, and the explanation's subject lines (JSON, built once here);
4. results, written by chunks of candidates (progress after each) in the caller's transaction: the components'
   exact fractions (the annual average as the grades say it: grades.selectors.annual_sql), the final mark as one
   exact fraction rounded ONCE to hundredths with the year's mode (`ROUND_2`, integer division of exact numerics),
   its decision and mention looked up from step 1, and the explanation document the reading side serves as is.
"""

import json
from decimal import Decimal

from django.db import connection

from massar.grades.selectors.annual_sql import annual_averages_sql

from . import calculations as calc
from .models import COMPONENT_OF, EXAMS_OF, ExamKind, ExamSession
from .publication import Progress, ResultsPublisher

CHUNK = 50_000  # candidates written per statement (the progress moves after each)
WORK_MEM = "256MB"

# The exact fraction n / d (n ≥ 0, d > 0, exact numerics) rounded to hundredths with the mode `m` ('half_up' or
# 'half_even'), as calculations.shown does, in hundredths: integer quotients of exact numerics, no division
# rounded by the database.
ROUND_2 = ("(CASE WHEN {m} = 'half_even' THEN div(100 * ({n}), {d}) + CASE"
           " WHEN 2 * mod(100 * ({n}), {d}) > {d} THEN 1"
           " WHEN 2 * mod(100 * ({n}), {d}) = {d} THEN mod(div(100 * ({n}), {d}), 2) ELSE 0 END"
           " ELSE div(200 * ({n}) + {d}, 2 * ({d})) END)")


def shown_sql(n: str, d: str, mode: str) -> str:
    """SQL of n / d as shown: two decimals (numeric), NULL when n is."""
    return f"({ROUND_2.format(n=n, d=d, m=mode)} / 100)::numeric(8, 2)"


_CANDIDATES_SQL = """CREATE TEMP TABLE pub_candidates ON COMMIT DROP AS
SELECT ROW_NUMBER() OVER (ORDER BY c.id) AS n, c.id, c.student_id, c.kind, c.exam_number,
       f.id AS first_id, f.session_id AS first_session_id, f.exam_number AS first_exam_number
FROM exams_candidate c
LEFT JOIN exams_candidate f ON f.session_id = %(normal)s AND f.student_id = c.student_id
WHERE c.session_id = %(session)s"""

_RULES_SQL = """CREATE TEMP TABLE pub_rules ON COMMIT DROP AS
SELECT candidate_kind, continuous_weight, local_weight, provincial_weight, regional_weight, national_weight, out_of,
       rounding
FROM exams_resultrules WHERE school_year_id = %(year)s AND level_id = %(level)s"""

_DECISIONS_SQL = """CREATE TEMP TABLE pub_decisions ON COMMIT DROP AS
SELECT kind, hundredths / 100.0 AS mark, decision, mention
FROM unnest(%(kinds)s::text[], %(marks)s::int[], %(decisions)s::text[], %(mentions)s::text[])
    AS d(kind, hundredths, decision, mention)"""

_SOURCES_TABLE_SQL = """CREATE TEMP TABLE pub_sources (
    n bigint NOT NULL, candidate_id bigint NOT NULL, component text NOT NULL, source_id bigint,
    session_id bigint NOT NULL, exam_number text NOT NULL, merged boolean NOT NULL, source text) ON COMMIT DROP"""

# The explanation's "source" of a source (JSON text), from its session `es`, year `y` and exam number.
def _source(number: str) -> str:
    return ("""'{"kind": ' || to_json(es.kind)::text || ', "school_year": ' || to_json(y.label)::text"""
            f""" || ', "session": ' || es.number || ', "exam_number": ' || to_json({number})::text || '}}'""")

# Every paper's subject code and coefficient, and the start of its subject line in the explanation (JSON text).
_PAPERS_SQL = """CREATE TEMP TABLE pub_papers ON COMMIT DROP AS
SELECT p.id, p.subject_id, sj.code, p.coefficient,
       '{"subject": ' || to_json(sj.code)::text || ', "coefficient": "' || p.coefficient || '", "mark": ' AS line
FROM exams_exampaper p JOIN schools_subject sj ON sj.id = p.subject_id"""

# This session's marks: its own copies, or after a second session the normal session's merged with these.
_OWN_SOURCES_SQL = f"""INSERT INTO pub_sources
SELECT c.n, c.id, %(component)s, CASE WHEN %(second)s THEN c.first_id ELSE c.id END, es.id, c.number, %(second)s,
       {_source("c.number")}
FROM (SELECT pc.*, CASE WHEN %(second)s AND first_id IS NOT NULL THEN first_session_id ELSE %(session)s END
                       AS source_session_id,
             CASE WHEN %(second)s AND first_id IS NOT NULL THEN first_exam_number ELSE exam_number END AS number
      FROM pub_candidates pc) c
JOIN exams_examsession es ON es.id = c.source_session_id
JOIN core_schoolyear y ON y.id = es.school_year_id"""  # noqa: S608 -- only the code's own text

# The student's latest candidacy in another exam of the level (as ResultsPublisher._other_exam reads it).
_OTHER_SOURCES_SQL = f"""INSERT INTO pub_sources
SELECT DISTINCT ON (c.student_id) pc.n, pc.id, %(component)s, c.id, c.session_id, c.exam_number, false,
       {_source("c.exam_number")}
FROM pub_candidates pc
JOIN exams_candidate c ON c.student_id = pc.student_id
JOIN exams_examsession es ON es.id = c.session_id
JOIN core_schoolyear y ON y.id = es.school_year_id
WHERE es.kind = %(kind)s AND es.number = 1 AND es.state IN ('locked', 'published') AND y.starts_on <= %(starts_on)s
ORDER BY c.student_id, y.starts_on DESC, c.id DESC"""  # noqa: S608 -- only the code's own text

# Each source's subject lines, then per (candidate, component) the exact exam mark's parts and the explanation.
# After a second session (merged), per re-sat subject with a mark, the better of the two marks counts
# (calculations.best_of_two: a strictly better mark, or any mark where the first had none).
_EXAMS_SQL = """CREATE TEMP TABLE pub_exams ON COMMIT DROP AS
WITH lines AS (
    SELECT s.candidate_id, s.component, p.code, p.coefficient, p.line, cp.mark, cp.absent, false AS replaced,
           NULL::numeric AS first_mark
    FROM pub_sources s
    JOIN exams_copy cp ON cp.candidate_id = s.source_id
    JOIN pub_papers p ON p.id = cp.paper_id
    WHERE NOT s.merged
    UNION ALL
    SELECT candidate_id, component, code, coefficient, line, CASE WHEN better THEN again ELSE mark END,
           absent AND NOT better, better, CASE WHEN better THEN mark END
    FROM (
        SELECT s.candidate_id, s.component, p.code, p.coefficient, p.line, cp.mark, cp.absent,
               again.mark AS again,
               COALESCE(again.mark IS NOT NULL AND (cp.mark IS NULL OR again.mark > cp.mark), false) AS better
        FROM pub_sources s
        JOIN exams_copy cp ON cp.candidate_id = s.source_id
        JOIN pub_papers p ON p.id = cp.paper_id
        LEFT JOIN (exams_copy again JOIN pub_papers ap ON ap.id = again.paper_id)
               ON again.candidate_id = s.candidate_id AND ap.subject_id = p.subject_id
        WHERE s.merged
    ) merged
)
SELECT s.n, s.candidate_id, s.component, s.source, e.numerator, e.denominator, COALESCE(e.complete, false) AS complete,
       COALESCE(e.subjects, '[]') AS subjects, COALESCE(e.missing_subjects, '[]') AS missing_subjects
FROM pub_sources s
LEFT JOIN (
    -- grouped on narrow rows (the source's text joins after): one sort of the lines, by candidate and component
    SELECT l.candidate_id, l.component,
           SUM(l.mark * l.coefficient) AS numerator, SUM(l.coefficient) AS denominator,
           BOOL_AND(l.mark IS NOT NULL) AS complete,
           '[' || string_agg(
               l.line || COALESCE('"' || l.mark || '"', 'null') || CASE WHEN NOT l.absent AND NOT l.replaced
                   -- the usual line's end as one constant (a line replaced has its first mark; else none)
                   THEN ', "absent": false, "replaced": false, "first_session_mark": null}'
                   ELSE ', "absent": ' || l.absent || ', "replaced": ' || l.replaced || ', "first_session_mark": '
                        || COALESCE('"' || l.first_mark || '"', 'null') || '}' END,
               ', ' ORDER BY l.code COLLATE "C") || ']' AS subjects,
           '[' || COALESCE(string_agg(to_json(l.code)::text, ', ' ORDER BY l.code COLLATE "C")
                           FILTER (WHERE l.mark IS NULL), '') || ']' AS missing_subjects
    FROM lines l
    GROUP BY l.candidate_id, l.component
) e ON e.candidate_id = s.candidate_id AND e.component = s.component
ORDER BY s.n"""

_ANNUAL_TEMPLATE = """CREATE TEMP TABLE pub_annual ON COMMIT DROP AS
SELECT pc.n, a.* FROM pub_candidates pc JOIN ({annual}) a ON a.student_id = pc.student_id"""
_ANNUAL_SQL = _ANNUAL_TEMPLATE.format(annual=annual_averages_sql(students="SELECT student_id FROM pub_candidates"))

TABLES = ("pub_candidates", "pub_rules", "pub_decisions", "pub_papers", "pub_sources", "pub_exams", "pub_annual")


class SqlPublisher(ResultsPublisher):
    """Computes and stores the results of one session in the caller's transaction (`run`), as its parent,
    the Python reference, does."""

    def __init__(self, session: ExamSession, progress: Progress | None = None) -> None:
        super().__init__(session, progress)
        self.own = COMPONENT_OF[ExamKind(session.kind)]
        self.others = [kind for kind in EXAMS_OF.get(self.level, ()) if kind != session.kind] if self.final else []

    def params(self) -> dict:
        return {"session": self.session.pk, "normal": self.session.normal_session_id,
                "second": self.session.normal_session_id is not None, "year": self.session.school_year_id,
                "level": self.session.level_id, "starts_on": self.session.school_year.starts_on,
                "year_label_json": json.dumps(self.session.school_year.label),
                # ExamResult.shown: the session's heading, then each candidate's exam number and kind.
                "shown_head": json.dumps(self.heading)[:-1] + ', "exam_number": '}

    def run(self) -> int:
        params = self.params()
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE IF EXISTS {', '.join(TABLES)}")  # a second run in the same transaction
            cursor.execute(f"SET LOCAL work_mem = '{WORK_MEM}'")
            cursor.execute(_CANDIDATES_SQL, params)
            total = cursor.rowcount
            cursor.execute("SELECT DISTINCT kind FROM pub_candidates")
            self.check_rules({kind for (kind,) in cursor.fetchall()})
            cursor.execute("CREATE INDEX ON pub_candidates (n)")
            cursor.execute(_RULES_SQL, params)
            cursor.execute(_DECISIONS_SQL, self._decisions())
            cursor.execute(_SOURCES_TABLE_SQL)
            cursor.execute(_OWN_SOURCES_SQL, {**params, "component": self.own.value})
            for kind in self.others:
                cursor.execute(_OTHER_SOURCES_SQL, {**params, "kind": kind.value,
                                                    "component": COMPONENT_OF[kind].value})
            cursor.execute(_PAPERS_SQL)
            cursor.execute("ANALYZE pub_sources")
            cursor.execute("ANALYZE pub_papers")
            cursor.execute(_EXAMS_SQL, params)
            # Each chunk reads its own range of candidates (n) from every table, not the whole table again.
            cursor.execute("CREATE INDEX ON pub_exams (n)")
            if self.final:
                cursor.execute(_ANNUAL_SQL, params)
                cursor.execute("CREATE INDEX ON pub_annual (n)")
            for table in TABLES[:-1] + ((TABLES[-1],) if self.final else ()):
                cursor.execute(f"ANALYZE {table}")
            if self.progress:
                self.progress(0, total)
            cursor.execute("DELETE FROM exams_examresult WHERE session_id = %(session)s", params)
            statement = self._final_sql() if self.final else self._exam_only_sql()
            for low in range(0, total, CHUNK):
                cursor.execute(statement, {**params, "low": low, "high": low + CHUNK,
                                           "rounding": self._exam_only_rounding()})
                if self.progress:
                    self.progress(min(low + CHUNK, total), total)
        return total

    def _exam_only_rounding(self) -> str:
        return next(iter(self.rules.values())).rounding if self.rules else "half_up"

    def _decisions(self) -> dict[str, list]:
        """The decision and mention of every shown mark for each kind of candidate, by calculations.py itself."""
        kinds, marks, decisions, mentions = [], [], [], []
        allowed = self.session.number == 1
        for kind, row in self.rules.items() if self.final else ():
            rules = row.as_rules()
            for hundredths in range(100 * max(rules.out_of, 20) + 1):
                mark = Decimal(hundredths).scaleb(-2)
                kinds.append(kind)
                marks.append(hundredths)
                decisions.append(calc.decision_for(mark, rules, second_session_allowed=allowed).value)
                mention = calc.mention_for(mark, rules)
                mentions.append(mention.value if mention else "")
        return {"kinds": kinds, "marks": marks, "decisions": decisions, "mentions": mentions}

    def _exam_part(self, component: calc.Component, weight: str, rounding: str) -> str:
        """The explanation of an exam component (as publication._exam_component) as JSON text, from pub_exams
        alias e_<component>; `weight` is JSON text."""
        e, name = f"e_{component.value}", component.value
        value = shown_sql(f"{e}.numerator", f"{e}.denominator", rounding)
        return f"""CASE WHEN {e}.candidate_id IS NULL
                THEN '{{"component": "{name}", "weight": ' || {weight} || ', "value": null, "missing": true, '
                     || '"source": null, "subjects": [], "missing_subjects": []}}'
                ELSE '{{"component": "{name}", "weight": ' || {weight} || ', "value": '
                     || CASE WHEN {e}.complete THEN '"' || {value} || '"' ELSE 'null' END
                     || ', "missing": ' || (NOT {e}.complete) || ', "source": ' || {e}.source
                     || ', "subjects": ' || {e}.subjects || ', "missing_subjects": ' || {e}.missing_subjects || '}}'
                END"""

    def _joins(self) -> str:
        components = [self.own] + [COMPONENT_OF[kind] for kind in self.others]
        return "\n".join(f"LEFT JOIN pub_exams e_{c.value} ON e_{c.value}.candidate_id = c.id "
                         f"AND e_{c.value}.component = '{c.value}' "
                         f"AND e_{c.value}.n > %(low)s AND e_{c.value}.n <= %(high)s" for c in components)

    def _exam_only_sql(self) -> str:
        c = self.own.value
        part = self._exam_part(self.own, "'null'", "x.rounding")
        mark = shown_sql(f"e_{c}.numerator", f"e_{c}.denominator", "x.rounding")
        return f"""INSERT INTO exams_examresult (candidate_id, session_id, student_id, mark, decision, mention,
                                                 explanation, shown, computed_at)
SELECT c.id, %(session)s, c.student_id, CASE WHEN e_{c}.complete THEN {mark} END, '', '',
       ('{{"final": false, "out_of": {int(self.session.out_of)}, "candidate_kind": ' || to_json(c.kind)::text
        || ', "components": [' || {part} || '], "missing": '
        || CASE WHEN e_{c}.complete THEN '[]' ELSE '["{c}"]' END || '}}')::jsonb,
       (%(shown_head)s || to_json(c.exam_number)::text || ', "candidate_kind": ' || to_json(c.kind)::text
        || '}}')::jsonb,
       now()
FROM pub_candidates c CROSS JOIN (SELECT %(rounding)s::text AS rounding) x
{self._joins()}
WHERE c.n > %(low)s AND c.n <= %(high)s"""  # noqa: S608 -- only the code's own names are interpolated

    def _final_sql(self) -> str:
        """Per candidate: each component as an exact fraction (nᶜ, dᶜ; a component the rules do not weigh counts
        as 0 / 1, a weighed one that is missing as NULL, which leaves the sum NULL), then the final mark
        Σ wᶜ × nᶜ / dᶜ as one fraction over Π dᶜ, rounded once. The explanation is built as JSON text and read
        as jsonb once (building it as nested jsonb values copies each level again)."""
        exams = {self.own} | {COMPONENT_OF[kind] for kind in self.others}
        fractions, parts, missing = [], [], []
        for component in calc.Component:
            name = component.value
            weight = f"r.{name}_weight"
            weight_json = f"""'"' || {weight} || '"'"""
            if component == calc.Component.CONTINUOUS:
                n, d = "a.numerator", "a.denominator"
                value = shown_sql(n, d, "r.rounding")
                part = f"""'{{"component": "continuous", "weight": ' || {weight_json} || ', "value": '
                    || COALESCE('"' || {value} || '"', 'null') || ', "missing": ' || (a.student_id IS NULL)
                    || ', "source": {{"kind": "continuous", "school_year": ' || %(year_label_json)s || '}}}}'"""
            elif component in exams:
                n = f"CASE WHEN e_{name}.complete THEN e_{name}.numerator END"
                d = f"e_{name}.denominator"
                part = self._exam_part(component, weight_json, "r.rounding")
            else:
                n, d, part = "NULL::numeric", "NULL::numeric", self._exam_part(component, weight_json, "r.rounding")
            fractions.append(f"CASE WHEN {weight} = 0 THEN 0 ELSE {n} END AS n_{name}, "
                             f"CASE WHEN {weight} = 0 THEN 1 ELSE {d} END AS d_{name}, {weight} AS w_{name}")
            parts.append(f"CASE WHEN {weight} > 0 THEN {part} END")
            missing.append(f"""CASE WHEN {weight} > 0 AND ({n}) IS NULL THEN '"{name}"' END""")
        names = [c.value for c in calc.Component]
        denominator = " * ".join(f"d_{name}" for name in names)
        numerator = " + ".join(f"w_{name} * n_{name} * " + " * ".join(f"d_{other}" for other in names if other != name)
                               for name in names)
        exam_joins = self._joins()
        for component in calc.Component:
            if component not in exams:
                exam_joins += (f"\nLEFT JOIN (SELECT NULL::bigint AS candidate_id, NULL::text AS source, "
                               f"NULL::text AS subjects, NULL::text AS missing_subjects, NULL::boolean AS complete,"
                               f" NULL::numeric AS numerator, NULL::numeric AS denominator) e_{component.value} "
                               f"ON false")
        second = "true" if self.session.number == 2 else "false"
        return f"""INSERT INTO exams_examresult (candidate_id, session_id, student_id, mark, decision, mention,
                                                 explanation, shown, computed_at)
SELECT m.id, %(session)s, m.student_id, m.mark,
       -- a mark beyond the table (none: every component is on the rules' scale) would be NULL: refused.
       CASE WHEN m.mark IS NULL THEN '' ELSE dm.decision END, COALESCE(dm.mention, ''),
       ('{{"final": true, "out_of": ' || m.out_of || ', "candidate_kind": ' || to_json(m.kind)::text
        || ', "components": [' || m.parts || '], "missing": [' || m.missing || '], "second_session": {second}}}'
       )::jsonb,
       (%(shown_head)s || to_json(m.exam_number)::text || ', "candidate_kind": ' || to_json(m.kind)::text
        || '}}')::jsonb,
       now()
FROM (
    SELECT f.*, CASE WHEN f.numerator IS NOT NULL THEN {shown_sql("f.numerator", "f.denominator", "f.rounding")}
                END AS mark
    FROM (
        SELECT p.id, p.student_id, p.kind, p.exam_number, p.out_of, p.rounding, p.parts, p.missing,
               {numerator} AS numerator, {denominator} AS denominator
        FROM (
            SELECT c.id, c.student_id, c.kind, c.exam_number, r.out_of, r.rounding, {", ".join(fractions)},
                   concat_ws(', ', {", ".join(parts)}) AS parts,
                   concat_ws(', ', {", ".join(missing)}) AS missing
            FROM pub_candidates c
            JOIN pub_rules r ON r.candidate_kind = c.kind
            LEFT JOIN pub_annual a ON a.n = c.n AND a.n > %(low)s AND a.n <= %(high)s
            {exam_joins}
            WHERE c.n > %(low)s AND c.n <= %(high)s
            OFFSET 0
        ) p
        OFFSET 0
    ) f
    OFFSET 0
) m
LEFT JOIN pub_decisions dm ON dm.kind = m.kind AND dm.mark = m.mark"""  # noqa: S608 -- the code's own names
