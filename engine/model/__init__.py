"""Pure data: the facts of an initiative, the knowledge base, the rules, the shared vocabulary and the advice as output. Loading a knowledge base or rule base checks it (through source/)."""
