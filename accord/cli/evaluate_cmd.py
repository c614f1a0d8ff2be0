"""``accord evaluate``: score coded events (accord's JSONL, or the coder run on the spot) against a gold file."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import typer

from accord.cli.common import err, knowledge_or_exit
from accord.evaluation.gold import FORMATS, GoldError, GoldSet, read_gold
from accord.evaluation.scoring import NONE, Predictions, code_gold, read_predictions, score

_MANY_LABELS = 25  # above this a dimension prints its totals only (the full CAMEO codes of PETRARCH's suites)


def evaluate(
    gold_file: str = typer.Argument(..., help="Gold file: PLOVER records (JSON), sentence<TAB>class TSV, "
                                              "or PETRARCH validation XML."),
    pred: str = typer.Option(None, "--pred", help="accord's JSONL output for the gold texts, or - for stdin."),
    run_coder: bool = typer.Option(False, "--code", help="Code the gold texts now instead of reading --pred."),
    fmt: str = typer.Option("auto", "--format", help=f"Gold format: {'|'.join(FORMATS)}."),
    as_json: bool = typer.Option(False, "--json", help="Print one JSON object with every figure."),
    worst: int = typer.Option(10, "--worst", min=0, help="How many of the worst records to show."),
) -> None:
    """Score coded events against gold: precision, recall and F1 by label (micro and macro), actor
    accuracy, a confusion table and the worst records.

    \b
    PRED events meet gold records by doc_id. The id of each gold record:
      tsv       s0, s1, ...: 0-based index of the non-blank line
      plover    the record's "id" (plover_id in the join TSV)
      petrarch  the Sentence id; a repeated id gets #2, #3, ...
    Code the gold texts under these ids with the gold's date (or
    2000-01-01), e.g. {"id": "s0", "date": "2000-01-01", "text": ...}.

    \b
    tsv and plover records expect one event: the record's first
    predicted event is scored, and no event is a miss. PETRARCH
    records expect all their codings (none: no event); its ERROR
    records are reported apart.
    """
    if bool(pred) == run_coder:
        err("accord evaluate: give --pred PRED.jsonl or --code (one of them)")
        raise typer.Exit(2)
    cameo = knowledge_or_exit().cameo
    try:
        gold = read_gold(Path(gold_file), fmt, cameo)
    except GoldError as exc:
        err(f"accord evaluate: {exc}")
        raise typer.Exit(2) from None
    predictions = _code(gold, cameo) if run_coder else _read(pred, cameo)
    if run_coder and gold.format == "petrarch":
        err("accord evaluate: coded with accord's own knowledge; the suite's actors and verbs are in its own "
            "dictionaries: code it with accord code --no-builtin --petrarch-... and pass --pred")
    report = score(gold, predictions, cameo, worst)
    _warn_on_ids(report)
    if as_json:
        print(json.dumps(report, indent=1, ensure_ascii=False))
    else:
        print("\n".join(render(report)))


def _read(pred: str, cameo: dict) -> Predictions:
    if pred == "-":
        return read_predictions(sys.stdin, "stdin", cameo)
    path = Path(pred)
    if not path.is_file():
        err(f"accord evaluate: {pred}: {'a folder, not a file' if path.is_dir() else 'no such file'}")
        raise typer.Exit(2)
    with path.open(encoding="utf-8-sig", errors="replace") as lines:
        return read_predictions(lines, path.name, cameo)


def _code(gold: GoldSet, cameo: dict) -> Predictions:
    from accord.coding.coder import Coder
    from accord.coding.nlp import ModelMissing
    from accord.knowledge import KnowledgeLoadError

    try:
        return code_gold(gold.records + gold.error_records, Coder(), cameo)
    except (KnowledgeLoadError, ModelMissing) as exc:
        err(f"accord evaluate: {exc}")
        raise typer.Exit(2) from None


def _warn_on_ids(report: dict) -> None:
    """Predictions whose ids all miss the gold are almost always ids made under another scheme."""
    unknown = report["predictions"]["unknown_documents"]
    if unknown["events"] and unknown["events"] == report["predictions"]["events"]:
        err(f"accord evaluate: no predicted doc_id is a gold record id (e.g. {unknown['examples'][0]!r}); "
            "see accord evaluate --help for the ids of each format")


# -- text ------------------------------------------------------------------------------------------

def render(report: dict) -> list[str]:
    """The report as lines for a terminal."""
    lines = _header(report)
    for name, dimension in report["dimensions"].items():
        lines += ["", *_dimension(name, dimension, report["gold"]["matching"])]
    main = report["main"]
    lines += ["", f"confusion ({main}; rows gold, columns predicted, {NONE} no event)",
              *_confusion(report["dimensions"][main]["confusion"])]
    lines += ["", *_dyads(report["dyads"])]
    if "exact_records" in report:
        exact = report["exact_records"]
        lines += ["", f"records coded exactly (every code, source and target): {exact['passed']}/{exact['records']}"
                      f" = {exact['rate']:.3f}"]
    if "error_records" in report:
        errors = report["error_records"]
        lines += [f"ERROR records (input the coder should refuse): {errors['records']}, "
                  f"{errors['with_events']} with events {' '.join(errors['ids_with_events'])}".rstrip()]
    if report["worst"]:
        lines += ["", f"worst {len(report['worst'])} (most wrong first)", *_worst(report["worst"], main)]
    return lines


def _header(report: dict) -> list[str]:
    gold, predicted, coverage = report["gold"], report["predictions"], report["coverage"]
    how = "the first predicted event of each" if gold["matching"] == "first" else "every coding of each"
    lines = [f"gold: {gold['path']} ({gold['format']}): {gold['records']} records, scored on {how}"]
    if gold["error_records"]:
        lines[0] += f"; {gold['error_records']} ERROR records apart"
    if gold["left_out"]:
        lines.append("  left out: " + ", ".join(f"{n} {why}" for why, n in gold["left_out"].items()))
    lines += [f"  {note}" for note in gold["notes"]]
    lines += _problems("gold", gold["problems"])
    lines.append(f"predictions: {predicted['from']}: {predicted['events']} events; {coverage['with_events']} of "
                 f"{coverage['records']} records ({coverage['rate']:.1%}) have one")
    if predicted["coder_skipped"]:
        lines.append("  coder skipped: " + ", ".join(f"{n} {why}" for why, n in predicted["coder_skipped"].items()))
    unknown = predicted["unknown_documents"]
    if unknown["events"]:
        lines.append(f"  {unknown['events']} events of {unknown['documents']} documents not in the gold, ignored "
                     f"(e.g. {', '.join(unknown['examples'])})")
    return lines + _problems("predictions", predicted["problems"])


def _problems(what: str, problems: dict) -> list[str]:
    if not problems["total"]:
        return []
    reasons = ", ".join(f"{n} {why}" for why, n in problems["by_reason"].items())
    return [f"  {what} problems ({problems['total']}): {reasons}", *(f"    {e}" for e in problems["examples"])]


def _dimension(name: str, dimension: dict, matching: str) -> list[str]:
    what = "first event's label equals the gold" if matching == "first" else "labels equal the gold's"
    head = f"{name}: {dimension['records']} records scored"
    if dimension["unscorable"]:
        head += f" ({dimension['unscorable']} whose gold has no {name})"
    lines = [f"{head}; accuracy {dimension['accuracy']:.3f} (records whose {what})"]
    if not dimension["records"]:
        return lines
    lines.append(f"  {'label':<10} {'precision':>9} {'recall':>7} {'f1':>6} {'gold':>6} {'pred':>6} {'right':>6}")
    labels = dimension["labels"]
    if len(labels) <= _MANY_LABELS:
        lines += [_score_row(label, s) for label, s in labels.items()]
    else:
        lines.append(f"  ({len(labels)} labels: --json lists each)")
    lines.append(_score_row("micro", dimension["micro"]))
    lines.append(_score_row("macro", dimension["macro"]))
    return lines


def _score_row(label: str, s: dict) -> str:
    row = f"  {label:<10} {s['precision']:>9.3f} {s['recall']:>7.3f} {s['f1']:>6.3f}"
    return row + (f" {s['gold']:>6} {s['predicted']:>6} {s['correct']:>6}" if "gold" in s else "")


def _confusion(table: dict[str, dict[str, int]]) -> list[str]:
    rows = sorted(table, key=lambda label: (label == NONE, label))
    columns = sorted({p for row in table.values() for p in row}, key=lambda label: (label == NONE, label))
    heads = [c[:4] for c in columns] if len({c[:4] for c in columns}) == len(columns) else columns
    width = max([len(h) for h in heads] + [len(str(n)) for row in table.values() for n in row.values()]) + 1
    label_width = max(len(r) for r in rows) if rows else 4
    lines = [f"  {'':<{label_width}}" + "".join(f"{h:>{width}}" for h in heads)]
    for r in rows:
        cells = (table[r].get(c, 0) for c in columns)
        lines.append(f"  {r:<{label_width}}" + "".join(f"{n or '.':>{width}}" for n in cells))
    return lines


_DYADS = (("source_countries", "source country"), ("target_countries", "target country"),
          ("both_countries", "both countries"), ("source_codes", "source code"), ("target_codes", "target code"),
          ("both_codes", "both codes"))


def _dyads(dyads: dict) -> list[str]:
    if not any(dyads[name]["gold"] for name, _ in _DYADS):
        return ["actors: the gold names none"]
    lines = ["actors: right / gold events naming the side (a missing event is wrong); then right / events coded"]
    for name, title in _DYADS:
        d = dyads[name]
        if d["gold"]:
            lines.append(f"  {title:<15} {d['accuracy']:.3f} ({d['right']}/{d['gold']});"
                         f" {d['accuracy_when_coded']:.3f} of {d['coded']} coded")
    common = list(dyads["by_code"].items())[:10]
    if common:
        lines.append("  commonest gold actor codes: " + ", ".join(f"{c} {d['right']}/{d['gold']}" for c, d in common))
    return lines


def _worst(examples: list[dict], main: str) -> list[str]:
    lines = []
    for number, example in enumerate(examples, 1):
        gold, predicted = _events(example["gold"], main), _events(example["predicted"], main)
        text = example["text"] if len(example["text"]) <= 200 else example["text"][:197] + "..."
        lines += [f"{number:>3}. {example['id']}  gold: {gold}", f"     predicted: {predicted}", f"     {text}"]
    return lines


def _events(events: list[dict], main: str, most: int = 4) -> str:
    shown = "; ".join(_event(e, main) for e in events[:most]) or "no event"
    return shown + (f"; and {len(events) - most} more" if len(events) > most else "")


def _event(event: dict, main: str) -> str:
    labels = event["labels"]
    parts = [labels.get(main, "?")]
    parts += [labels[d] for d in ("cameo", "plover") if d != main and labels.get(d) and labels[d] not in parts]
    if event["source"] or event["target"]:
        parts.append(f"{'/'.join(event['source']) or NONE} -> {'/'.join(event['target']) or NONE}")
    return " ".join(parts)
