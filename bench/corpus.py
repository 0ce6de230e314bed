"""A synthetic corpus of any size, re-sampled from the paragraphs of the bundled seed articles.

Deterministic: the same ``(n, seed)`` always gives the same files. Each article takes as many
paragraphs as a randomly chosen seed article has, drawn from all seeds, so lengths and content mix
like real coverage of the debate.
"""
from __future__ import annotations

import random
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"


def seed_paragraphs(folder: Path = SEEDS) -> tuple[list[list[str]], list[str]]:
    """Each seed's paragraphs (one per non-empty line), and all paragraphs pooled."""
    per_seed = []
    for f in sorted(folder.glob("*.txt")):
        paras = [p.strip() for p in f.read_text(encoding="utf-8").splitlines() if p.strip()]
        per_seed.append(paras)
    return per_seed, [p for paras in per_seed for p in paras]


def make_corpus(n: int, out: Path, seed: int = 8) -> Path:
    """Write ``n`` synthetic articles into ``out`` (reused if already complete) and return it."""
    out = Path(out)
    if out.is_dir() and len(list(out.glob("*.txt"))) == n:
        return out
    out.mkdir(parents=True, exist_ok=True)
    for old in out.glob("*.txt"):
        old.unlink()
    rng = random.Random(seed)
    per_seed, pool = seed_paragraphs()
    for i in range(n):
        k = len(rng.choice(per_seed))
        paras = rng.sample(pool, min(k, len(pool)))
        (out / f"syn{i:05d}.txt").write_text("\n\n".join(paras) + "\n", encoding="utf-8")
    return out
