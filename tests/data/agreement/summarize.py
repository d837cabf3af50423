#!/usr/bin/env python3
"""Print reference.json as Markdown tables (used for README.md)."""
import json
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def f(x):
    if isinstance(x, dict):
        x = x.get("value")
    return "undef" if x is None else f"{x:.4f}"


def main():
    ref = json.load(open(os.path.join(HERE, "reference.json"), encoding="utf-8"))
    w = sys.stdout.write
    for name, fx in ref["fixtures"].items():
        w(f"\n### {name}  (coders={fx['n_coders']}, tokens={fx['n_units']['token']}, "
          f"sentences={fx['n_units']['sentence']}, continuum L={fx['krippendorff_alpha_u']['continuum_length']})\n\n")
        keys = fx["codes"] + ["overall"]
        w("| measure | " + " | ".join(keys) + " |\n")
        w("|---" * (len(keys) + 1) + "|\n")
        au = fx["krippendorff_alpha_u"]
        w("| alpha_u | " + " | ".join(f(au["per_code"][c]) for c in fx["codes"]) + f" | {f(au['overall'])} |\n")
        for m in ("krippendorff_alpha", "cohen_kappa", "fleiss_kappa"):
            for ut in ("token", "sentence"):
                e = fx[m][ut]
                cells = [e["per_code"][c] for c in fx["codes"]] + [e["overall"]]
                if m == "cohen_kappa" and fx["n_coders"] != 2:
                    cells = [c["mean_pairwise_light_kappa"] for c in cells]
                    label = f"{m} (mean pairwise) {ut}"
                else:
                    label = f"{m} {ut}"
                w(f"| {label} | " + " | ".join(f(c) for c in cells) + " |\n")
        for m in ("span_precision", "span_recall", "span_f1"):
            for pair, modes in fx[m].items():
                for mode, e in modes.items():
                    if not isinstance(e, dict) or "per_code" not in e:
                        continue
                    cells = [e["per_code"][c] for c in fx["codes"]] + [e["overall"]]
                    w(f"| {m} {pair} {mode} | " + " | ".join(f(c) for c in cells) + " |\n")


if __name__ == "__main__":
    main()
