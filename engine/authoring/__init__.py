"""Tools for rule authors: the checker (unreachable, contradictory rules, with witnesses), scenario tests and their pytest plugin, the generated fact reference and JSON Schemas."""
