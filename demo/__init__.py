"""Demo data: Seoul exactly as OGP's member page shows it, plus a synthetic partnership.

Modules: `seoul` (the seed page's records), `pools` (places, words and weights the synthetic
partnership is drawn from), `synthetic` (the seeded generator), `base` (constants, reference
data, writing rows), `loader` (`load_demo()`, `reset_demo_users()`).

`load_demo()` replaces the demo set inside one transaction: it deletes what an earlier run
loaded (Seoul, South Korea and every member whose lead agency website is on the reserved
``.example`` domain, with everything under them, and the demo posts), then loads it again, so
running it twice leaves the same rows. Records staff created for other members are left alone.

The synthetic part is deterministic: one `random.Random(seed)` drawn in a fixed order. At
scale 1 it holds about 75 national and 150 local members, 600 action plans (2011–2025) and
6,000 commitments with milestones, IRM reports and assessments of all three IRM eras,
participation assessments, posts and third-party scores; `scale=10` holds ten times as many
members, plans and commitments (copies of the pools with a number: "Kenya 2").

Rows are written with `bulk_create`, which bypasses django-simple-history: demo records have
no history until someone edits them. Each commitment's effective IRM values are set before it
is written, with the functions `irm.services.refresh_findings()` uses (`findings_for`,
`apply_findings`); `refresh=True` also runs `refresh_all_findings()` afterwards (slow: it
rewrites every commitment with bulk_update), which must change nothing.
"""
