"""test_store.py: herald.Store over a store `herald ingest` wrote from tests/store/dedup.jsonl:
events as a DataFrame with the dtypes an analyst needs (codes as strings, nullable dates with
their precision, integer counts, float coordinates), filters through libherald (a bad one is
a HeraldError, never SQL), mentions and stories, and an empty result that keeps its columns."""
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import herald  # noqa: E402

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..")


class TestStore(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.tmp = tempfile.TemporaryDirectory()
        cls.path = os.path.join(cls.tmp.name, "events.db")
        herald_bin = os.environ.get("HERALD_BIN") or os.path.join(ROOT, "build", "herald")
        subprocess.run([herald_bin, "ingest", "--no-progress", cls.path, os.path.join(ROOT, "tests/store/dedup.jsonl")],
                       check=True, capture_output=True)
        cls.store = herald.Store(cls.path)

    @classmethod
    def tearDownClass(cls):
        cls.store.close()
        cls.tmp.cleanup()

    def test_store_events_dtypes(self):
        import pandas as pd
        df = self.store.events()
        self.assertGreater(len(df), 5)
        self.assertEqual(str(df["code"].dtype), "string")          # "010" stays "010"
        self.assertTrue(all(len(c) >= 3 for c in df["code"]))
        self.assertTrue(pd.api.types.is_datetime64_any_dtype(df["date"]))
        self.assertEqual(list(df["date_precision"].cat.categories),
                         ["day", "publication", "week", "month", "year", "none"])
        self.assertEqual(str(df["num_articles"].dtype), "Int64")
        self.assertEqual(str(df["place_lat"].dtype), "float64")
        self.assertEqual(str(df["source_code"].dtype), "string")
        self.assertTrue(df["store_id"].is_unique)

    def test_store_filters(self):
        kenya = self.store.events(country="KE")
        self.assertTrue(len(kenya) >= 1 and (kenya["place_country"] == "KE").all())
        self.assertEqual(len(self.store.events(limit=2)), 2)
        self.assertTrue((self.store.events(code="19")["root"] == "19").all())
        placed = self.store.events(placed=True)
        self.assertTrue(0 < len(placed) < len(self.store.events()) and placed["place_lat"].notna().all())
        with self.assertRaises(herald.HeraldError):
            self.store.events(code="1%")
        with self.assertRaises(TypeError):
            self.store.events(limit="3")

    def test_store_empty_result_keeps_columns(self):
        df = self.store.events(from_="2099-01-01")
        self.assertEqual(len(df), 0)
        self.assertIn("source_code", df.columns)
        self.assertIn("place_lat", df.columns)

    def test_store_mentions_and_stories(self):
        import pandas as pd
        first = int(self.store.events(limit=1)["store_id"].iloc[0])
        m = self.store.mentions(first)
        self.assertTrue(len(m) >= 1 and (m["event_id"] == first).all())
        self.assertTrue(pd.api.types.is_datetime64_any_dtype(m["published"]))
        s = self.store.stories()
        self.assertTrue(len(s) >= 1 and str(s["main_event_id"].dtype) == "Int64")

    def test_store_missing_file(self):
        with self.assertRaises(herald.HeraldError):
            herald.Store(os.path.join(self.tmp.name, "none.db"))


if __name__ == "__main__":
    unittest.main()
