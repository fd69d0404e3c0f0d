"""Turning a consultation record into what people read or tools take: tekst, markdown, json, html, the plan as mermaid/dot/json, the CLI's Dutch texts, atomic file writes."""
