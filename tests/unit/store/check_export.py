#!/usr/bin/env python3
"""Recomputes the hash chain of a `writ log export` file with nothing but Python's hashlib,
as an auditor without Writ would (docs/audit.md, "What an entry commits to").
Usage: check_export.py EXPORT.jsonl   (exit 0 and the head hash, or exit 1 naming the entry)"""
import hashlib
import json
import sys

FIELDS = ["id", "kind", "subject", "action", "created_at", "actor_token", "actor_role",
          "agency", "policy", "outcome", "body", "personal_digest", "prev_hash"]


def encode(*parts):
    out = b""
    for part in parts:
        data = part.encode("utf-8")
        out += len(data).to_bytes(8, "big") + data
    return out


def main(path):
    prev, seq, hashes = "0" * 64, 0, {}
    for line in open(path, encoding="utf-8"):
        e = json.loads(line)
        if e.get("type") == "entry":
            seq += 1
            digest = hashlib.blake2b(encode("writ-log-entry/1", str(e["seq"]),
                                            *(e[f] for f in FIELDS)), digest_size=32).hexdigest()
            if e["seq"] != seq or e["prev_hash"] != prev or digest != e["hash"]:
                print(f"entry {e['seq']} ({e['id']}) does not verify")
                return 1
            prev = hashes[seq] = digest
        elif e.get("type") == "checkpoint" and hashes.get(e["seq"]) != e["head_hash"]:
            print(f"the checkpoint at entry {e['seq']} signs another head")
            return 1
    print(f"{seq} entries, head {prev}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
