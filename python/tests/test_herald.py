"""test_herald.py: the Python binding: coding, classifying, places, threads sharing one Model,
and errors as Python exceptions (bad dictionary path, non-string text, rejected documents)."""
import json
import os
import sys
import threading
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import herald  # noqa: E402


class TestHerald(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.model = herald.Model()

    @classmethod
    def tearDownClass(cls):
        cls.model.close()

    def test_code(self):
        events = self.model.code("Russian jets bombed the city of Hama on Tuesday.", date="2015-10-06",
                                 source="Example", url="http://example.com/1")
        self.assertTrue(events)
        e = events[0]
        self.assertTrue(e["code"].startswith("19"))
        self.assertEqual(e["source"]["code"], "RUSMIL")
        self.assertEqual(e["date"], "2015-10-06")
        self.assertEqual(e["outlet"], "Example")
        if e["location"]:
            self.assertEqual(e["location"]["country"], "SY")

    def test_code_jsonl(self):
        text = "Russian jets bombed the city of Hama on Tuesday."
        lines = self.model.code_jsonl(text, date="2015-10-06", doc_id="j1").splitlines()
        self.assertEqual([json.loads(x) for x in lines], self.model.code(text, date="2015-10-06", doc_id="j1"))
        self.assertEqual(self.model.code_jsonl("The weather was fine."), "")

    def test_classify(self):
        self.assertEqual(self.model.classify("A suicide bomber blew himself up at a checkpoint, killing five soldiers."),
                         "SUIC_BOMB")

    def test_no_events(self):
        self.assertEqual(self.model.code("The weather was fine."), [])

    def test_errors(self):
        with self.assertRaises(herald.HeraldError):
            herald.Model("/nonexistent/herald.hdm")
        with self.assertRaises(TypeError):
            self.model.code(b"bytes are not text")
        with self.assertRaises(TypeError):
            self.model.code(None)
        with self.assertRaises(TypeError):
            self.model.code("text", date=20151006)
        with self.assertRaises(herald.HeraldError):
            self.model.code("Russian jets bombed Hama.", date="not a date")
        with self.assertRaises(herald.HeraldError):
            self.model.code("a NUL \x00 byte")

    def test_threads_share_one_model(self):
        want = self.model.code("Israeli soldiers shot a man in Hebron.", date="2015-10-07")
        got, errors = [], []

        def work():
            try:
                for _ in range(20):
                    got.append(self.model.code("Israeli soldiers shot a man in Hebron.", date="2015-10-07"))
            except Exception as e:  # pragma: no cover
                errors.append(e)

        threads = [threading.Thread(target=work) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        self.assertFalse(errors)
        self.assertEqual(len(got), 80)
        self.assertTrue(all(g == want for g in got))


if __name__ == "__main__":
    unittest.main()
