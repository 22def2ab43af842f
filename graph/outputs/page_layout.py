"""Where the page's nodes start: a deterministic spring layout, one component at a time."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # numpy is imported lazily, for components too big for plain Python
    import numpy as np

_EXACT = 800  # above this many nodes, repulsion from a sample of pivots
_PIVOTS = 300
_SMALL = 40  # up to this many nodes, plain Python: cheaper than importing numpy


# --------------------------------------------------------------------------- layout


def _spring(n: int, src: np.ndarray, dst: np.ndarray, iterations: int, seed: int) -> np.ndarray:
    """Fruchterman-Reingold in numpy. Up to _EXACT nodes every pair repels; above that each
    node is pushed by a seeded sample of _PIVOTS nodes (scaled up), so 5,000 nodes take
    seconds, not minutes."""
    import numpy as np

    rng = np.random.default_rng(seed)
    x, y = rng.random(n), rng.random(n)
    k2 = 1.0 / n
    k = math.sqrt(k2)
    t = 0.1
    dt = t / (iterations + 1)
    chunk = max(1, 2_000_000 // min(n, _EXACT))
    for _ in range(iterations):
        if n <= _EXACT:
            px, py, scale = x, y, 1.0
        else:
            pick = rng.choice(n, size=_PIVOTS, replace=False)
            px, py, scale = x[pick], y[pick], n / _PIVOTS
        fx, fy = np.empty(n), np.empty(n)
        for a in range(0, n, chunk):
            dx = x[a : a + chunk, None] - px[None, :]
            dy = y[a : a + chunk, None] - py[None, :]
            w = k2 / np.maximum(dx * dx + dy * dy, 1e-6)
            fx[a : a + chunk] = (dx * w).sum(axis=1) * scale
            fy[a : a + chunk] = (dy * w).sum(axis=1) * scale
        ex, ey = x[src] - x[dst], y[src] - y[dst]
        pull = np.sqrt(ex * ex + ey * ey) / k
        np.subtract.at(fx, src, ex * pull)
        np.add.at(fx, dst, ex * pull)
        np.subtract.at(fy, src, ey * pull)
        np.add.at(fy, dst, ey * pull)
        length = np.maximum(np.sqrt(fx * fx + fy * fy), 1e-9)
        step = np.minimum(length, t) / length
        x += fx * step
        y += fy * step
        t -= dt
    return np.column_stack((x, y))


def _spring_small(
    n: int, pairs: Sequence[tuple[int, int]], iterations: int, seed: int
) -> list[tuple[float, float]]:
    """The same Fruchterman-Reingold steps as _spring, in plain Python, for small
    components (a one-article page should not wait for numpy to load)."""
    import random

    rng = random.Random(seed)
    x = [rng.random() for _ in range(n)]
    y = [rng.random() for _ in range(n)]
    k2 = 1.0 / n
    k = math.sqrt(k2)
    t = 0.1
    dt = t / (iterations + 1)
    for _ in range(iterations):
        fx, fy = [0.0] * n, [0.0] * n
        for i in range(n):
            xi, yi = x[i], y[i]
            sx = sy = 0.0
            for j in range(n):
                dx, dy = xi - x[j], yi - y[j]
                w = k2 / max(dx * dx + dy * dy, 1e-6)
                sx += dx * w
                sy += dy * w
            fx[i], fy[i] = sx, sy
        for a, b in pairs:
            ex, ey = x[a] - x[b], y[a] - y[b]
            pull = math.sqrt(ex * ex + ey * ey) / k
            fx[a] -= ex * pull
            fx[b] += ex * pull
            fy[a] -= ey * pull
            fy[b] += ey * pull
        for i in range(n):
            length = max(math.sqrt(fx[i] * fx[i] + fy[i] * fy[i]), 1e-9)
            step = min(length, t) / length
            x[i] += fx[i] * step
            y[i] += fy[i] * step
        t -= dt
    return list(zip(x, y, strict=True))


def _placed(n: int, pairs: list[tuple[int, int]], iterations: int) -> list[tuple[float, float]]:
    """Positions centred on 0 and scaled into [-1, 1]."""
    if n <= _SMALL:
        pos = _spring_small(n, pairs, iterations, seed=n)
    else:
        import numpy as np

        src = np.array([p[0] for p in pairs], dtype=int)
        dst = np.array([p[1] for p in pairs], dtype=int)
        pos = [(float(a), float(b)) for a, b in _spring(n, src, dst, iterations, seed=n)]
    mx = sum(p[0] for p in pos) / n
    my = sum(p[1] for p in pos) / n
    centred = [(px - mx, py - my) for px, py in pos]
    top = max(max(abs(px), abs(py)) for px, py in centred)
    top = max(top, 1e-9)
    return [(px / top, py / top) for px, py in centred]


def _components(nodes: list[str], edges: list[tuple[str, str]]) -> list[list[str]]:
    parent = {n: n for n in nodes}

    def find(x: str) -> str:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    groups: dict[str, list[str]] = {}
    for n in nodes:
        groups.setdefault(find(n), []).append(n)
    return sorted((sorted(g) for g in groups.values()), key=lambda g: (-len(g), g[0]))


def layout(
    nodes: Sequence[str], edges: Sequence[tuple[str, str]], spacing: float = 170.0
) -> dict[str, tuple[int, int]]:
    """Integer positions for every node: each connected component laid out alone, then packed.

    Seeded, so the same nodes and edges always give the same positions.
    """
    out: dict[str, tuple[int, int]] = {}
    comps = _components(sorted(nodes), list(edges))
    boxes: list[tuple[list[str], list[tuple[float, float]], float]] = []
    singles = [c[0] for c in comps if len(c) == 1]
    for comp in (c for c in comps if len(c) > 1):
        where = {n: i for i, n in enumerate(comp)}
        pairs = sorted(
            {(where[a], where[b]) for a, b in edges if a in where and b in where and a != b}
        )
        n = len(comp)
        iterations = 100 if n <= 300 else 60
        side = spacing * max(2.0, 1.2 * math.sqrt(n))
        placed = [(px * side / 2, py * side / 2) for px, py in _placed(n, pairs, iterations)]
        boxes.append((comp, placed, side))
    width = max(
        [b[2] for b in boxes]
        + [math.sqrt(sum(b[2] ** 2 for b in boxes) + len(singles) * spacing**2) * 1.3]
    )
    x = y = row = 0.0
    for comp, pos, side in boxes:
        if x > 0 and x + side > width:
            x, y, row = 0.0, y + row + spacing, 0.0
        for name, (px, py) in zip(comp, pos, strict=True):
            out[name] = (round(x + side / 2 + px), round(y + side / 2 + py))
        x += side + spacing
        row = max(row, side)
    y += row + (spacing if boxes else 0)
    cols = max(1, int(width // spacing))
    for i, name in enumerate(singles):
        out[name] = (round((i % cols) * spacing), round(y + (i // cols) * spacing))
    return out
