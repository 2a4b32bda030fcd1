"""The reachability report: what the port_check role's probes observed, as table rows and a verdict.

A check result is a planned check (:func:`checks.plan_checks`) that a probe host has made: the same
record with ``probe`` (the probe host), ``observed`` (open|closed|...), ``how`` (what answered, e.g.
"refused") and ``ok`` (observed == expect). A planned check without ``observed`` is shown as
"planned" (check mode sends nothing) and is neither ok nor a mismatch.

* :func:`table_rows` and :func:`table_summary` give the cells and the last line of the table
  (the text layout is ``render.report``);
* :func:`reachability_report` gathers what every probe host of a run recorded (its results, its
  sweep, why it could not probe) and what every listener host recorded into one report: results,
  probed, errors, sweeps and the verdict (the message the role fails with, "" when all is well).

Pure Python, no Ansible imports. Any bad input raises OcsModelError naming the value.
"""

from collections.abc import Iterable, Mapping

from .errors import OcsModelError, shown

TABLE_COLUMNS = ("flow", "from", "to", "protocol/port", "expected", "observed", "result", "how")
NOT_IN_MODEL_FLOW = "- (not in the model)"
NO_RESULT = "no result (failed or unreachable before probing; see its error above)"


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
        message += (f"{len(bad)} observation(s) differ from the model: "
                    + ", ".join(f"{r.get('probe', '')} {r.get('id', '')}" for r in bad) + ". ")
    if bad_sweeps:
        message += ("the sweep differs from the model from " + ", ".join(str(s.get("probe", "")) for s in bad_sweeps)
                    + " (see the sweep table)")
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
