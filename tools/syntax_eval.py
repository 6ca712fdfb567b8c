#!/usr/bin/env python3
"""syntax_eval.py: how well herald's tagger and parser do on a Universal Dependencies treebank,
the two ways the CoNLL 2018 shared task measured parsers.

  gold tokens: `herald-train score` tags and parses the treebank's own words (UPOS, XPOS, UAS, LAS)
  raw text:    each document's `# text` lines are joined into the text a reader would see
               (sentences by a space, paragraphs by a blank line), `herald parse` splits,
               tokenizes, tags and parses it, and `herald-ud-eval` aligns the result with the
               gold words and scores it (Tokens, Sentences, Words, UPOS, UAS, LAS F1)

usage: syntax_eval.py [--build DIR] TREEBANK.conllu [LABEL]
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile


def documents(path):
    """(doc id, text) pairs rebuilt from a CoNLL-U file's comments."""
    docs, doc_id, parts, n = [], None, [], 0
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.rstrip("\n")
            if line.startswith("# newdoc"):
                if parts:
                    docs.append((doc_id or "doc%d" % len(docs), "".join(parts).strip()))
                doc_id = line.split("=", 1)[1].strip() if "=" in line else None
                parts = []
            elif line.startswith("# newpar"):
                if parts:
                    parts.append("\n\n")
            elif line.startswith("# text ="):
                n += 1
                if parts and not parts[-1].endswith("\n"):
                    parts.append(" ")
                parts.append(line.split("=", 1)[1].strip())
    if parts:
        docs.append((doc_id or "doc%d" % len(docs), "".join(parts).strip()))
    return docs, n


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--build", default="build")
    ap.add_argument("treebank")
    ap.add_argument("label", nargs="?")
    a = ap.parse_args()
    label = a.label or os.path.basename(os.path.dirname(a.treebank)) + "/" + os.path.basename(a.treebank)
    herald = os.path.join(a.build, "herald")
    model = os.path.join(a.build, "herald.hdm")
    gold = subprocess.run([os.path.join(a.build, "herald-train"), "score", model, a.treebank],
                          capture_output=True, text=True)
    if gold.returncode != 0:
        sys.exit("syntax_eval: herald-train score failed: " + gold.stderr.strip())
    print("%s, gold tokens: %s" % (label, gold.stdout.strip()))
    docs, n = documents(a.treebank)
    with tempfile.TemporaryDirectory() as tmp:
        raw = os.path.join(tmp, "raw.jsonl")
        with open(raw, "w", encoding="utf-8") as f:
            for doc_id, text in docs:
                f.write(json.dumps({"id": doc_id, "text": text}) + "\n")
        system = os.path.join(tmp, "system.conllu")
        p = subprocess.run([herald, "parse", "--input-format", "jsonl", "-o", system, raw],
                           capture_output=True, text=True)
        if p.returncode != 0:
            sys.exit("syntax_eval: herald parse failed: " + p.stderr.strip())
        s = subprocess.run([os.path.join(a.build, "herald-ud-eval"), a.treebank, system],
                           capture_output=True, text=True)
        if s.returncode != 0:
            sys.exit("syntax_eval: herald-ud-eval failed: " + (s.stderr or s.stdout).strip())
        scores = {}
        for line in s.stdout.splitlines():
            parts = line.replace("|", " ").split()
            if len(parts) >= 4 and parts[0] in ("Tokens", "Sentences", "Words", "UPOS", "XPOS", "UAS", "LAS"):
                scores[parts[0]] = parts[3]  # metric, precision, recall, F1
        print("%s, raw text (%d documents, %d sentences), F1: %s" % (
            label, len(docs), n, ", ".join("%s %s" % (k, v) for k, v in scores.items())))


if __name__ == "__main__":
    main()
