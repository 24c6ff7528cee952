"""The %%heavysql template: {name} fields become SQL literals, never raw text."""

import datetime
import decimal
import unittest

from heavyai_lite import sql_params as P
from heavyai_lite.exceptions import InterfaceError


def render(template, **values):
    return P.render_from(template, values)


class LiteralTest(unittest.TestCase):
    def test_scalars(self):
        cases = [
            (None, "NULL"), (True, "TRUE"), (False, "FALSE"), (0, "0"),
            (9007199254740993, "9007199254740993"), (-2.5, "-2.5"), (1e300, "1e+300"),
            (decimal.Decimal("-12.340"), "-12.340"), ("plain", "'plain'"),
            ("it's", "'it''s'"), ("", "''"), ("back\\slash", "'back\\slash'"),
            ("ünï 😀\nline", "'ünï 😀\nline'"),
            (datetime.date(2024, 2, 29), "DATE '2024-02-29'"),
            (datetime.time(13, 45, 10), "TIME '13:45:10'"),
            (datetime.time(0, 0, 0, 750000), "TIME '00:00:00.750000'"),
            (datetime.datetime(1969, 7, 20, 20, 17, 40), "TIMESTAMP '1969-07-20 20:17:40'"),
            (datetime.datetime(2024, 1, 1, 1, 0, tzinfo=datetime.timezone(datetime.timedelta(hours=1))),
             "TIMESTAMP '2024-01-01 00:00:00'"),
        ]
        for value, expected in cases:
            with self.subTest(value=value):
                self.assertEqual(P.literal(value), expected)

    def test_lists_for_in(self):
        self.assertEqual(P.literal([1, "a'b", None]), "(1, 'a''b', NULL)")
        self.assertEqual(P.literal((2,)), "(2)")
        self.assertEqual(P.literal({"b", "a"}), "('a', 'b')")

    def test_refused_values(self):
        for value in (float("nan"), float("inf"), decimal.Decimal("NaN"), b"bytes", [],
                      [[1]], object(), "nul\x00char"):
            with self.subTest(value=value), self.assertRaises(P.TemplateError):
                P.literal(value)

    def test_template_error_is_a_heavyai_lite_error(self):
        self.assertTrue(issubclass(P.TemplateError, InterfaceError))


class RenderTest(unittest.TestCase):
    def test_hostile_string_stays_one_literal(self):
        hostile = "x'; DROP TABLE flights; --"
        self.assertEqual(render("SELECT * FROM t WHERE s = {v}", v=hostile),
                         "SELECT * FROM t WHERE s = 'x''; DROP TABLE flights; --'")

    def test_braces_and_identifiers(self):
        self.assertEqual(render("SELECT '{{a}}', {n} FROM {t:ident}", n=1, t='we"ird'),
                         "SELECT '{a}', 1 FROM \"we\"\"ird\"")
        self.assertEqual(render("{ n }", n=None), "NULL")

    def test_mistakes_are_explained(self):
        cases = [
            ("SELECT {missing}", "name 'missing' is not defined"),
            ("SELECT {1 + 1}", "is not a name"),
            ("SELECT {a.b}", "is not a name"),
            ("SELECT {n:upper}", "the only format is {n:ident}"),
            ("SELECT '{n}'", "without them"),
            ("SELECT {n", "unclosed {"),
            ("SELECT n}", "single }"),
            ("SELECT {n:ident}", "needs a non-empty str"),
        ]
        for template, message in cases:
            with self.subTest(template=template), self.assertRaises(P.TemplateError) as cm:
                render(template, n=5)
            self.assertIn(message, str(cm.exception))

    def test_nothing_is_evaluated(self):
        calls = []
        self.assertEqual(P.render("{x}", lambda name: calls.append(name) or 3), "3")
        self.assertEqual(calls, ["x"])


if __name__ == "__main__":
    unittest.main()
