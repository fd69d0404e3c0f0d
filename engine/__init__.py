"""The machinery, one subpackage per stage of a consultation:

source (read files, validate) -> model (facts, knowledge base, rules, advice as data)
-> logic (conditions, compile, infer) -> advice (one consultation) -> render (what people read);
authoring (checker, scenarios, schemas) stands beside advice. errors, terminal and version are
shared by all. Old module paths of the flat layout keep importing (engine/moved.py).
"""

from .moved import install

install()
