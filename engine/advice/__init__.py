"""One consultation: the Adviseur (loads and compiles once), assembling the advice, the plan graph, progress, open questions, explanations; one immutable record per consultation."""
