"""Train the safety floor's n-gram layer on the tuning set and write ``bot/ai/floor/ngram_model.json``.

    python bench/train_floor_ngrams.py          # write the model
    python bench/train_floor_ngrams.py --check  # exit 1 when the committed model is not what the tuning set trains

Only ``tests/data/floor_tuning.tsv`` is read (never the held-out set); its ``# ==`` sections are the sources
the threshold is chosen by (one left out at a time). The features include the rules' literal hints, so run it
after every change to the tuning set or to a rule's hints; ``tests/ai/test_safety_ngrams.py`` fails while the
committed model is stale. ``bench/floor_crossval.py`` shows how the layer does on a source it never saw.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.safety_floor import TUNING, load_tsv  # noqa: E402
from bot.ai.floor.ngrams import MODEL_FILE, train  # noqa: E402


def model_text(tuning: Path = TUNING) -> str:
    content = train((s.label, s.group, s.text, s.source) for s in load_tsv(tuning))
    return json.dumps(content, sort_keys=True, separators=(",", ":")) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true", help="only compare with the committed model")
    args = parser.parse_args(argv)
    text = model_text()
    if args.check:
        same = MODEL_FILE.exists() and MODEL_FILE.read_text(encoding="utf-8") == text
        print("up to date" if same else f"stale: run python bench/train_floor_ngrams.py to rewrite {MODEL_FILE}")
        return 0 if same else 1
    MODEL_FILE.write_text(text, encoding="utf-8")
    content = json.loads(text)
    print(f"wrote {MODEL_FILE}: {len(content['features'])} n-grams, threshold {content['threshold']}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
