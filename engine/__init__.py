"""The machinery: load -> validate -> compile -> infer -> plan -> explain -> render."""
