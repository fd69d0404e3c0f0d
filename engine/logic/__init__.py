"""The rule semantics: conditions in a normal form, compilation to durable_rules, forward chaining (durable,
or the indexed plain-Python engine in `floor`; `rounds` is the straightforward loop the tests hold both to)."""
