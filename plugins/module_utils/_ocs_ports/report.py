"""The reachability report: what the port_check role's probes observed, as table rows and a verdict.

A check result is a planned check (:func:`checks.plan_checks`) that a probe host has made: the same
record with ``probe`` (the probe host), ``observed`` (open|closed|...), ``how`` (what answered, e.g.
"refused") and ``ok`` (observed == expect). A planned check without ``observed`` is shown as
"planned" (check mode sends nothing) and is neither ok nor a mismatch.

* :func:`table_rows` and :func:`table_summary` give the cells and the last line of the table
  (the text layout is ``render.report``);
* :func:`sweep_rows` and :func:`sweep_figures` do the same for sweeps of the whole port space (the
  verdict rows and figures of :mod:`sweep`, per probe host), with long port lists cut;
* :func:`reachability_report` gathers what every probe host of a run recorded (its results, its
  sweep, why it could not probe) and what every listener host recorded into one report: results,
  probed, errors, sweeps and the verdict (the message the role fails with, "" when all is well).

Pure Python, no Ansible imports. Any bad input raises OcsModelError naming the value.
"""

from collections.abc import Iterable, Mapping

from .errors import OcsModelError, shown
from .ranges import PortSet

TABLE_COLUMNS = ("flow", "from", "to", "protocol/port", "expected", "observed", "result", "how")
NOT_IN_MODEL_FLOW = "- (not in the model)"
NO_RESULT = "no result (failed or unreachable before probing; see its error above)"
SWEEP_COLUMNS = ("from", "to", "protocol", "swept", "gets through", "expected", "result", "flows")
NOT_IN_MODEL = "(not in the model)"
CELL_PORTS = 40  # longer port lists are cut in the table (the JSON report has them whole)
NOTES_SHOWN = 5  # extra and missing ranges named per row; the rest are counted


def _first_and_count(names):
    """['a', 'b', 'c'] -> 'a +2'; [] -> None."""
    if not names:
        return None
    return names[0] + (f" +{len(names) - 1}" if len(names) > 1 else "")


def _cell_from(result):
    place = result.get("from") or "?"
    return f"{result['probe']} ({place})" if result.get("probe") else place


def _cell_to(result):
    classes = [c for c in str(result.get("to") or "").split(",") if c]
    return f"{result['host']} ({_first_and_count(classes) or '?'})"


def _cell_flow(result):
    flows = result.get("flows") or ([result["flow"]] if result.get("flow") else [])
    return _first_and_count(flows) or NOT_IN_MODEL_FLOW


def _results(results):
    if isinstance(results, (str, Mapping)) or not isinstance(results, Iterable):
        raise OcsModelError(f"results must be a list of check results (or planned checks), not {shown(results)}")
    results = list(results)
    for result in results:
        missing = [key for key in ("host", "protocol", "port") if not isinstance(result, Mapping) or key not in result]
        if missing:
            raise OcsModelError(f"{shown(result)} is not a check result (missing {', '.join(missing)}); "
                                "use the port_check role's results or ocs.firewall.ocs_port_checks")
    return results


def table_rows(results):
    """One row of cells (TABLE_COLUMNS -> text) per result, in the order given."""
    rows = []
    for result in _results(results):
        observed = result.get("observed")
        rows.append({
            "flow": _cell_flow(result),
            "from": _cell_from(result),
            "to": _cell_to(result),
            "protocol/port": f"{result['protocol']}/{result['port']}" + (" (STUN)" if result.get("method") == "stun" else ""),
            "expected": str(result.get("expect", "?")),
            "observed": str(observed or "-"),
            "result": "planned" if observed is None else ("ok" if result.get("ok") else "MISMATCH"),
            "how": str(result.get("how", "")),
        })
    return rows


def table_summary(results):
    """The table's last line: how many checks from how many probe places, and how they came out."""
    results = _results(results)
    probed = [r for r in results if r.get("observed") is not None]
    places = {_cell_from(r) for r in results}
    if not probed:
        return f"{len(results)} checks planned from {len(places)} probe place(s), none probed (check mode)"
    bad = sum(1 for r in probed if not r.get("ok"))
    opened = sum(1 for r in probed if r.get("ok") and r.get("expect") == "open")
    closed = sum(1 for r in probed if r.get("ok") and r.get("expect") == "closed")
    return (f"{len(probed)} checks from {len(places)} probe place(s): {opened} open as expected, "
            f"{closed} closed as expected, {bad} mismatch{'es' if bad != 1 else ''}")


def short_ports(text, limit=CELL_PORTS):
    """'1,3,5,...' -> at most about limit characters, cut at a range, with the number of ports."""
    if len(text) <= limit:
        return text
    ranges = PortSet.parse(text).ranges
    kept, shown_chars = [], 0
    for rng in ranges:
        if shown_chars + len(str(rng)) + 1 > limit:
            break
        kept.append(str(rng))
        shown_chars += len(str(rng)) + 1
    return f"{','.join(kept)},... ({sum(r.size for r in ranges):,} ports in {len(ranges):,} ranges)"


def _flow_names(items, limit=3):
    names = []
    for item in items:
        for fid in item["flows"]:
            if fid not in names:
                names.append(fid)
    return ", ".join(names[:limit]) + (f" +{len(names) - limit}" if len(names) > limit else "")


def _sweep_notes(row):
    """What the flows cell says: the extra and missing ranges, the error or why it was skipped, or
    else the flows that got through as modelled."""
    extra, missing = row.get("extra") or [], row.get("missing") or []
    notes = [f"extra {short_ports(e['ports'])} {NOT_IN_MODEL}" for e in extra[:NOTES_SHOWN]]
    if missing:
        notes += [f"missing {short_ports(m['ports'])} ({_flow_names([m])})" for m in missing[:NOTES_SHOWN]]
        if len(extra) > NOTES_SHOWN or len(missing) > NOTES_SHOWN:
            notes.append(f"{len(extra)} extra and {len(missing)} missing range(s) in all")
    if row.get("error"):
        notes.append(row["error"])
    if row.get("skipped"):
        notes.append(row["skipped"])
    return notes or [_flow_names(row.get("modelled", [])) or "-"]


def _sweeps(sweeps):
    if isinstance(sweeps, (str, Mapping)) or not isinstance(sweeps, Iterable):
        raise OcsModelError(f"sweeps must be a list of sweep results ({{probe, rows, summary}}), not {shown(sweeps)}")
    sweeps = list(sweeps)
    for item in sweeps:
        if not isinstance(item, Mapping) or not isinstance(item.get("rows"), list) \
                or not isinstance(item.get("summary"), Mapping):
            raise OcsModelError(f"{shown(item)} is not a sweep result ({{probe, rows, summary}}); "
                                "use the port_check role's ocs_port_check_sweep_result")
    return sweeps


def sweep_rows(sweeps):
    """One row of cells (SWEEP_COLUMNS -> text) per verdict row of every sweep, in the order given."""
    rows = []
    for row in (r for item in _sweeps(sweeps) for r in item["rows"]):
        if not isinstance(row, Mapping) or any(key not in row for key in ("from", "host", "protocol")):
            raise OcsModelError(f"{shown(row)} is not a sweep verdict row (ocs.firewall.ocs_port_sweep_verdict)")
        if row.get("skipped"):
            result, through = "skipped", "-"
        elif row.get("error"):
            result, through = "ERROR", "-"
        else:
            result, through = ("ok" if row.get("ok") else "MISMATCH"), (row.get("observed") or "none")
        classes = [c for c in str(row.get("to") or "").split(",") if c]
        rows.append({
            "from": f"{row['probe']} ({row['from']})" if row.get("probe") else str(row["from"]),
            "to": f"{row['host']} ({_first_and_count(classes) or '?'})",
            "protocol": str(row["protocol"]),
            "swept": str(row.get("swept", 0)) if not row.get("skipped") else "-",
            "gets through": short_ports(through),
            "expected": short_ports(row.get("expected") or "none"),
            "result": result,
            "flows": "; ".join(_sweep_notes(row)),
        })
    return rows


def sweep_figures(place):
    """One sweep's figures in a line: 'sweep from internet (remote_user): 786,420 address/port pairs
    over 12 address(es), exactly 5 get through, all modelled in 41.2 s'."""
    if place.get("error"):
        return f"sweep from {place['name']}: ERROR {place['error']}"
    if place["extra"] or place["missing"]:
        verdict_text = f"{place['extra']} not in the model, {place['missing']} modelled but blocked: MISMATCH"
    else:
        verdict_text = "all modelled" if place["through"] else "none modelled, none open"
    skipped = f"; skipped {', '.join(place['skipped'])} (own)" if place.get("skipped") else ""
    took = f" in {place['seconds']:.1f} s" if place.get("seconds") is not None else ""
    return (f"sweep from {place['name']}: {place['pairs']:,} address/port pairs over {place['addresses']} "
            f"address(es), exactly {place['through']:,} get through, {verdict_text}{took}{skipped}")


def sweep_summaries(sweeps):
    """The figures line of every sweep, in the order given."""
    try:
        return [sweep_figures(item["summary"]) for item in _sweeps(sweeps)]
    except (KeyError, TypeError, ValueError) as exc:
        raise OcsModelError(f"a sweep summary lacks its figures ({type(exc).__name__}: {exc}); "
                            "use the port_check role's ocs_port_check_sweep_result") from None


def mismatches(results):
    """The results that were probed and differ from the model (a planned check is none)."""
    return [r for r in _results(results) if "ok" in r and not r["ok"]]


def _records(items, what, keys):
    if isinstance(items, (str, Mapping)) or not isinstance(items, Iterable):
        raise OcsModelError(f"{what} must be a list of {{host, ...}} records, not {shown(items)}")
    items = list(items)
    for item in items:
        if not isinstance(item, Mapping) or not isinstance(item.get("host"), str) or not item["host"]:
            raise OcsModelError(f"{what}: {shown(item)} names no host")
        unknown = sorted(set(item) - {"host", *keys})
        if unknown:
            raise OcsModelError(f"{what}: {item['host']} has unknown key(s) {', '.join(unknown)}; "
                                f"known: host, {', '.join(keys)}")
    return items


def _error(value, what):
    """A recorded error: None or "" for none, else text (shown trimmed)."""
    if value is None:
        return None
    if not isinstance(value, str):
        raise OcsModelError(f"{what} must be text, not {shown(value)}")
    return value.strip() if value else None


def _swept(sweep):
    """A sweep that ran (its summary names no error) belongs in the report; a failed one is an error."""
    return isinstance(sweep, Mapping) and isinstance(sweep.get("summary"), Mapping) and sweep["summary"].get("error") == ""


def verdict(results, errors, sweeps):
    """The message the role fails with, "" when every observation agrees with the model and nothing
    failed: the errors, the mismatching checks (probe and id) and the probe hosts whose sweep differs.
    A sweep that was not made (check mode: its summary has no ok) differs from nothing."""
    bad = mismatches(results)
    bad_sweeps = [s for s in sweeps if s["summary"].get("ok") is False]
    message = ""
    if errors:
        message += "; ".join(errors) + ". "
    if bad:
        observations = ", ".join(f"{r.get('probe', '')} {r.get('id', '')}" for r in bad)
        message += f"{len(bad)} observation(s) differ from the model: {observations}. "
    if bad_sweeps:
        places = ", ".join(str(s.get("probe", "")) for s in bad_sweeps)
        message += f"the sweep differs from the model from {places} (see the sweep table)"
    return message


def reachability_report(probes, listeners=()):
    """Every probe host's results, sweep and errors, and every listener host's error, in one report.

    probes: one record per probe host, in the order to report them: {host, results (the host's check
    results; None when it never got to probing), error (why it could not probe, "" for none), sweep
    (its sweep result {probe, rows, summary}, or None), sweep_error}; listeners: {host, error} per
    host with temporary listeners.
    Returns {results (every probed host's results, in order), probed (those hosts), errors ("host:
    why" for a probe host that failed, one without a result, a listener host that failed and a sweep
    that failed), sweeps (the sweeps that ran), verdict ("" or the message to fail with)}.
    """
    probes = _records(probes, "probes", ("results", "error", "sweep", "sweep_error"))
    listeners = _records(listeners, "listeners", ("error",))
    results, probed, failed, missing, sweeps, sweep_failed = [], [], [], [], [], []
    for probe in probes:
        host = probe["host"]
        error = _error(probe.get("error"), f"the error of {host}")
        if error is not None:
            failed.append(f"{host}: {error}")
        elif probe.get("results") is not None:
            results.extend(_results(probe["results"]))
            probed.append(host)
        else:
            missing.append(f"{host}: {NO_RESULT}")
        if _swept(probe.get("sweep")):
            sweeps.append(dict(probe["sweep"]))
        sweep_error = _error(probe.get("sweep_error"), f"the sweep error of {host}")
        if sweep_error is not None:
            sweep_failed.append(f"{host}: {sweep_error}")
    listener_failed = []
    for listener in listeners:
        error = _error(listener.get("error"), f"the listener error of {listener['host']}")
        if error is not None:
            listener_failed.append(f"{listener['host']}: {error}")
    errors = failed + missing + listener_failed + sweep_failed
    return {"results": results, "probed": probed, "errors": errors, "sweeps": sweeps,
            "verdict": verdict(results, errors, sweeps)}
