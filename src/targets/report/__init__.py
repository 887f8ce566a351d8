"""Stage 4, reports: renders a `Report` as text, markdown, CSV, JSON, GitHub annotations and
JUnit; builds the briefing (text, markdown, HTML with charts) and the submission template.

Takes models (a `Report`, `Result`s, a `Catalog`); gives strings or bytes. Deterministic: stable
order, rounding only here. Never prints or writes files (the CLI does)."""
