#!/usr/bin/env bash
# dict.test.sh: the actor dictionary speaks one code system: every actor code begins with a
# country code the country table knows (ISO 3166 alpha-3, as CAMEO writes countries) or with
# one of CAMEO's transnational sectors, so that "Sudan" and its army never get two codes.
set -u
. tests/lib.sh
BUILD=${BUILD:-build}
command -v python3 >/dev/null || { skip_all dict "python3 missing"; }
python3 - "$BUILD/gen/countries.txt" dict/actors.txt dict/agents.txt <<'PY'
import re, sys
countries = set()
for line in open(sys.argv[1], encoding="utf-8"):
    m = re.match(r"actor .*=>\s*([A-Z]{3})\b", line)
    if m:
        countries.add(m.group(1))
# CAMEO transnational and sector codes that stand where a country would
sectors = {"IGO", "IMG", "NGO", "MNC", "UIS", "REB", "SEP", "INS", "OPP", "GOV", "MIL", "COP", "JUD", "LEG",
           "ELI", "CVL", "BUS", "MED", "EDU", "REL", "LAB", "AGR", "HLH", "REF", "UAF", "PTY", "SPY", "CRM",
           "HRI", "ENV", "NGM", "MOD", "RAD", "SET", "AMN", "IRC", "GRP", "UNO", "PKO", "WSB", "IMF", "CHR",
           "MOS", "BUD", "HIN", "JEW", "JAN", "SIK", "ATH", "CON", "DOX", "ITH", "LDS", "PRO", "CTH", "SHI", "SUN",
           "ALE", "DRZ", "ROM", "SFI", "ZRO", "BAH", "CHN"}
bad = []
for path in sys.argv[2:]:
    for n, line in enumerate(open(path, encoding="utf-8"), 1):
        line = line.split("#", 1)[0]
        if not line.startswith("actor ") or "=>" not in line:
            continue
        for code in line.split("=>", 1)[1].split():
            code = code.split("@", 1)[0]
            if len(code) >= 3 and code[:3] not in countries and code[:3] not in sectors:
                bad.append("%s:%d: %s" % (path, n, code))
print("\n".join(bad[:20]))
print(("ok" if not bad else "not ok") + " actor codes start with a known country or CAMEO sector (%d unknown)" % len(bad))
PY
done_testing
