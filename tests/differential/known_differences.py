"""Every corpus entry where hogmock knowingly differs from ClickHouse, with the reason (query id → reason).

Only genuine, explained semantic differences belong here; a query that fails because hogmock lacks a feature
does not. Each listed entry is asserted to still differ, so fixing one makes the suite say so.
"""

from __future__ import annotations

KNOWN_DIFFERENCES: dict[str, str] = {
    "agg-15": (
        "topK ties: ClickHouse orders equally frequent values by its unstable partial_sort (miniselect) over the "
        "order values were first met in its scan (SpaceSaving::topK), so no value-based rule reproduces it "
        "(chdb: five values seen once in the order e,d,c,b,a give topK(5) = [e,b,c,a,d] but topK(2) = [c,a]); "
        "hogmock breaks ties by the smaller value. Here $autocapture and $pageleave both occur 53 times"
    ),
    "berlin-04": (
        "DST end: hogmock holds team-timezone times as naive wall-clock TIMESTAMPs, so the two 02:00 hours of "
        "25 October 2026 in Europe/Berlin fall into one toStartOfHour group; ClickHouse keeps them apart (21 vs 20)"
    ),
}
