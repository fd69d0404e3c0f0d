"""Reading what users and authors give: files (YAML/JSON with line and column of every part), the standard streams, dates; validation of plain data against a model, in Dutch."""
