"""No part of a session ID in anything a notebook displays or saves:
``repr``/``str`` of connections, exceptions, and the endpoint's site info."""

import json
import unittest

import heavyai_lite
from heavyai_lite.session import parse_session_info
from heavyai_lite.transport import TransportError

SESSIONS = [
    "abcdef0123456789-Zq7SECRET",
    "ab'cd\\ef\"gh-Zq7SECRET",
    "x" * 256,
]


def pieces(session, width=4):
    """Every run of ``width`` characters of the session: none may be shown."""
    return {session[i:i + width] for i in range(len(session) - width + 1)}


def assert_hidden(test, text, session):
    shown = [p for p in pieces(session) if p in text and p.strip("x")]
    test.assertNotIn(session, text)
    test.assertEqual(shown, [], "parts of the session appear in %r" % text)
    if set(session) == {"x"}:
        test.assertNotIn("xxxx", text)


def endpoint_json(session):
    return json.dumps({
        "session": session,
        "connection": {"protocol": "http", "host": "127.0.0.1", "port": "6278"},
        "environment": {"protocol": "HEAVYAI_PROTOCOL", "host": "HEAVYAI_HOST",
                        "port": "HEAVYAI_PORT"},
        "query": "SELECT 1"})


class ScriptedTransport:
    """Answers every request with the next scripted (status, text) or error."""

    def __init__(self, *answers):
        self.answers = list(answers)

    def request(self, method, url, body, headers):
        answer = self.answers.pop(0)
        if isinstance(answer, Exception):
            raise answer
        return answer


def reply_with_error(message, method="sql_execute", seqid=0):
    body = {"1": {"rec": {"1": {"str": message}}}}
    return 200, json.dumps([1, method, 2, seqid, body])


class SessionPrivacyTest(unittest.TestCase):
    def connection(self, session, *answers):
        return heavyai_lite.connect(session=session, host="127.0.0.1", port=6278,
                                    protocol="http", transport=ScriptedTransport(*answers))

    def test_repr_and_str_of_connections_show_no_part_of_the_session(self):
        for session in SESSIONS:
            con = self.connection(session)
            for text in (repr(con), str(con), "%s" % con, "{!r}".format([con])):
                assert_hidden(self, text, session)
                self.assertIn("session=<set>", text)
            self.assertEqual(con.session, session, "the session is still usable")

    def test_site_info_display_hides_the_session_but_keeps_it_usable(self):
        for session in SESSIONS:
            info = parse_session_info(endpoint_json(session))
            self.assertEqual(info["session"], session)
            self.assertEqual(info["raw"]["session"], session)
            for text in (repr(info), str(info), repr({"info": info}), repr([info])):
                assert_hidden(self, text, session)
                self.assertIn("<hidden>", text)
            printed = []

            class Printer:
                def text(self, value):
                    printed.append(value)
            info._repr_pretty_(Printer(), False)
            assert_hidden(self, "".join(printed), session)
            self.assertIn("SELECT 1", repr(info), "the rest stays visible")

    def test_site_info_of_a_connection_hides_the_session(self):
        session = SESSIONS[1]
        con = heavyai_lite.connect(site_url="http://site.example/",
                                   transport=ScriptedTransport((200, endpoint_json(session))))
        self.assertEqual(con.session, session)
        assert_hidden(self, repr(con.site_info), session)
        assert_hidden(self, repr(con), session)

    def test_errors_never_carry_the_session_even_when_the_server_echoes_it(self):
        for session in SESSIONS:
            # a query goes to sql_execute_df first; a server error there is retried as
            # sql_execute, whose error is the one shown
            echoes = [
                [(500, "bad request: " + json.dumps({"session": session}))],
                [reply_with_error("Session not valid: %s" % session, "sql_execute_df"),
                 reply_with_error("Session not valid: %s" % session, "sql_execute", 1)],
                [TransportError("connection reset while sending session=%s" % session)],
            ]
            for answers in echoes:
                con = self.connection(session, *answers)
                with self.assertRaises(heavyai_lite.DatabaseError) as cm:
                    con.execute("SELECT 1")
                exc = cm.exception
                for text in (str(exc), repr(exc), exc.error_msg or "", " ".join(map(str, exc.args))):
                    assert_hidden(self, text, session)
                self.assertIn("<session>", str(exc))


if __name__ == "__main__":
    unittest.main()
