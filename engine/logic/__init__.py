"""The rule semantics: conditions in a normal form, compilation to durable_rules, forward chaining (durable or the plain-Python floor)."""
