#!/usr/bin/env python3
"""Draws docs/img/batch_scaling.svg from docs/img/batch_scaling.csv (see batch_scaling.sh):
decisions per second against rows (log-log), for the batch evaluator and the hand-written rule,
on 1 and 2 threads. Plain SVG, no plotting library needed."""
import csv
import math
import sys

src, dst = sys.argv[1], sys.argv[2]
rows = list(csv.DictReader(open(src)))
W, H, L, R, T, B = 900, 440, 90, 320, 40, 60
xs = sorted({int(r["rows"]) for r in rows})
series = []
# Per core from CPU time (what a core spends, whatever else shares the machine), and wall-clock
# rates of all threads together (which a shared machine depresses).
for key, label, dash in [(lambda r: 1e9 / float(r["batch_cpu_ns"]), "Writ batch, per core (CPU time)", ""),
                         (lambda r: 1e9 / float(r["handwritten_cpu_ns"]), "hand-written, per core (CPU time)", "6,3"),
                         (lambda r: float(r["batch_per_s"]), "Writ batch, all threads (wall clock)", "2,3")]:
    for threads, color in [("1", "#1f77b4"), ("2", "#d62728")]:
        pts = [(int(r["rows"]), key(r)) for r in rows if r["threads"] == threads]
        series.append((f"{label}, {threads} thread{'s' if threads != '1' else ''}", color, dash, pts))
ys = [y for _, _, _, pts in series for _, y in pts]
ylo = 10 ** math.floor(math.log10(min(ys)))
yhi = 10 ** math.ceil(math.log10(max(ys)))
xlo, xhi = min(xs), max(xs)


def px(x):
    return L + (math.log10(x) - math.log10(xlo)) / (math.log10(xhi) - math.log10(xlo) or 1) * (W - L - R)


def py(y):
    return H - B - (math.log10(y) - math.log10(ylo)) / (math.log10(yhi) - math.log10(ylo)) * (H - T - B)


out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<text x="{L}" y="22" font-size="14">NYC DOC decisions per second, evaluation only (log scales)</text>']
e = math.log10(ylo)
while e <= math.log10(yhi) + 1e-9:
    y = py(10 ** e)
    out.append(f'<line x1="{L}" y1="{y:.1f}" x2="{W - R}" y2="{y:.1f}" stroke="#ddd"/>')
    out.append(f'<text x="{L - 8}" y="{y + 4:.1f}" text-anchor="end">1e{int(e)}</text>')
    e += 1
for x in xs:
    out.append(f'<line x1="{px(x):.1f}" y1="{T}" x2="{px(x):.1f}" y2="{H - B}" stroke="#eee"/>')
    out.append(f'<text x="{px(x):.1f}" y="{H - B + 18}" text-anchor="middle">1e{int(round(math.log10(x)))}</text>')
out.append(f'<text x="{(L + W - R) / 2}" y="{H - 15}" text-anchor="middle">rows (cases)</text>')
out.append(f'<text x="20" y="{(T + H - B) / 2}" transform="rotate(-90 20 {(T + H - B) / 2})" text-anchor="middle">decisions / s</text>')
for i, (label, color, dash, pts) in enumerate(series):
    d = " ".join(f"{px(x):.1f},{py(y):.1f}" for x, y in pts)
    extra = f' stroke-dasharray="{dash}"' if dash else ""
    out.append(f'<polyline points="{d}" fill="none" stroke="{color}" stroke-width="2"{extra}/>')
    for x, y in pts:
        out.append(f'<circle cx="{px(x):.1f}" cy="{py(y):.1f}" r="3" fill="{color}"/>')
    ly = T + 10 + i * 18
    out.append(f'<line x1="{W - R + 10}" y1="{ly}" x2="{W - R + 35}" y2="{ly}" stroke="{color}" stroke-width="2"{extra}/>')
    out.append(f'<text x="{W - R + 40}" y="{ly + 4}" font-size="10">{label}</text>')
out.append("</svg>")
open(dst, "w").write("\n".join(out) + "\n")
