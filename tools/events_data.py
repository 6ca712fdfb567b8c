#!/usr/bin/env python3
"""events_data.py: turns the labelled event sets of ../shared/events into the plain
"id<TAB>text<TAB>label" files that `herald-train events` reads (tools/train_events.c).

    python3 tools/events_data.py --shared ../shared --out build/train [--cap N]

writes, into --out:
  acled-case.tsv    ACLED notes (2023 subset and Nigeria 2014-2016) labelled with the CASE 2021
                    class of their sub-event type; at most --cap notes of a class from each set
                    (default 30), chosen evenly along the file, as peaceful protests alone
                    would otherwise be a third of all training texts
  acled-facts.tsv   the first sentences of 300 ACLED notes, labelled 1 (it happened), for the
                    confidence classifier
  plover-type.tsv   the synthetic PLOVER stories (title and text) with their event type
  plover-mode.tsv   the same with their "type-mode" label, for stories that have a mode
  india-LABEL.tsv   the IndiaPoliceEvents sentences, 1 when police did LABEL (kill, arrest,
                    fail, force, any_action), else 0

Nothing is copied into the repository: the files are made in the build directory, and the
sets' terms (../shared/events/README.md) are named in the README beside the trained weights.
"""
import argparse
import csv
import json
import os
import re
import sys

# ACLED sub-event type -> CASE 2021 task 2 class (the CASE classes are ACLED's sub-event types)
ACLED_SUB = {
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Chemical weapon": "CHEM_WEAP",
    "Air/drone strike": "AIR_STRIKE",
    "Suicide bomb": "SUIC_BOMB",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Grenade": "GRENADE",
    "Sexual violence": "SEX_VIOL",
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "FORCE_AGAINST_PROTEST",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Agreement": "AGREEMENT",
    "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Looting/property destruction": "PROPERTY_DISTRUCT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
}

# ACLED's older event types (Nigeria 2014-2016) that name one CASE class; the others (riots and
# protests, remote violence, strategic development) span several. Violence against civilians
# is read as an attack, the sub-type it mostly became: without it the Nigerian notes taught
# only battles, and the classifier took attacks on villages there for battles
NIGERIA_TYPE = {
    "Violence against civilians": "ATTACK",
    "Battle-Government regains territory": "GOV_REGAINS_TERIT",
    "Battle-Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Battle-No change of territory": "ARMED_CLASH",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Headquarters or base established": "HQ_ESTABLISHED",
}


def clean(text):
    return re.sub(r"\s+", " ", text or "").strip()


def capped(rows, cap):
    """At most `cap` rows of each label, spread evenly over the file's order."""
    by_label = {}
    for row in rows:
        by_label.setdefault(row[2], []).append(row)
    out = []
    for label, group in by_label.items():
        if len(group) <= cap:
            out.extend(group)
        else:
            step = len(group) / cap
            out.extend(group[int(i * step)] for i in range(cap))
    return out


def acled_rows(shared, cap):
    rows = []
    with open(os.path.join(shared, "events/acled/acled-2023-subset.csv"), encoding="utf-8-sig", newline="") as f:
        for rec in csv.DictReader(f):
            label = ACLED_SUB.get(rec["sub_event_type"])
            text = clean(rec["notes"])
            if label and text:
                rows.append(("acled-" + rec["event_id_cnty"], text, label))
    out = capped(rows, cap)
    with open(os.path.join(shared, "events/acled/nigeria-2014-2016.geojson"), encoding="utf-8") as f:
        features = json.load(f)["features"]
    rows = []
    for feat in features:
        p = feat["properties"]
        label = NIGERIA_TYPE.get(p.get("EVENT_TYPE"))
        text = clean(p.get("NOTES"))
        if label and text:
            rows.append(("nga-" + str(p["EVENT_ID_CNTY"]), text, label))
    return out + capped(rows, cap)


def plover_rows(shared):
    """The stories with their type and mode. Several stories were generated from one prompt
    (the same title): the id is the prompt's number, so that cross-validation by id keeps a
    prompt's stories in one fold."""
    types, modes, prompts = [], [], {}
    with open(os.path.join(shared, "events/plover-synthetic/synthetic-stories.csv"), encoding="utf-8", newline="") as f:
        for rec in csv.DictReader(f):
            text = clean(rec["text"])
            if not text or not rec["label"]:
                continue
            rid = str(prompts.setdefault(rec["title"], len(prompts)))
            types.append((rid, text, rec["label"].strip()))
            if rec["mode"]:
                modes.append((rid, text, rec["label"].strip() + "-" + rec["mode"].strip()))
    return types, modes


def acled_facts(shared, count):
    """The first sentences of ACLED notes, every one a report of an event that happened
    (label 1), spread evenly over the file: real reports as the confidence classifier's
    positive texts, next to the written ones."""
    rows = []
    with open(os.path.join(shared, "events/acled/acled-2023-subset.csv"), encoding="utf-8-sig", newline="") as f:
        for rec in csv.DictReader(f):
            first = re.split(r"(?<=[a-z0-9)]\.) (?=[A-Z])", clean(rec["notes"]))[0]
            if first:
                rows.append(("acled-" + rec["event_id_cnty"], first, "1"))
    if len(rows) > count:
        step = len(rows) / count
        rows = [rows[int(i * step)] for i in range(count)]
    return rows


INDIA_LABELS = ("KILL", "ARREST", "FAIL", "FORCE", "ANY_ACTION")


def india_rows(shared):
    """Per label, every sentence as 1 (police did it) or 0; the id is the document's, so that
    folds by id keep a document's sentences together."""
    rows = {label: [] for label in INDIA_LABELS}
    with open(os.path.join(shared, "events/india-police/sents.jsonl"), encoding="utf-8") as f:
        for line in f:
            rec = json.loads(line)
            text = clean(rec["sent_text"])
            if not text:
                continue
            for label in INDIA_LABELS:
                rows[label].append((str(rec["doc_id"]), text, "1" if label in rec["sent_labels"] else "0"))
    return rows


def write(path, rows):
    with open(path, "w", encoding="utf-8") as f:
        for rid, text, label in rows:
            f.write("%s\t%s\t%s\n" % (rid, text.replace("\t", " "), label))
    print("%s: %d texts" % (path, len(rows)), file=sys.stderr)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--shared", default="../shared")
    ap.add_argument("--out", default="build/train")
    ap.add_argument("--cap", type=int, default=30)
    a = ap.parse_args()
    if not os.path.isdir(os.path.join(a.shared, "events")):
        sys.exit("events_data.py: %s/events missing" % a.shared)
    os.makedirs(a.out, exist_ok=True)
    write(os.path.join(a.out, "acled-case.tsv"), acled_rows(a.shared, a.cap))
    write(os.path.join(a.out, "acled-facts.tsv"), acled_facts(a.shared, 300))
    types, modes = plover_rows(a.shared)
    write(os.path.join(a.out, "plover-type.tsv"), types)
    write(os.path.join(a.out, "plover-mode.tsv"), modes)
    for label, rows in india_rows(a.shared).items():
        write(os.path.join(a.out, "india-%s.tsv" % label.lower()), rows)


if __name__ == "__main__":
    main()
